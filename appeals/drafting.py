"""The first appeal draft, assembled from plain facts: text functions over a `CaseFacts`.

appeals.drafts.draft_facts() gathers the facts of one appeal (the application, its timeline, the
refusal and its grounds, the argument library, the deadline) into a `CaseFacts`, with every name
read from the database in the draft's language; `assemble()` turns them into the draft's text with
the draft's language active, so its words come from the catalogues (context "appeal draft…") in
the *draft's* language, whatever language the person's pages are in. No queries here: the
functions can be tested line by line.

The text is plain, with the light markup the editor shows as is and the Word export understands
(config.docx_export):

    # Title                  a heading (## a section, ### a sub-section)
    > quoted words           the authority's own words, set apart
    - item                   a list item (facts, citations)
    **words**                bold (an argument's title)
    [Note: …]                a note for the volunteer, to be deleted before filing

Every ground of the refusal is quoted and followed by the library's arguments for its reason; a
ground the library has nothing for gets a note asking for one, never invented text.

Longer than the 600 lines the house allows, on purpose: one module per draft, its sections in
the order the draft reads, so that a lawyer checking a sentence of the draft finds the function
that wrote it by reading down; split, the order would be lost across files.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import dateformat, translation
from django.utils.dates import MONTHS_ALT
from django.utils.translation import npgettext, pgettext, pgettext_lazy

from appeals import kazakh_cases

DRAFT_LANGUAGES = ("en", "ru", "kk")  # languages with catalogue wording (and templates in the library)

# --- the facts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CitationText:
    instrument: str
    article_or_paragraph: str = ""
    url: str = ""
    confirmed: bool = True  # a citation not yet read in the text is marked for checking

    def render(self, language: str = "en") -> str:
        text = ", ".join(part for part in (self.instrument, self.article_or_paragraph) if part)
        if self.url:
            text = f"{text} — {self.url}"
        if not self.confirmed:
            with translation.override(language):
                verify = pgettext("appeal draft: after a citation not yet read in the text", "[verify]")
                text = f"{text} {verify}"
        return text


@dataclass(frozen=True)
class ArgumentText:
    title: str
    text: str
    citations: tuple[CitationText, ...] = ()
    code: str = ""  # the library's code and version, recorded on the draft (arguments_used)
    version: int = 0
    shared: bool = True  # False: the group's own argument
    in_force_from: dt.date | None = None  # the day the law or ruling it rests on holds from; None: always


@dataclass(frozen=True)
class GroundText:
    reason_code: str
    reason_name: str  # the taxonomy's name in the draft's language, as the database has it
    legal_basis: str
    quote: str  # the authority's own words
    arguments: tuple[ArgumentText, ...] = ()


@dataclass(frozen=True)
class TimelineFact:
    on: dt.date
    kind: str  # TimelineEntry.Kind code
    summary: str
    details: str = ""


@dataclass(frozen=True)
class DeadlineText:
    """The appeal's filing deadline: computed from a rule (`rule_code` set) or given by a person."""

    due_on: dt.date
    source: str = ""  # the rule's citation in the draft's language, as the database has it
    rule_code: str = ""  # e.g. pre-trial-complaint, court-claim
    start: dt.date | None = None
    count: int = 0
    unit: str = ""  # calendar_days / working_days / months
    rolled: bool = False  # the period's last day was not a working day and moved
    needs_verification: bool = False
    title: str = ""  # for a deadline a person gave


@dataclass(frozen=True)
class TemplateText:
    heading: str
    request: str
    closing: str


@dataclass(frozen=True)
class CaseFacts:
    language: str
    venue: str
    template: TemplateText
    lead: str
    authority: str
    decision_date: dt.date
    co_organizers: tuple[str, ...] = ()
    applicants: tuple[str, ...] = ()
    jurisdiction: str = ""
    event_title: str = ""
    event_type: str = ""
    event_day: dt.date | None = None
    place: str = ""
    route: str = ""
    filed_on: dt.date | None = None
    filing_reference: str = ""
    decision_number: str = ""
    decision_received_on: dt.date | None = None
    response_due_on: dt.date | None = None
    answered_late: bool = False
    timeline: tuple[TimelineFact, ...] = ()
    grounds: tuple[GroundText, ...] = ()
    no_alternative: tuple[ArgumentText, ...] = ()  # only when the place-taken ground came without an alternative
    standards: tuple[ArgumentText, ...] = ()
    remedy: tuple[ArgumentText, ...] = ()  # only when the remedy cannot come before the event day
    remedy_before_event: bool | None = None
    deadline: DeadlineText | None = None
    notes: tuple[str, ...] = ()  # notes for the volunteer, put at the top


