"""Kazakh appeal drafts (issue 8): the Almaty refusal drafted in Kazakh from the seeded library, a
Kazakh template for every venue, the Word export keeping the Kazakh letters (and LibreOffice
opening it), and the Kazakh words of the assembler itself."""

import io

import pytest
from docx import Document

from appeals.drafting import format_date, legal_basis_text
from appeals.drafts import draft_export_docx
from appeals.models import Argument, DraftTemplate, Venue
from appeals.services import appeal_open
from tests.appeals.conftest import CONFLICT_QUOTE, WORKS_QUOTE, D
from tests.libreoffice import pdf_of

KAZAKH_LETTERS = "әғқңөұүһі"
ICCPR_21_KK = "Азаматтық және саяси құқықтар туралы халықаралық пакт, 21-бап"


@pytest.fixture
def kazakh_appeal(world, refused):
    application, decision = refused
    # A signatory whose name has the rarest Kazakh letter (һ), so the export test sees all nine.
    application.applicants.create(name="Шаһизада Әбдіғалиқызы")
    return appeal_open(decision=decision, venue="higher_authority", by=world.coordinator, language="kk")


def test_the_almaty_refusal_is_drafted_in_kazakh_with_both_grounds_quoted_word_for_word(kazakh_appeal):
    text = kazakh_appeal.draft.text
    assert kazakh_appeal.language == "kk"
    assert f"> {CONFLICT_QUOTE}" in text
    assert f"> {WORKS_QUOTE}" in text
    # The reasons' names as the database has them in Kazakh (RefusalReason.name_kk).
    assert "### 1-негіз: Басқа іс-шараның өткізілуі (№ 333-VI Заңның 14-бабы 1-тармағының 10) тармақшасы)" in text
    assert "### 2-негіз: Жөндеу немесе құрылыс жұмыстары" in text
    assert "## Бас тарту негіздері және біздің қарсылықтарымыз" in text
    assert "## Мерзім және шұғылдық" in text


def test_the_kazakh_draft_writes_dates_and_the_decision_the_kazakh_way(kazakh_appeal):
    text = kazakh_appeal.draft.text
    assert "бейбіт жиналысты келісуден бас тартуға шағым" in text.splitlines()[2]
    assert "берген 2021 жылғы 26 қарашадағы бейбіт жиналысты келісуден бас тартуға шағым" in text
    assert "- 2021 жылғы 16 қараша — Өтініш" in text  # the facts, dated in the nominative
    assert "Бейбіт жиналысты 2022 жылғы 8 наурызда өткізу жоспарланған." in text
    assert "бас тарту алынған күннен (2021 жылғы 26 қараша) бастап үш ай (Қазақстан Республикасының Әкімшілік" in text
    assert "(ӘРПК), 2020 жылғы 29 маусымдағы № 350-VI, 92-бап, 1-тармақ); соңғы күні — 2022 жылғы 28 ақпан" in text
    assert "26 ноября" not in text and "26 November" not in text


def test_the_kazakh_draft_cites_article_21_of_the_covenant_in_kazakh_and_has_no_fallback_note(kazakh_appeal):
    text = kazakh_appeal.draft.text
    assert f"- {ICCPR_21_KK}" in text
    assert "Бейбіт жиналыстар құқығы танылады." in text
    assert "[Примечание" not in text and "[Note" not in text and "Основание" not in text
    assert not kazakh_appeal.draft.revisions.get().note  # no "there is no template" note


@pytest.mark.parametrize("venue", Venue.values)
def test_every_venue_has_a_kazakh_template_and_drafts_in_kazakh(world, refused, venue):
    template = DraftTemplate.objects.get(venue=venue, language="kk")
    appeal = appeal_open(decision=refused[1], venue=venue, by=world.coordinator, language="kk")
    assert appeal.language == "kk"
    assert appeal.draft.text.startswith(template.heading.splitlines()[0].split("{")[0])
    assert "[Ескерту: «" not in appeal.draft.text  # the fallback note


