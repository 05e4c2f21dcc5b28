"""The files the import hands out: the template, the group's history in the import's columns, and
the refused rows with their reasons. Written by reports.exports, so text that would run as a
spreadsheet formula is defused the one way every Ruqsat export does it."""

from django.utils.text import slugify
from django.utils.translation import gettext as _

from imports.columns import COLUMNS, headers
from imports.services import REFUSED, history_rows
from reports.exports import export_response


def template_response(fmt: str):
    """The header row alone, in the reader's language: an example row would be imported as a real
    application by someone who fills in the rows under it."""
    return export_response(fmt, "history-template", headers(), [], title=_("History"))


def history_export_response(organization, fmt: str):
    name = f"history-{slugify(organization.name) or organization.pk}"
    return export_response(fmt, name, headers(), history_rows(organization), title=_("History"))


def refused_rows_response(upload, fmt: str = "csv"):
    """The rows the import refused, as they were read, with the row number and the reason: fixed,
    the file imports again as it is (the two added columns are not the import's)."""
    rows = [
        [*(outcome["cells"].get(c.key, "") for c in COLUMNS), outcome["row"], outcome["reason"]]
        for outcome in upload.outcomes
        if outcome["status"] == REFUSED
    ]
    header = [*headers(), _("Row in the uploaded file"), _("Why it was refused")]
    return export_response(fmt, "refused-rows", header, rows, title=_("Refused rows"))