# --- the words, from the catalogues -----------------------------------------------------------------
# Every sentence of the draft is a catalogue message (context "appeal draft…"), rendered while the
# draft's language is active (assemble() and the helpers below switch to it), so `messages-check`
# sees it and a translator edits it where every other message lives. What the catalogue cannot hold
# is the ending a Kazakh date takes from its sentence: appeals.kazakh_cases. Names (the authority,
# the reasons, a rule's citation) come translated from the database, through drafts.draft_facts().

EVENT_TYPES = {
    # How the sentence naming the refusal names the event: the dative in Russian ("по шествию"), the
    # possessive after the title in Kazakh ("«Әйелдер шеруі» шеруі").
    "march": pgettext_lazy("appeal draft: the kind of event a refusal concerns", "march"),
    "rally": pgettext_lazy("appeal draft: the kind of event a refusal concerns", "rally"),
    "picket": pgettext_lazy("appeal draft: the kind of event a refusal concerns", "picket"),
    "meeting": pgettext_lazy("appeal draft: the kind of event a refusal concerns", "meeting"),
    "demonstration": pgettext_lazy("appeal draft: the kind of event a refusal concerns", "demonstration"),
    "other": pgettext_lazy("appeal draft: the kind of event a refusal concerns", "assembly"),
}

TIMELINE_KINDS = {
    "meeting": pgettext_lazy("appeal draft: a fact of the case", "Meeting with officials"),
    "call": pgettext_lazy("appeal draft: a fact of the case", "Call"),
    "letter": pgettext_lazy("appeal draft: a fact of the case", "Letter"),
    "pressure": pgettext_lazy("appeal draft: a fact of the case", "Pressure to withdraw"),
    "revision_requested": pgettext_lazy("appeal draft: a fact of the case", "Request to revise"),
}
FACT_KINDS = ("filed", "meeting", "call", "letter", "pressure", "revision_requested")

# What the document is called, per venue, as the object of "decide …" (the deadline and urgency
# sentences name it): the accusative in Russian and Kazakh.
DOCUMENT_KIND = {
    "higher_authority": pgettext_lazy("appeal draft: the document to be decided", "this complaint"),
    "court": pgettext_lazy("appeal draft: the document to be decided", "this claim"),
    "prosecutor": pgettext_lazy("appeal draft: the document to be decided", "this appeal"),
    "ombudsman": pgettext_lazy("appeal draft: the document to be decided", "this appeal"),
    "un_committee": pgettext_lazy("appeal draft: the document to be decided", "this communication"),
}

# What a rule's period counts from, per rule code. In Kazakh the words are followed by "бастап"
# (from), so the date stands apart in brackets.
RULE_START = {
    "pre-trial-complaint": pgettext_lazy(
        "appeal draft: a period counts from", "the day the refusal was received, %(date)s"
    ),
    "court-claim": pgettext_lazy("appeal draft: a period counts from", "the day the decision was delivered, %(date)s"),
}


def _case_of_month(text: str, day: dt.date, case: str) -> str:
    """A Kazakh date with its month's name in the case of the sentence (appeals.kazakh_cases)."""
    form = kazakh_cases.month_in_case(day.month, case)
    return text.replace(str(MONTHS_ALT[day.month]), form) if form else text


