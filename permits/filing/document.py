"""The filing's text: a notification (Art. 10) or an application for approval (Art. 12), in the
light markup config.docx_export writes as Word (headings, `- ` items, `**bold**`, `[Note: …]`
lines highlighted for the organizers to delete before filing).

Every sentence is a catalogue message with the context "filing document…", rendered while the
document's language is active (filing_text() switches to it), whatever language the person's
pages are in; the items' names come from requirements.yaml in that language. No queries here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import dateformat, translation
from django.utils.translation import pgettext, pgettext_lazy

from permits.filing.answers import FilingAnswers, Organizer
from permits.filing.check import FilingWindow
from permits.filing.requirements import Regime, Requirement

# The form of the assembly as the document names it, as the value of its item (the nominative).
FORMS = {
    "picket": pgettext_lazy("filing document: the form of the assembly", "picket"),
    "meeting": pgettext_lazy("filing document: the form of the assembly", "meeting"),
    "rally": pgettext_lazy("filing document: the form of the assembly", "rally"),
    "march": pgettext_lazy("filing document: the form of the assembly", "march"),
    "demonstration": pgettext_lazy("filing document: the form of the assembly", "demonstration"),
}


@dataclass(frozen=True)
class FilingFacts:
    language: str
    regime: Regime
    requirements: tuple[Requirement, ...]
    authority: str  # the authority's name in the document's language
    answers: FilingAnswers
    time_zone: str
    window: FilingWindow
    organizations: tuple[str, ...] = ()  # the lead group and the co-organizing ones


def format_date(day: dt.date | None) -> str:
    if day is None:
        return ""
    # Translators: a date in a filing, in Django's date format ("j" day, "E" the month as a date
    # writes it, "Y" year); letters of your alphabet stay as written.
    return dateformat.format(day, pgettext("filing document: how a date is written", "j E Y"))


def format_moment(moment: dt.datetime | None, time_zone: str) -> str:
    """A start or end in the authority's zone: the zone the authority reads the filing in."""
    if moment is None:
        return ""
    local = moment.astimezone(ZoneInfo(time_zone))
    return pgettext("filing document: a date and a time", "%(date)s, %(time)s") % {
        "date": format_date(local.date()),
        "time": local.strftime("%H:%M"),
    }


def _verify(requirement: Requirement) -> str:
    if not requirement.needs_verification:
        return ""
    return " " + pgettext("filing document: after an item the law's text has not confirmed", "[verify]")


def _organizer_line(organizer: Organizer) -> str:
    """One organizer on one line: the name in bold, then each detail given. Their items' "verify"
    mark is on the section's heading, once, not on every detail of every organizer."""
    parts = [f"**{organizer.name}**"] if organizer.name else []
    details = (
        (organizer.id_number, pgettext("filing document: an organizer's detail", "IIN %(value)s")),
        (organizer.address, pgettext("filing document: an organizer's detail", "address of residence: %(value)s")),
        (organizer.phone, pgettext("filing document: an organizer's detail", "phone: %(value)s")),
        (organizer.email, pgettext("filing document: an organizer's detail", "email: %(value)s")),
    )
    parts += [label % {"value": value} for value, label in details if value]
    return "- " + "; ".join(parts)


def _value(facts: FilingFacts, requirement: Requirement) -> str:
    answers = facts.answers
    if requirement.answer == "event_type":
        return str(FORMS.get(answers.event_type, answers.event_type))
    if requirement.answer in ("starts_at", "ends_at"):
        return format_moment(answers.value(requirement.answer), facts.time_zone)
    value = answers.value(requirement.answer)
    return "" if value is None else " ".join(str(value).split()) if requirement.answer != "route" else str(value)


