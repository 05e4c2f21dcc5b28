"""One spreadsheet row → the values the verbs take, or the reasons it cannot be stored, in the
reader's language. Lookups (authorities, refusal reasons, the choice vocabularies) are loaded once
per import: a row names them in any of the three languages or by code."""

import datetime as dt
import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from appeals.models import Appeal, Venue
from config.text import single_line, strip_control_characters
from imports.columns import COLUMNS_BY_KEY, LIST_SEPARATOR
from imports.reading import SheetRow
from permits.models import Authority, Decision, EventType, RefusalReason

# A history of assemblies under Kazakhstan's laws (the first from 1995); a year outside this is a typo.
FIRST_YEAR, LAST_YEAR = 1991, 2100
# 2024-03-21 or 21.03.2024, then an optional time: 14:00 (seconds, as a spreadsheet may add, ignored).
_DATE = re.compile(
    r"^(?:(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})\.(\d{1,2})\.(\d{4}))(?:[ T](\d{1,2}):(\d{2})(?::\d{2})?)?$"
)


def _fold(text) -> str:
    return " ".join(str(text or "").split()).casefold()


class Vocabulary:
    """The codes of a choice, found by code or by label in any language."""

    def __init__(self, choices):
        self.codes = {}
        for code, label in choices:
            self.codes[_fold(code)] = code
            for language, _name in settings.LANGUAGES:
                with translation.override(language):
                    self.codes[_fold(label)] = code

    def find(self, text) -> str | None:
        return self.codes.get(_fold(text))


@dataclass
class Lookups:
    """What a row may name, for one group: its usable authorities and the refusal reasons."""

    organization: object
    authorities: dict[str, list[Authority]] = field(default_factory=dict)
    reasons: dict[str, RefusalReason] = field(default_factory=dict)

    @classmethod
    def for_organization(cls, organization) -> "Lookups":
        lookups = cls(organization=organization)
        columns = [f"name_{code}" for code, _label in settings.LANGUAGES]
        for authority in Authority.objects.usable_for(organization.pk).select_related("jurisdiction"):
            # Compared in Python: SQLite folds the case of ASCII letters only.
            for name in {_fold(getattr(authority, column)) for column in columns} - {""}:
                lookups.authorities.setdefault(name, []).append(authority)
        for reason in RefusalReason.objects.all():
            for text in {_fold(reason.code), *(_fold(getattr(reason, column)) for column in columns)} - {""}:
                lookups.reasons.setdefault(text, reason)
        return lookups

    event_types = Vocabulary(EventType.choices)
    outcomes = Vocabulary(Decision.Outcome.choices)
    venues = Vocabulary(Venue.choices)


@dataclass
class ImportRow:
    """A row ready for the verbs."""

    number: int
    application: dict
    filed_on: dt.date
    reference_number: str
    decision: dict | None
    appeal: dict | None

    @property
    def authority(self) -> Authority:
        return self.application["authority"]


