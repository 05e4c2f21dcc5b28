"""The columns of a group's history file, one row per application (with its decision and the
appeal against it): what the template offers, what the import reads and what the export writes,
so that export → import is a round trip.

A header may be written in any of the three languages or as the column's code (`filed_on`), so a
Russian template filled in by a Kazakh-speaking colleague still reads; columns the import does not
know (a monitor's own notes) are left alone."""

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Several refusal reasons (and their quotes, in the same order) share one cell, separated by this.
LIST_SEPARATOR = "|"


@dataclass(frozen=True)
class Column:
    key: str
    label: Promise
    required: bool = False

    def header(self) -> str:
        return str(self.label)


COLUMNS = (
    Column("title", _("Title"), required=True),
    Column("event_type", _("Event type"), required=True),
    Column("starts_at", _("Starts at"), required=True),
    Column("ends_at", _("Ends at")),
    Column("location", _("Place"), required=True),
    Column("authority", _("Authority"), required=True),
    Column("filed_on", _("Filed on"), required=True),
    Column("reference_number", _("Filing reference number")),
    Column("outcome", _("Decision")),
    Column("decided_on", _("Decided on")),
    Column("received_on", _("Decision received on")),
    Column("decision_reference_number", _("Decision reference number")),
    Column("conditions", _("Conditions")),
    Column("refusal_reasons", _("Refusal reasons")),
    Column("refusal_quotes", _("Quotes from the refusal")),
    Column("appeal_venue", _("Appeal to")),
    Column("appeal_filed_on", _("Appeal filed on")),
    Column("appeal_case_number", _("Appeal case number")),
)
COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}


def normalise_header(text: str) -> str:
    return " ".join(str(text or "").replace("\ufeff", "").split()).casefold()


def header_keys() -> dict[str, str]:
    """Every way a header may be written (code, or label in any language) → the column's key."""
    keys = {}
    for column in COLUMNS:
        keys[normalise_header(column.key)] = column.key
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                keys[normalise_header(column.header())] = column.key
    return keys


def headers() -> list[str]:
    """The header row in the active language."""
    return [column.header() for column in COLUMNS]
