"""Seeded data shown to people in English, Russian and Kazakh (django-modeltranslation).

Each field listed here gains `<field>_en`, `<field>_ru` and `<field>_kk` columns; reading `name`
gives the active language's text, or the English one where a row has none. Codes (refusal reason
codes, jurisdiction codes, rule codes) stay untranslated: the API and the decisions name rows by them.
A rule's citation (law, article, paragraph) is translated, so a deadline names its source in the
reader's language (Deadline.source_citation), and so are a refusal reason's legal basis (shown beside
the ground on the application page) and a rule's note on counting (the "Why verify" note).
"""

from modeltranslation.translator import TranslationOptions, register

from permits.models import Authority, DeadlineRule, Jurisdiction, RefusalReason


@register(RefusalReason)
class RefusalReasonTranslationOptions(TranslationOptions):
    fields = ("name", "description", "legal_basis")


@register(Jurisdiction)
class JurisdictionTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Authority)
class AuthorityTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(DeadlineRule)
class DeadlineRuleTranslationOptions(TranslationOptions):
    fields = ("description", "when_missed", "law", "article", "paragraph", "counting_note")
