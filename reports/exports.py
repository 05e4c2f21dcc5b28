"""CSV exports of applications, decisions with their grounds, and deadlines — only what the user
may see — streamed from a server-side cursor so that memory stays flat however many rows there are.

Excel and LibreOffice: UTF-8 with a byte-order mark (without it Excel reads Cyrillic and Kazakh as
mojibake), comma-separated, CRLF line ends, dates as YYYY-MM-DD and moments as YYYY-MM-DD HH:MM in
the user's time zone. A cell a spreadsheet would run as a formula (starting with = + - @, a tab or a
carriage return) is prefixed with an apostrophe (OWASP "CSV injection"). No person's name is
exported: applicants and the users who recorded things stay in Ruqsat."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Iterator

from django.db.models import Prefetch, QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import Organization
from permits.models import Deadline, PermitApplication, RefusalGround

BOM = "\ufeff"
CHUNK_SIZE = 2000  # rows fetched from the database at a time
FLUSH_BYTES = 64 * 1024  # text handed to the server at a time
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str | int:
    """One CSV cell: numbers as they are, dates in ISO form, text defused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int):
        return value
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


class _Line:
    """csv.writer's file: writerow() returns the line instead of writing it."""

    def write(self, line: str) -> str:
        return line


def csv_lines(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    """The BOM and header, then the rows, as text pieces of about FLUSH_BYTES."""
    writer = csv.writer(_Line())
    buffer = [BOM, writer.writerow([cell(h) for h in header])]
    size = 0
    for row in rows:
        line = writer.writerow([cell(value) for value in row])
        buffer.append(line)
        size += len(line)
        if size >= FLUSH_BYTES:
            yield "".join(buffer)
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer)


def csv_response(name: str, header: list[str], rows: Iterable[list]) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        (piece.encode("utf-8") for piece in csv_lines(header, rows)), content_type="text/csv; charset=utf-8"
    )
    filename = f"ruqsat-{name}-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


# --- Applications -----------------------------------------------------------------------------


def application_header() -> list[str]:
    return [
        _("id"),
        _("title"),
        _("event type"),
        _("status"),
        _("lead group"),
        _("co-organizing groups"),
        _("authority"),
        _("jurisdiction"),
        _("starts at"),
        _("ends at"),
        _("place"),
        _("route"),
        _("expected participants"),
        _("filed on"),
        _("channel"),
        _("reference number"),
        _("purpose"),
    ]


def application_rows(applications: QuerySet) -> Iterator[list]:
    applications = (
        applications.select_related("organization", "authority__jurisdiction")
        .prefetch_related(Prefetch("co_organizers", queryset=Organization.objects.only("id", "name")))
        .order_by("-starts_at", "-id")
    )
    for a in applications.iterator(chunk_size=CHUNK_SIZE):
        yield [
            a.pk,
            a.title,
            a.get_event_type_display(),
            a.get_status_display(),
            a.organization.name,
            "; ".join(sorted(o.name for o in a.co_organizers.all())),
            a.authority.name,
            a.authority.jurisdiction.code,
            a.starts_at,
            a.ends_at,
            a.location,
            a.route,
            a.expected_participants,
            a.filed_on,
            a.get_channel_display(),
            a.reference_number,
            a.purpose,
        ]


def applications_csv(applications: QuerySet) -> StreamingHttpResponse:
    return csv_response("applications", application_header(), application_rows(applications))


# --- Decisions with their grounds ---------------------------------------------------------------


def decision_header() -> list[str]:
    return [
        _("application id"),
        _("application"),
        _("event type"),
        _("authority"),
        _("jurisdiction"),
        _("decision id"),
        _("outcome"),
        _("decided on"),
        _("received on"),
        _("reference number"),
        _("alternative offered"),
        _("conditions"),
        _("reason code"),
        _("reason"),
        _("legal basis"),
        _("the authority's words"),
        _("note"),
    ]


def decision_rows(decisions: QuerySet) -> Iterator[list]:
    """One row per ground of a refusal; one row for a decision without grounds."""
    decisions = (
        decisions.select_related("application__authority__jurisdiction")
        .prefetch_related(Prefetch("grounds", queryset=RefusalGround.objects.select_related("reason")))
        .order_by("-decided_on", "-id")
    )
    for d in decisions.iterator(chunk_size=CHUNK_SIZE):
        a = d.application
        common = [
            a.pk,
            a.title,
            a.get_event_type_display(),
            a.authority.name,
            a.authority.jurisdiction.code,
            d.pk,
            d.get_outcome_display(),
            d.decided_on,
            d.received_on,
            d.reference_number,
            d.alternative_offered,
            d.conditions,
        ]
        grounds = d.grounds.all()
        if not grounds:
            yield [*common, "", "", "", "", ""]
        for g in grounds:
            yield [*common, g.reason.code, g.reason.name, g.reason.legal_basis, g.quote, g.note]


def decisions_csv(decisions: QuerySet) -> StreamingHttpResponse:
    return csv_response("decisions", decision_header(), decision_rows(decisions))


# --- Deadlines --------------------------------------------------------------------------------


def deadline_header() -> list[str]:
    return [
        _("application id"),
        _("application"),
        _("kind"),
        _("title"),
        _("due on"),
        _("done at"),
        _("rule"),
        _("source status"),
        _("computed date"),
        _("reason for the change"),
    ]


def deadline_rows(deadlines: QuerySet) -> Iterator[list]:
    deadlines = deadlines.select_related("application").order_by("due_at", "id")
    for d in deadlines.iterator(chunk_size=CHUNK_SIZE):
        yield [
            d.application_id,
            d.application.title,
            d.get_kind_display(),
            d.title,
            d.due_on,
            d.done_at,
            d.rule_source,
            d.get_source_status_display(),
            d.computed_due_on,
            d.override_reason,
        ]


def deadlines_csv(deadlines: QuerySet) -> StreamingHttpResponse:
    return csv_response("deadlines", deadline_header(), deadline_rows(deadlines))


def deadlines_of(applications: QuerySet) -> QuerySet:
    return Deadline.objects.filter(application__in=applications)


def visible_applications(user) -> QuerySet:
    return PermitApplication.objects.visible_to(user)
