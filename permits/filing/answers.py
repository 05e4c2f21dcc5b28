"""The interview's answers: what they are, the rules each value must meet (the one set the page's
form and the API's serializer both apply), and the answers completed from the application.

A value that is malformed (a date, a number, an ID number that is not 12 digits) is refused here,
as a field error; a value that is *absent* is not an error here but a missing item, which the
checker (check.py) names with the article that asks for it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

FILING_LANGUAGE_CODES = ("ru", "kk")  # the API's enum (config.settings ENUM_NAME_OVERRIDES)
FILING_LANGUAGES = (
    ("ru", pgettext_lazy("a filing's language", "Russian")),
    ("kk", pgettext_lazy("a filing's language", "Kazakh")),
)
# The forms Law 333-VI names (Art. 10: picket, meeting, rally; Art. 12: march, demonstration). An
# application recorded as "other" must say which one it is before a filing can be written.
LEGAL_EVENT_TYPES = ("picket", "meeting", "rally", "march", "demonstration")
MAX_ORGANIZERS = 20
MAX_PARTICIPANTS = 100_000_000
MAX_TEXT = 4000
ORGANIZER_FIELDS = ("name", "id_number", "address", "phone", "email")

# ИИН (ЖСН in Kazakh): twelve digits. Spaces a person types between groups are dropped.
_ID_NUMBER = re.compile(r"^\d{12}$")
_PHONE = re.compile(r"^\+?[\d\s()\-]{5,30}$")

NOT_AN_ID_NUMBER = _("An individual identification number (IIN) has 12 digits.")
NOT_A_PHONE = _("Give the phone number in digits, e.g. +7 701 234 56 78.")
ENDS_BEFORE_START = _("The end must be after the start.")
NOT_A_LEGAL_FORM = _("Choose the form of the assembly the law names: picket, meeting, rally, march or demonstration.")


def normalize_id_number(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "")


def validate_id_number(value: str) -> None:
    if value and not _ID_NUMBER.match(normalize_id_number(value)):
        raise ValidationError(NOT_AN_ID_NUMBER, code="id_number")


def validate_phone(value: str) -> None:
    if value and (not _PHONE.match(value) or sum(ch.isdigit() for ch in value) < 5):
        raise ValidationError(NOT_A_PHONE, code="phone")


def check_times(starts_at: dt.datetime | None, ends_at: dt.datetime | None) -> None:
    """The one cross-field rule: an end, when both are given, after the start."""
    if starts_at and ends_at and ends_at <= starts_at:
        raise ValidationError({"ends_at": ENDS_BEFORE_START}, code="ends_before_start")


@dataclass(frozen=True)
class Organizer:
    name: str = ""
    id_number: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""

    @classmethod
    def of(cls, values: dict) -> Organizer:
        cleaned = {name: str(values.get(name) or "").strip() for name in ORGANIZER_FIELDS}
        cleaned["id_number"] = normalize_id_number(cleaned["id_number"])
        return cls(**cleaned)

    @property
    def is_blank(self) -> bool:
        return not any(getattr(self, name) for name in ORGANIZER_FIELDS)

    def as_dict(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in ORGANIZER_FIELDS}


@dataclass(frozen=True)
class FilingAnswers:
    language: str = "ru"
    event_type: str = ""
    purpose: str = ""
    location: str = ""
    route: str = ""
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    expected_participants: int | None = None
    organizers: tuple[Organizer, ...] = ()
    order_and_safety: str = ""
    medical_help: str = ""
    sound_equipment: str = ""

    def value(self, answer: str):
        return getattr(self, answer)


# What the application itself holds, by answer; the rest come from what was remembered for it.
FROM_APPLICATION = ("event_type", "purpose", "location", "route", "starts_at", "ends_at", "expected_participants")
REMEMBERED = ("organizers", "order_and_safety", "medical_help", "sound_equipment")


def answers_from_application(application, remembered=None, *, language: str = "ru") -> FilingAnswers:
    """What the interview starts from: the application's own fields, and the organizers and the
    means of order the person chose to remember (FilingDetails); without them, the applicants'
    names as the organizers."""
    values = {name: getattr(application, name) for name in FROM_APPLICATION}
    values = {
        name: ("" if value is None and name in ("purpose", "location", "route") else value)
        for name, value in values.items()
    }
    if remembered is not None:
        organizers = tuple(Organizer.of(item) for item in remembered.organizers or () if isinstance(item, dict))
        extra = {
            "order_and_safety": remembered.order_and_safety,
            "medical_help": remembered.medical_help,
            "sound_equipment": remembered.sound_equipment,
        }
        language = remembered.language or language
    else:
        organizers = tuple(Organizer(name=applicant.name) for applicant in application.applicants.all())
        extra = {}
    return FilingAnswers(language=language, organizers=organizers, **values, **extra)


def completed(base: FilingAnswers, given: dict) -> FilingAnswers:
    """`base` with the answers given: an answer left out keeps the base's value; an answer given
    empty is empty (and then missing, if the law asks for it)."""
    known = {name: value for name, value in given.items() if name in FilingAnswers.__dataclass_fields__}
    if "organizers" in known:
        known["organizers"] = tuple(
            organizer
            for organizer in (Organizer.of(item) for item in known["organizers"] or ())
            if not organizer.is_blank
        )
    for name in ("purpose", "location", "route", "order_and_safety", "medical_help", "sound_equipment"):
        if name in known:
            known[name] = (known[name] or "").strip()
    return replace(base, **known)