def period_text(count: int, unit: str) -> str:
    """A period as a sentence says it ("three months", "10 working days"), in the active language."""
    if unit == "months" and count == 1:
        return pgettext("appeal draft: a period", "one month")
    if unit == "months" and count == 3:
        return pgettext("appeal draft: a period", "three months")
    if unit == "months":
        return npgettext("appeal draft: a period", "%(n)s month", "%(n)s months", count) % {"n": count}
    if unit == "working_days":
        return npgettext("appeal draft: a period", "%(n)s working day", "%(n)s working days", count) % {"n": count}
    if unit == "calendar_days":
        return npgettext("appeal draft: a period", "%(n)s calendar day", "%(n)s calendar days", count) % {"n": count}
    return str(count)


def draft_language(asked: str, available: set[str] | tuple[str, ...]) -> str:
    """The language the draft is written in: the one asked for if a template exists in it, else
    Russian (the language of Kazakh courts beside Kazakh), else English."""
    if asked in available and asked in DRAFT_LANGUAGES:
        return asked
    for fallback in ("ru", "en"):
        if fallback in available:
            return fallback
    return "en"


def fallback_note(asked: str, used: str) -> str:
    with translation.override(used):
        return pgettext("appeal draft", "[Note: there is no template in %(asked)s yet; this draft is in English.]") % {
            "asked": asked
        }


def format_date(day: dt.date | None, language: str, case: str = "") -> str:
    """The date as the draft's language writes it: Django's date format from the catalogue, whose
    "E" is the month's name inside a date (the genitive in Russian: "26 ноября 2021 г."; the
    lower-case nominative in Kazakh). `case` is what the sentence makes of the date: "on", "of",
    "from" or "until"; only Kazakh marks it, on the month's name (appeals.kazakh_cases)."""
    if day is None:
        return ""
    with translation.override(language):
        # Translators: a date in an appeal draft, in Django's date format ("j" day, "F" month,
        # "E" the month as a date writes it, "Y" year); letters of your alphabet stay as written.
        text = dateformat.format(day, pgettext("appeal draft: how a date is written", "j F Y"))
        if case and translation.get_language() == "kk":
            text = _case_of_month(text, day, case)
    return text


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def fill(template: str, values: dict[str, str]) -> str:
    """Replace {name} with values[name]; unknown names stay as typed (a template a volunteer edited
    with a typo must still produce a draft, with the typo visible)."""
    return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), template)


def quote_block(text: str) -> list[str]:
    """The authority's words as quotation lines ("> …"), one per line of the original."""
    lines = [line.strip() for line in (text or "").strip().splitlines()]
    return [f"> {line}" if line else ">" for line in lines]


# --- assembling -------------------------------------------------------------------------------------
# Every function below runs while the draft's language is active: assemble() switches to it.


def decision_number_text(number: str) -> str:
    """ ", No. 12" after a decision's date ("от 26 ноября 2021 г. № 12"); "" without a number."""
    if not number:
        return ""
    return pgettext("appeal draft: a decision's number after its date", ", No. %(number)s") % {"number": number}


def template_values(facts: CaseFacts) -> dict[str, str]:
    """What a template's {placeholders} stand for. {decision} names the refusal: "of 26 November
    2021, No. 12"; "от 26 ноября 2021 г. № 12"; in Kazakh the date's "of" form, which the template
    follows with its noun ("2021 жылғы 26 қарашадағы № 12 бас тарту")."""
    lang = facts.language
    with translation.override(lang):
        organizations = ", ".join((facts.lead, *facts.co_organizers))
        decision = pgettext("appeal draft: the refusal a template names", "of %(date)s") % {
            "date": format_date(facts.decision_date, lang, "of")
        }
        decision += decision_number_text(facts.decision_number)
        return {
            "authority": facts.authority,
            "decision": decision,
            "decision_date": format_date(facts.decision_date, lang),
            "decision_number": facts.decision_number or "—",
            "lead": facts.lead,
            "organizations": organizations,
            "signatories": ", ".join(facts.applicants) or organizations,
            "event_title": facts.event_title,
            "event_day": format_date(facts.event_day, lang) or "—",
            "place": facts.place,
            "jurisdiction": facts.jurisdiction,
        }