def notes(facts: FilingFacts) -> list[str]:
    """For the organizers, highlighted in the file, to read and delete before filing."""
    lines = []
    if any(item.needs_verification for item in facts.requirements):
        lines.append(
            pgettext(
                "filing document",
                "[Note: the items marked “verify” are the usual content of such a filing; the list of %(article)s "
                "has not been checked against the text of the law. Check them before filing.]",
            )
            % {"article": facts.regime.article_text()}
        )
    window = facts.window
    if window.latest_on is None:
        lines.append(pgettext("filing document", "[Note: Ruqsat knows no last day to file for this assembly.]"))
    elif window.passed:
        lines.append(
            pgettext(
                "filing document",
                "[Note: the last day to file was %(date)s and has passed: the authority may refuse a late filing "
                "(Law 333-VI Art. 14 p. 1 sub. 4).]",
            )
            % {"date": format_date(window.latest_on)}
        )
    else:
        lines.append(
            pgettext(
                "filing document",
                "[Note: the last day to file is %(date)s (working days left, today included: %(n)s). Check this "
                "date against the current law.]",
            )
            % {"date": format_date(window.latest_on), "n": window.working_days_left}
        )
    lines.append(
        pgettext(
            "filing document",
            "[Note: Ruqsat holds no list of the places the city's rules exclude or set aside for assemblies: "
            "check the place against the local rules before filing.]",
        )
    )
    return lines


def addressee(facts: FilingFacts) -> tuple[str, ...]:
    with translation.override(facts.language):
        names = [organizer.name for organizer in facts.answers.organizers if organizer.name]
        lines = [pgettext("filing document: the addressee", "To: %(authority)s") % {"authority": facts.authority}]
        if names:
            lines.append(pgettext("filing document: the sender", "From: %(names)s") % {"names": ", ".join(names)})
        return tuple(lines)


def filing_text(facts: FilingFacts) -> str:
    """The whole filing, in facts.language whatever language is active."""
    with translation.override(facts.language):
        answers = facts.answers
        blocks: list[list[str]] = [notes(facts)]
        if facts.regime.code == "approval":
            title = pgettext("filing document: the title", "APPLICATION for approval of a peaceful assembly")
            opening = pgettext(
                "filing document",
                "Under Article 12 of the Law of the Republic of Kazakhstan of 25 May 2020 No. 333-VI “On the "
                "procedure for organizing and holding peaceful assemblies in the Republic of Kazakhstan”, we ask "
                "you to approve the holding of a peaceful assembly as follows.",
            )
        else:
            title = pgettext("filing document: the title", "NOTIFICATION of a peaceful assembly")
            opening = pgettext(
                "filing document",
                "Under Article 10 of the Law of the Republic of Kazakhstan of 25 May 2020 No. 333-VI “On the "
                "procedure for organizing and holding peaceful assemblies in the Republic of Kazakhstan”, we notify "
                "you of a peaceful assembly as follows.",
            )
        blocks.append([f"# {title}"])
        blocks.append([opening])
        items = []
        by_answer = {item.answer: item for item in facts.requirements}
        for requirement in facts.requirements:
            if requirement.per_organizer or requirement.answer == "organizers":
                continue
            value = _value(facts, requirement)
            if not value:
                continue  # an optional item not given (sound equipment not used)
            if "\n" in value.strip():
                value = " ".join(line.strip() for line in value.splitlines() if line.strip())
            items.append(f"- **{requirement.label()}**{_verify(requirement)}: {value}")
        blocks.append(items)
        organizers = by_answer.get("organizers")
        heading = pgettext("filing document: a section heading", "Organizers")
        if organizers is not None:
            heading += _verify(organizers)
        blocks.append([f"## {heading}"])
        blocks.append([_organizer_line(organizer) for organizer in answers.organizers])
        if facts.organizations:
            blocks.append(
                [pgettext("filing document", "On behalf of: %(groups)s.") % {"groups": ", ".join(facts.organizations)}]
            )
        blocks.append([pgettext("filing document", "Date: %(date)s") % {"date": format_date(facts.window.today)}])
        signatures = [pgettext("filing document: a section heading", "Signatures of the organizers")]
        signatures = [f"## {signatures[0]}"]
        blocks.append(signatures)
        blocks.append([f"{organizer.name} ____________________" for organizer in answers.organizers if organizer.name])
    return "\n\n".join("\n".join(block) for block in blocks if block).strip() + "\n"