class RowProblems(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def _label(key: str) -> str:
    return COLUMNS_BY_KEY[key].header()


def parse_row(row: SheetRow, lookups: Lookups) -> ImportRow:
    """The row's values, or RowProblems naming every cell that is wrong (not only the first)."""
    problems = []

    def text(key, *, required=False, one_line=True):
        value = row.text(key)
        value = single_line(value) if one_line else strip_control_characters(value)
        if required and not value and key not in row.formulas:
            problems.append(_("“%(column)s” is empty.") % {"column": _label(key)})
        return value.strip()

    for key in row.formulas:
        problems.append(
            _("“%(column)s” holds a formula; the import takes values only (copy the column and paste values).")
            % {"column": _label(key)}
        )

    def choice(key, vocabulary, *, required=False):
        value = text(key, required=required)
        if not value:
            return ""
        code = vocabulary.find(value)
        if code is None:
            problems.append(_("“%(value)s” is not a known %(column)s.") % {"value": value, "column": _label(key)})
        return code or ""

    title = text("title", required=True)
    event_type = choice("event_type", lookups.event_types, required=True)
    location = text("location", required=True)
    authority_name = text("authority", required=True)
    authority = None
    if authority_name:
        matches = lookups.authorities.get(_fold(authority_name), [])
        if not matches:
            problems.append(
                _(
                    "No authority your group may name is called “%(name)s”. "
                    "Add it on the New application form first, or correct the name."
                )
                % {"name": authority_name}
            )
        elif len(matches) > 1:
            problems.append(
                _("Several authorities are called “%(name)s”; this row cannot say which.") % {"name": authority_name}
            )
        else:
            authority = matches[0]
    time_zone = ZoneInfo(authority.jurisdiction.time_zone if authority else settings.TIME_ZONE)

    def date(key, *, required=False, with_time=False):
        value = row.cells.get(key)
        # A date cell of an XLSX; one outside the years is read as text below, and refused.
        if isinstance(value, dt.date) and FIRST_YEAR <= value.year <= LAST_YEAR:
            if isinstance(value, dt.datetime):
                return value.replace(tzinfo=time_zone) if with_time else value.date()
            return dt.datetime.combine(value, dt.time(0), tzinfo=time_zone) if with_time else value
        raw = text(key, required=required)
        if not raw:
            return None
        match = _DATE.match(raw)
        try:
            if match is None:
                raise ValueError
            year, month, day = (match[1], match[2], match[3]) if match[1] else (match[6], match[5], match[4])
            day = dt.date(int(year), int(month), int(day))
            if not FIRST_YEAR <= day.year <= LAST_YEAR:
                raise ValueError
            hour, minute = (int(match[7]), int(match[8])) if match[7] else (0, 0)
            if not with_time:
                return day
            return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=time_zone)
        except ValueError:
            problems.append(
                _("“%(value)s” in “%(column)s” is not a date: write it as 2024-03-21 or 21.03.2024.")
                % {"value": raw, "column": _label(key)}
            )
            return None

    starts_at = date("starts_at", required=True, with_time=True)
    ends_at = date("ends_at", with_time=True)
    filed_on = date("filed_on", required=True)

    decision = None
    outcome = choice("outcome", lookups.outcomes)
    decided_on = date("decided_on")
    received_on = date("received_on")
    reasons_text = text("refusal_reasons")
    quotes_text = text("refusal_quotes", one_line=False)
    if outcome:
        if decided_on is None and "decided_on" not in row.formulas and row.text("decided_on") == "":
            message = _("A decision needs the day it was made (“%(column)s”).")
            problems.append(message % {"column": _label("decided_on")})
        grounds = []
        quotes = [q.strip() for q in quotes_text.split(LIST_SEPARATOR)] if quotes_text else []
        for position, name in enumerate(n.strip() for n in reasons_text.split(LIST_SEPARATOR) if n.strip()):
            reason = lookups.reasons.get(_fold(name))
            if reason is None:
                problems.append(_("“%(value)s” is not a known refusal reason.") % {"value": name})
                continue
            grounds.append({"reason": reason, "quote": quotes[position] if position < len(quotes) else ""})
        decision = {
            "outcome": outcome,
            "decided_on": decided_on,
            "received_on": received_on,
            "reference_number": text("decision_reference_number"),
            "conditions": text("conditions", one_line=False),
            "grounds": grounds,
        }
    elif decided_on or received_on or reasons_text or quotes_text:
        problems.append(_("This row has a decision's details but no “%(column)s”.") % {"column": _label("outcome")})

    appeal = None
    venue = choice("appeal_venue", lookups.venues)
    appeal_filed_on = date("appeal_filed_on")
    if venue:
        if decision is None or decision["outcome"] != Decision.Outcome.REFUSED:
            problems.append(_("Only a refusal can be appealed; this row's decision is not one."))
        case_number = text("appeal_case_number")
        # Appeal.file saves the number without full_clean (the API's serializer checks it there).
        longest = Appeal._meta.get_field("case_number").max_length
        if len(case_number) > longest:
            problems.append(
                _("“%(column)s” is longer than %(limit)s characters.")
                % {"column": _label("appeal_case_number"), "limit": longest}
            )
        if case_number and appeal_filed_on is None and "appeal_filed_on" not in row.formulas:
            # Appeal.file records the number; an appeal still in preparation has none.
            problems.append(
                _("A case number needs the day the appeal was filed (“%(column)s”).")
                % {"column": _label("appeal_filed_on")}
            )
        appeal = {"venue": venue, "filed_on": appeal_filed_on, "case_number": case_number}
    elif appeal_filed_on or row.text("appeal_case_number"):
        problems.append(_("This row has an appeal's details but no “%(column)s”.") % {"column": _label("appeal_venue")})

    if problems:
        raise RowProblems(problems)
    return ImportRow(
        number=row.number,
        application={
            "title": title,
            "event_type": event_type,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "location": location,
            "authority": authority,
        },
        filed_on=filed_on,
        reference_number=text("reference_number"),
        decision=decision,
        appeal=appeal,
    )