def assemble(facts: CaseFacts) -> str:
    """The whole first draft, in facts.language whatever language is active."""
    with translation.override(facts.language):
        values = template_values(facts)
        blocks: list[list[str]] = []
        if facts.notes:
            blocks.append(list(facts.notes))
        blocks.append(fill(facts.template.heading, values).strip().splitlines())
        blocks += who_appeals(facts)
        blocks += decision_appealed(facts)
        blocks += facts_section(facts)
        blocks += grounds_section(facts)
        blocks += no_alternative_section(facts)
        blocks += standards_section(facts)
        blocks += since_then_section(facts)
        blocks += deadline_section(facts)
        request = fill(facts.template.request, values).strip()
        if request:
            blocks.append(["## " + pgettext("appeal draft: a section heading", "What we ask")])
            blocks.append(request.splitlines())
        closing = fill(facts.template.closing, values).strip()
        if closing:
            blocks.append(closing.splitlines())
    text = "\n\n".join("\n".join(block) for block in blocks if block).strip() + "\n"
    # A Russian date ends with "г." — a sentence ending on one needs no second full stop.
    return re.sub(r"(\d г)\.\.", r"\1.", text)


def held_when_decided(argument: ArgumentText, facts: CaseFacts) -> bool:
    """Whether the argument's law or ruling was in force on the day of the decision appealed. An
    administrative act's lawfulness is judged by the law in force when it was taken, so the day that
    counts is the decision's date (`decided_on`), not the day the organizer received it (which only
    starts the appeal period) nor the day of the appeal."""
    return argument.in_force_from is None or argument.in_force_from <= facts.decision_date


def _remedy_argued(facts: CaseFacts) -> bool:
    return bool(facts.event_day) and facts.remedy_before_event is False


def later_developments(facts: CaseFacts) -> list[ArgumentText]:
    """The library's arguments for this draft that rest on law or rulings that came after the
    decision, each once, in the order the draft would otherwise have cited them."""
    candidates = [argument for ground in facts.grounds for argument in ground.arguments]
    candidates += [*facts.no_alternative, *facts.standards]
    if _remedy_argued(facts):
        candidates += facts.remedy
    later: list[ArgumentText] = []
    for argument in candidates:
        if not held_when_decided(argument, facts) and argument not in later:
            later.append(argument)
    return later


def arguments_used(facts: CaseFacts) -> list[dict]:
    """The library arguments assemble() puts in the text, each once, in the order they appear:
    [{"code", "version", "shared"}] — what a draft revision records as its sources."""
    used = [argument for ground in facts.grounds for argument in ground.arguments]
    used += [*facts.no_alternative, *facts.standards]
    used = [argument for argument in used if held_when_decided(argument, facts)]
    used += later_developments(facts)
    if _remedy_argued(facts):
        used += [argument for argument in facts.remedy if held_when_decided(argument, facts)]
    seen, result = set(), []
    for argument in used:
        key = (argument.code, argument.version, argument.shared)
        if argument.code and key not in seen:
            seen.add(key)
            result.append({"code": argument.code, "version": argument.version, "shared": argument.shared})
    return result


def who_appeals(facts: CaseFacts) -> list[list[str]]:
    lines = [pgettext("appeal draft", "Lead organizer: %(lead)s.") % {"lead": facts.lead}]
    if facts.co_organizers:
        lines.append(pgettext("appeal draft", "Co-organizers: %(names)s.") % {"names": ", ".join(facts.co_organizers)})
    if facts.applicants:
        signed = pgettext("appeal draft", "The application was signed by: %(names)s.")
        lines.append(signed % {"names": ", ".join(facts.applicants)})
    return [["## " + pgettext("appeal draft: a section heading", "Who appeals")], lines]