def test_every_argument_of_the_library_has_a_kazakh_text_citing_what_the_english_one_cites(db):
    english = Argument.objects.in_language("en")
    kazakh = {a.code: a for a in Argument.objects.in_language("kk").prefetch_related("citations", "reasons")}
    assert set(kazakh) == set(english.values_list("code", flat=True))
    for argument in english.prefetch_related("citations", "reasons"):
        translation = kazakh[argument.code]
        assert translation.citations.count() == argument.citations.count(), argument.code
        assert all(c.confirmed for c in translation.citations.all())
        assert {r.code for r in translation.reasons.all()} == {r.code for r in argument.reasons.all()}
        assert (translation.kind, translation.venues) == (argument.kind, argument.venues)


def test_the_kazakh_templates_name_the_decision_with_its_noun_after_the_date(db):
    for template in DraftTemplate.objects.filter(language="kk"):
        for text in (template.heading, template.request, template.closing):
            # "{decision}" is "2021 жылғы 26 қарашадағы № 12": a noun must follow it, never a bracket or a stop.
            for following in text.split("{decision}")[1:]:
                assert following.startswith((" бас тарту", " бейбіт", " шешім")), (template.venue, following[:30])


def test_the_word_export_of_a_kazakh_draft_keeps_every_kazakh_letter(kazakh_appeal):
    assert set(KAZAKH_LETTERS) <= set(kazakh_appeal.draft.text)
    _name, content = draft_export_docx(kazakh_appeal)
    document = Document(io.BytesIO(content))
    exported = "\n".join(paragraph.text for paragraph in document.paragraphs)
    for letter in KAZAKH_LETTERS:
        assert letter in exported, letter
    assert "Шаһизада Әбдіғалиқызы" in exported
    assert f"{ICCPR_21_KK}" in exported
    assert document.core_properties.language == "kk-KZ"
    note = next(p for p in document.paragraphs if p.text.startswith("[Ескерту:"))
    assert note.runs[0].font.highlight_color is not None  # a note for the volunteer, not for filing


def test_libreoffice_converts_the_kazakh_word_file_to_pdf(kazakh_appeal, tmp_path):
    assert pdf_of(draft_export_docx(kazakh_appeal)[1], tmp_path).startswith(b"%PDF")


def test_kazakh_dates_take_the_case_of_their_sentence():
    day = D(2021, 11, 26)
    assert format_date(day, "kk") == "2021 жылғы 26 қараша"
    assert format_date(day, "kk", "of") == "2021 жылғы 26 қарашадағы"
    assert format_date(day, "kk", "on") == "2021 жылғы 26 қарашада"
    assert format_date(day, "kk", "from") == "2021 жылғы 26 қарашадан"
    assert format_date(D(2022, 3, 8), "kk", "until") == "2022 жылғы 8 наурызға"
    assert format_date(D(2022, 9, 1), "kk", "of") == "2022 жылғы 1 қыркүйектегі"  # front vowels, voiceless end
    assert format_date(D(2022, 6, 1), "kk", "from") == "2022 жылғы 1 маусымнан"  # after м: -нан
    assert format_date(day, "ru", "of") == "26 ноября 2021 г."  # only Kazakh marks the case
    assert format_date(day, "en", "on") == "26 November 2021"


def test_the_legal_basis_is_cited_in_kazakh_word_order():
    assert (
        legal_basis_text("Law 333-VI Art. 14 p. 1 sub. 10", "kk")
        == "№ 333-VI Заңның 14-бабы 1-тармағының 10) тармақшасы"
    )
    assert (
        legal_basis_text("Law 333-VI Art. 14 p. 1 subs. 1, 3", "kk")
        == "№ 333-VI Заңның 14-бабы 1-тармағының 1), 3) тармақшалары"
    )
    assert legal_basis_text("Law 333-VI Art. 11 p. 1", "kk") == "№ 333-VI Заңның 11-бабының 1-тармағы"