def decision_appealed(facts: CaseFacts) -> list[list[str]]:
    lang = facts.language
    received = ""
    if facts.decision_received_on and facts.decision_received_on != facts.decision_date:
        received = pgettext("appeal draft: after the refusal's date", " (received on %(date)s)") % {
            "date": format_date(facts.decision_received_on, lang, "on")
        }
    day = ""
    if facts.event_day:
        day = pgettext("appeal draft: after the event's title", " planned for %(date)s") % {
            "date": format_date(facts.event_day, lang)
        }
    place = ""
    if facts.place:
        place = pgettext("appeal draft: after the event's day", " at %(place)s") % {"place": facts.place}
    # Kazakh: the authority's name is the subject of its clause ("{authority} берген … бас тартуға",
    # the refusal {authority} gave), so a name typed in any language needs no case ending; the date
    # is in its "of" form, the date received "on", the event's day in the nominative.
    sentence = pgettext(
        "appeal draft",
        "The refusal of %(authority)s dated %(date)s%(number)s%(received)s, concerning the %(event)s "
        "“%(title)s”%(day)s%(place)s.",
    ) % {
        "authority": facts.authority,
        "date": format_date(facts.decision_date, lang, "of"),
        "number": decision_number_text(facts.decision_number),
        "received": received,
        "event": EVENT_TYPES.get(facts.event_type, EVENT_TYPES["other"]),
        "title": facts.event_title,
        "day": day,
        "place": place,
    }
    block = [sentence]
    if facts.route:
        block.append(pgettext("appeal draft", "Route: %(route)s") % {"route": facts.route})
    return [["## " + pgettext("appeal draft: a section heading", "The decision appealed")], block]


def fact_lines(facts: CaseFacts) -> list[str]:
    """The timeline in date order: the filing with its registration date and number, meetings,
    calls, letters, pressure to withdraw, requests to revise; then the refusal itself."""
    lang = facts.language
    dated: list[tuple[dt.date, int, str]] = []
    if facts.filed_on:
        number = ""
        if facts.filing_reference:
            number = pgettext("appeal draft: after the registration date", " under No. %(number)s") % {
                "number": facts.filing_reference
            }
        filed = pgettext(
            "appeal draft", "The application was filed with %(authority)s and registered on %(date)s%(number)s."
        ) % {"authority": facts.authority, "date": format_date(facts.filed_on, lang, "on"), "number": number}
        dated.append((facts.filed_on, 0, filed))
    for position, fact in enumerate(facts.timeline, start=1):
        if fact.kind not in FACT_KINDS or fact.kind == "filed":
            continue  # the filing is told from the application's own dates above
        text = fact.summary.strip().rstrip(".")
        if fact.details.strip():
            text = f"{text}. {' '.join(fact.details.split())}"
        text = text if text.endswith((".", "!", "?", "»", '"', "”")) else f"{text}."
        dated.append((fact.on, position, f"{TIMELINE_KINDS.get(fact.kind, fact.kind)}: {text}"))
    number = ""
    if facts.decision_number:
        number = pgettext("appeal draft: a decision's number after 'refused'", ", No. %(number)s") % {
            "number": facts.decision_number
        }
    refused = pgettext("appeal draft", "%(authority)s refused%(number)s.") % {
        "authority": facts.authority,
        "number": number,
    }
    dated.append((facts.decision_date, 10**6, refused))
    dated.sort(key=lambda item: (item[0], item[1]))
    return [f"- {format_date(on, lang)} — {text}" for on, _position, text in dated]


def facts_section(facts: CaseFacts) -> list[list[str]]:
    lang = facts.language
    blocks = [["## " + pgettext("appeal draft: a section heading", "The facts")], fact_lines(facts)]
    if facts.answered_late and facts.response_due_on:
        # Kazakh: the due date "from" (…кешіктірілмей, not later than), the refusal's date "on".
        late = pgettext(
            "appeal draft",
            "The answer was due by %(due)s; the refusal is dated %(date)s, after the period the law allows.",
        ) % {
            "due": format_date(facts.response_due_on, lang, "from"),
            "date": format_date(facts.decision_date, lang, "on"),
        }
        blocks.append([late])
    return blocks


def argument_blocks(argument: ArgumentText, language: str) -> list[list[str]]:
    blocks = []
    text = argument.text.strip()
    if argument.title.strip():
        blocks.append([f"**{argument.title.strip()}**"] if not text else [f"**{argument.title.strip()}.** " + text])
    elif text:
        blocks.append([text])
    if argument.citations:
        sources = pgettext("appeal draft", "Sources:")
        blocks.append([sources, *(f"- {c.render(language)}" for c in argument.citations)])
    return blocks


_LAW_333_BASIS = re.compile(r"^Law 333-VI Art\. (\d+) p\. (\d+)(?: subs?\. ([\d, ]+))?$")


def legal_basis_text(basis: str, language: str) -> str:
    """The taxonomy's legal basis, stored in English ("Law 333-VI Art. 14 p. 1 sub. 10"), in the
    legal word order of the draft's language: "подп. 10 п. 1 ст. 14 Закона № 333-VI", "№ 333-VI
    Заңның 14-бабы 1-тармағының 10) тармақшасы"; anything else as stored."""
    match = _LAW_333_BASIS.match(basis.strip())
    if not match:
        return basis
    article, paragraph, subs = match.groups()
    values = {"article": article, "paragraph": paragraph}
    with translation.override(language):
        if not subs:
            return pgettext("appeal draft: a legal basis", "Law 333-VI Art. %(article)s p. %(paragraph)s") % values
        numbers = [number.strip() for number in subs.split(",") if number.strip()]
        values["subs"] = ", ".join(
            pgettext("appeal draft: a subparagraph's number in a legal basis", "%(number)s") % {"number": number}
            for number in numbers
        )
        return (
            npgettext(
                "appeal draft: a legal basis",
                "Law 333-VI Art. %(article)s p. %(paragraph)s sub. %(subs)s",
                "Law 333-VI Art. %(article)s p. %(paragraph)s subs. %(subs)s",
                len(numbers),
            )
            % values
        )


def grounds_section(facts: CaseFacts) -> list[list[str]]:
    lang = facts.language
    title = pgettext("appeal draft: a section heading", "The grounds of the refusal and why they do not stand")
    blocks = [[f"## {title}"]]
    answered: dict[ArgumentText, int] = {}  # an argument already given, and the ground it answered
    for number, ground in enumerate(facts.grounds, start=1):
        name = ground.reason_name
        if ground.legal_basis:
            name = f"{name} ({legal_basis_text(ground.legal_basis, lang)})"
        heading = pgettext("appeal draft: a sub-section heading", "Ground %(n)s: %(name)s")
        heading %= {"n": number, "name": name}
        blocks.append([f"### {heading}"])
        if ground.quote.strip():
            blocks.append([pgettext("appeal draft", "The authority wrote:"), *quote_block(ground.quote)])
        else:
            blocks.append(
                [
                    pgettext(
                        "appeal draft",
                        "[Note: the authority's words for this ground are not recorded. Quote the letter here.]",
                    )
                ]
            )
        binding = [argument for argument in ground.arguments if held_when_decided(argument, facts)]
        if ground.arguments and not binding:
            blocks.append(
                [
                    pgettext(
                        "appeal draft",
                        "[Note: the library's answer to this ground rests on law or rulings that came after the "
                        "decision; it is under “Since then” below. Answer the ground here from the law of the time.]",
                    )
                ]
            )
        elif binding:
            for argument in binding:
                if argument in answered:
                    same = pgettext("appeal draft", "The same answer applies as to ground %(n)s: %(title)s.") % {
                        "n": answered[argument],
                        "title": argument.title.strip().rstrip("."),
                    }
                    blocks.append([same])
                    continue
                answered[argument] = number
                blocks += argument_blocks(argument, lang)
        else:
            blocks.append(
                [
                    pgettext(
                        "appeal draft",
                        "[Note: the argument library has nothing for this ground yet. Write the answer here, "
                        "and add it to the library for the next appeal.]",
                    )
                ]
            )
    return blocks


def no_alternative_section(facts: CaseFacts) -> list[list[str]]:
    arguments = [argument for argument in facts.no_alternative if held_when_decided(argument, facts)]
    if not arguments:
        return []
    blocks = [["## " + pgettext("appeal draft: a section heading", "No other place or time was offered")]]
    for argument in arguments:
        blocks += argument_blocks(argument, facts.language)
    return blocks


def standards_section(facts: CaseFacts) -> list[list[str]]:
    arguments = [argument for argument in facts.standards if held_when_decided(argument, facts)]
    if not arguments:
        return []
    blocks = [["## " + pgettext("appeal draft: a section heading", "The standards the refusal must meet")]]
    for argument in arguments:
        blocks += argument_blocks(argument, facts.language)
    return blocks


def since_then_section(facts: CaseFacts) -> list[list[str]]:
    """What came after the decision: not cited as binding on the authority, but worth telling the
    body that reviews it (it shows how the question is decided now), each with its date."""
    later = later_developments(facts)
    if not later:
        return []
    lang = facts.language
    # Kazakh: the decision's date in its "of" form ("…қарашадағы шешімнен кейін").
    intro = pgettext(
        "appeal draft",
        "Since then, the law has moved on. What follows came after the decision of %(date)s and did not bind the "
        "authority when it decided; it shows how the question is decided now.",
    ) % {"date": format_date(facts.decision_date, lang, "of")}
    blocks = [["## " + pgettext("appeal draft: a section heading", "Since then")], [intro]]
    for argument in later:
        # Kazakh: the date "from" (…бастап).
        since = pgettext("appeal draft: before a later argument", "Since %(date)s:") % {
            "date": format_date(argument.in_force_from, lang, "from")
        }
        blocks.append([since])
        blocks += argument_blocks(argument, lang)
    return blocks


def document_kind(venue: str) -> str:
    return str(DOCUMENT_KIND.get(venue, DOCUMENT_KIND["prosecutor"]))


CHECK_THE_DATE = pgettext_lazy("appeal draft", "[Note: check this date against the current law before filing.]")


def deadline_lines(facts: CaseFacts) -> list[str]:
    lang = facts.language
    deadline = facts.deadline
    if deadline is None:
        return [
            pgettext(
                "appeal draft",
                "[Note: Ruqsat knows no rule for this venue's deadline. Find it and add it as a deadline of the "
                "appeal.]",
            )
        ]
    due = format_date(deadline.due_on, lang)
    if not deadline.rule_code:
        given = pgettext("appeal draft", "The last day to file: %(due)s (%(title)s).") % {
            "due": due,
            "title": deadline.title or document_kind(facts.venue),
        }
        return [given, str(CHECK_THE_DATE)]
    if deadline.rule_code in RULE_START:
        start = RULE_START[deadline.rule_code] % {"date": format_date(deadline.start, lang)}
    else:
        start = format_date(deadline.start, lang, "from")  # a bare date; Kazakh says it "from"
    rolled = ""
    if deadline.rolled:
        rolled = pgettext(
            "appeal draft: after the period's last day",
            " (the period ends on a day off and moves to the next working day)",
        )
    period = pgettext(
        "appeal draft", "The period to file: %(period)s from %(start)s (%(source)s); the last day is %(due)s%(rolled)s."
    ) % {
        "period": period_text(deadline.count, deadline.unit),
        "start": start,
        "source": deadline.source,
        "due": due,
        "rolled": rolled,
    }
    if deadline.needs_verification:
        check = pgettext(
            "appeal draft",
            "[Note: check this date against the current law before filing; how the period is counted is not yet "
            "confirmed in the text.]",
        )
    else:
        check = str(CHECK_THE_DATE)
    return [period, check]


def deadline_section(facts: CaseFacts) -> list[list[str]]:
    lang = facts.language
    kind = document_kind(facts.venue)
    title = pgettext("appeal draft: a section heading", "The deadline and the urgency")
    blocks = [[f"## {title}"], deadline_lines(facts)]
    if facts.event_day:
        # Kazakh: the event's day "on" here, "until" in the next sentence.
        urgency = [
            pgettext(
                "appeal draft",
                "The assembly is planned for %(date)s. We ask that %(kind)s be decided before that day, so that the "
                "assembly can still take place.",
            )
            % {"date": format_date(facts.event_day, lang, "on"), "kind": kind}
        ]
        if facts.remedy_before_event is False:
            urgency.append(
                pgettext(
                    "appeal draft",
                    "The time the law allows for the review ends after the day of the assembly: unless it is decided "
                    "before %(date)s, the remedy cannot be effective.",
                )
                % {"date": format_date(facts.event_day, lang, "until")}
            )
        blocks.append(urgency)
        if facts.remedy_before_event is False:
            for argument in facts.remedy:
                if held_when_decided(argument, facts):
                    blocks += argument_blocks(argument, lang)
    return blocks
