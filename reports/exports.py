"""Exports of applications, decisions with their grounds, and deadlines — only what the user may
see — as CSV and as XLSX, both fed by the same row generators over a server-side cursor, so memory
stays flat however many rows there are.

CSV, for Excel and LibreOffice: UTF-8 with a byte-order mark (without it Excel reads Cyrillic and
Kazakh as mojibake), comma-separated, every field quoted, CRLF line ends, dates as YYYY-MM-DD and
moments as YYYY-MM-DD HH:MM in the user's time zone. Text is defused by reports.formulas, the one
rule for spreadsheet formulas: Excel in ru-KZ and kk-KZ splits on `;`, so quoting alone is not
enough.

XLSX, what ru/kk Excel users open without any import dialog: the same header (in the user's
language), rows and columns; dates and moments as real dates; text always as text — never a
formula or an error value, whatever it starts with — and marked "quote prefix" where it would read
as a formula, so editing the cell in Excel keeps it text. Written with openpyxl's write-only
workbook, a row at a time, to a temporary file that is then sent.

No person's name is exported: applicants and the users who recorded things stay in Ruqsat."""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from collections.abc import Callable, Iterable, Iterator

from django.db import connection
from django.db.models import CharField, Func, QuerySet, Value
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE

from organizations.models import Organization
from permits.forms import ApplicationFilterForm
from permits.models import (
    Authority,
    CoOrganizer,
    Deadline,
    DeadlineKind,
    Decision,
    EventType,
    PermitApplication,
    RefusalGround,
    RefusalReason,
    SourceStatus,
    Status,
)
from permits.models.applications import Channel
from reports.forms import ReportFilterForm
from reports.formulas import defuse_formulas, starts_a_formula
from reports.services import decisions_matching

BOM = "\ufeff"
CHUNK_SIZE = 2000  # rows fetched from the database at a time
FLUSH_BYTES = 64 * 1024  # text handed to the server at a time


class CellFormat:
    """value → one CSV cell: numbers as they are, dates in ISO form, moments to the minute in the
    reader's zone, text defused (reports.formulas). The zone and the words for yes and no are looked
    up once per instance — once per export, not once per cell; `by_type` is the rule for each exact
    type, for a writer that looks it up itself (csv_lines)."""

    def __init__(self):
        self.zone = timezone.get_current_timezone()
        self.yes, self.no = _("yes"), _("no")
        self.by_type: dict[type, Callable] = {
            str: defuse_formulas,
            int: int,
            type(None): lambda value: "",
            bool: lambda value: self.yes if value else self.no,
            dt.datetime: self.moment,
            dt.date: dt.date.isoformat,
        }

    def moment(self, value: dt.datetime) -> str:
        # "2027-03-08 11:00": ISO to the minute (isoformat is C; strftime is not).
        return value.astimezone(self.zone).isoformat(" ", "minutes")[:16]

    def __call__(self, value) -> str | int:
        exact = self.by_type.get(type(value))
        if exact is not None:
            return exact(value)
        # A subclass: bool before int, datetime before date, as they inherit.
        for kind in (bool, int, dt.datetime, dt.date):
            if isinstance(value, kind):
                return self.by_type[kind](value)
        return defuse_formulas(str(value))


def cell(value) -> str | int:
    """One CSV cell (CellFormat)."""
    return CellFormat()(value)


class LocalMinute(Func):
    """A moment as the CSV writes it — YYYY-MM-DD HH:MM in the reader's zone — made by PostgreSQL,
    which does it faster than Python can parse the moment and format it again. PostgreSQL only (the
    export asks for it there); `make bench` measures the export's floor with it too."""

    output_field = CharField()

    def __init__(self, expression, zone: str):
        super().__init__(expression, Value(zone))

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="to_char(%(expressions)s, 'YYYY-MM-DD HH24:MI')", arg_joiner=" AT TIME ZONE "
        )


def local_minutes(queryset: QuerySet, *fields: str) -> tuple[QuerySet, dict[str, str]]:
    """`queryset` with each moment field of `fields` also as LocalMinute text where the database
    can write it (PostgreSQL), and field → the name to ask values_list for instead; elsewhere no
    names (cell() formats the moments)."""
    if connection.vendor != "postgresql":
        return queryset, {}
    zone = timezone.get_current_timezone_name()
    names = {field: f"{field}_local_minute" for field in fields}
    return queryset.annotate(**{name: LocalMinute(field, zone) for field, name in names.items()}), names


class _Line:
    """csv.writer's file: writerow() returns the line instead of writing it."""

    def write(self, line: str) -> str:
        return line


def csv_lines(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    """The BOM and header, then the rows, as text pieces of about FLUSH_BYTES."""
    # Every field quoted: a `,` or `;` inside text stays inside its cell wherever the separator is
    # the one the spreadsheet expects; reports.formulas covers the one where it is not.
    writer = csv.writer(_Line(), quoting=csv.QUOTE_ALL)
    format_cell = CellFormat()
    by_type = format_cell.by_type
    buffer = [BOM, writer.writerow([format_cell(h) for h in header])]
    size = 0
    for row in rows:
        line = writer.writerow([by_type.get(type(value), format_cell)(value) for value in row])
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


# --- XLSX ---------------------------------------------------------------------------------------

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX_MAX_TEXT = 32_767  # characters Excel holds in a cell; past it, it calls the file damaged
MOMENT_FORMAT = "yyyy-mm-dd hh:mm"  # as in the CSV; dates get openpyxl's yyyy-mm-dd


def xlsx_cell(sheet, value):
    """One XLSX cell: a plain value where openpyxl infers it right, a typed cell where it would not
    (text it would store as a formula or an error value, moments to show to the minute)."""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if value is None or isinstance(value, int | float):
        return value
    if isinstance(value, dt.datetime):
        # Excel has no time zones: the moment as the user's clock shows it, as in the CSV.
        local = value.astimezone(timezone.get_current_timezone()).replace(tzinfo=None, second=0, microsecond=0)
        typed = WriteOnlyCell(sheet, value=local)
        typed.number_format = MOMENT_FORMAT
        return typed
    if isinstance(value, dt.date):
        return value  # openpyxl gives dates the yyyy-mm-dd format
    # Control characters are not allowed in the file's XML (openpyxl would raise); text past Excel's
    # limit would make Excel "repair" the file.
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))[:XLSX_MAX_TEXT]
    if not (starts_a_formula(text) or text in ERROR_CODES):
        return text
    typed = WriteOnlyCell(sheet, value=text)
    typed.data_type = "s"  # openpyxl stores text starting with "=" as a formula, "#N/A" as an error
    typed.quotePrefix = True  # what Excel records for a typed apostrophe: editing keeps it text
    return typed


def xlsx_response(name: str, header: list[str], rows: Iterable[list], *, title: str) -> FileResponse:
    """The workbook, written a row at a time by openpyxl's write-only mode (its rows go to a
    temporary file as they come), saved to another temporary file and sent from it."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])  # Excel's limit for a sheet's name
    sheet.append([xlsx_cell(sheet, h) for h in header])
    for row in rows:
        sheet.append([xlsx_cell(sheet, value) for value in row])
    file = tempfile.TemporaryFile()  # noqa: SIM115 — FileResponse closes it once sent
    workbook.save(file)
    file.seek(0)
    filename = f"ruqsat-{name}-{timezone.localdate().isoformat()}.xlsx"
    response = FileResponse(file, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)
    response["Cache-Control"] = "no-store"
    return response


def export_response(fmt: str, name: str, header: list[str], rows: Iterable[list], *, title: str):
    if fmt == "xlsx":
        return xlsx_response(name, header, rows, title=title)
    return csv_response(name, header, rows)


EXPORT_FORMATS = ("csv", "xlsx")


# --- Reading in batches ---------------------------------------------------------------------
# Rows are read as plain tuples (values_list) from a server-side cursor, CHUNK_SIZE at a time; what
# a row refers to (groups, authorities, reasons, co-organizers) is looked up once per batch. Model
# instances and get_FOO_display() per row would cost ten times as much at 100,000 rows.


def batches(rows: Iterable, size: int = CHUNK_SIZE) -> Iterator[list]:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class Names:
    """id → label for one model, fetched for the ids a batch needs and kept for the next ones.
    Labels come from model instances, so translated names are in the user's language."""

    def __init__(self, queryset: QuerySet, label=str):
        self.queryset, self.label, self.known = queryset, label, {}

    def load(self, ids) -> None:
        missing = set(ids) - self.known.keys() - {None}
        if missing:
            self.known.update({obj.pk: self.label(obj) for obj in self.queryset.filter(pk__in=missing)})

    def __getitem__(self, pk):
        return self.known.get(pk, "")


def labels(choices) -> dict[str, str]:
    return {code: str(label) for code, label in choices}


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
        pgettext("application", "reference number"),
        _("purpose"),
    ]


APPLICATION_COLUMNS = (
    "id",
    "title",
    "event_type",
    "status",
    "organization_id",
    "authority_id",
    "starts_at",
    "ends_at",
    "location",
    "route",
    "expected_participants",
    "filed_on",
    "channel",
    "reference_number",
    "purpose",
)


def application_rows(applications: QuerySet, *, moments_as_text: bool = False) -> Iterator[list]:
    """The applications' rows. `moments_as_text`: the start and end as the CSV writes them, made by
    the database where it can (LocalMinute); otherwise moments (the XLSX stores them as dates)."""
    event_types, statuses, channels = labels(EventType.choices), labels(Status.choices), labels(Channel.choices)
    groups = Names(Organization.objects.only("id", "name"), lambda o: o.name)
    authorities = Names(Authority.objects.select_related("jurisdiction"), lambda a: (a.name, a.jurisdiction.code))
    moments = {}
    if moments_as_text:
        applications, moments = local_minutes(applications, "starts_at", "ends_at")
    rows = applications.order_by("-starts_at", "-id").values_list(*(moments.get(c, c) for c in APPLICATION_COLUMNS))
    for batch in batches(rows.iterator(chunk_size=CHUNK_SIZE)):
        co_organizers: dict[int, list[int]] = {}
        links = CoOrganizer.objects.filter(application_id__in=[row[0] for row in batch])
        for application_id, organization_id in links.values_list("application_id", "organization_id"):
            co_organizers.setdefault(application_id, []).append(organization_id)
        groups.load([row[4] for row in batch] + [o for ids in co_organizers.values() for o in ids])
        authorities.load(row[5] for row in batch)
        group_names, authority_names = groups.known, authorities.known
        for pk, title, event, status, lead, authority, *dates_and_places, channel, reference, purpose in batch:
            authority_name, jurisdiction = authority_names.get(authority) or ("", "")
            co = co_organizers.get(pk)
            yield [
                pk,
                title,
                event_types.get(event, event),
                statuses.get(status, status),
                group_names.get(lead, ""),
                "; ".join(sorted(group_names.get(o, "") for o in co)) if co else "",
                authority_name,
                jurisdiction,
                *dates_and_places,
                channels.get(channel, channel),
                reference,
                purpose,
            ]


def applications_export(applications: QuerySet, fmt: str = "csv"):
    rows = application_rows(applications, moments_as_text=fmt == "csv")
    return export_response(fmt, "applications", application_header(), rows, title=_("Applications"))


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
        pgettext("decision", "reference number"),
        _("alternative offered"),
        _("conditions"),
        _("reason code"),
        _("reason"),
        _("legal basis"),
        _("the authority's words"),
        _("note"),
    ]


DECISION_COLUMNS = (
    "application_id",
    "application__title",
    "application__event_type",
    "application__authority_id",
    "id",
    "outcome",
    "decided_on",
    "received_on",
    "reference_number",
    "alternative_offered",
    "conditions",
)


def decision_rows(decisions: QuerySet) -> Iterator[list]:
    """One row per ground of a refusal; one row for a decision without grounds."""
    event_types, outcomes = labels(EventType.choices), labels(Decision.Outcome.choices)
    authorities = Names(Authority.objects.select_related("jurisdiction"), lambda a: (a.name, a.jurisdiction.code))
    reasons = {r.pk: (r.code, r.name, r.legal_basis) for r in RefusalReason.objects.all()}
    rows = decisions.order_by("-decided_on", "-id").values_list(*DECISION_COLUMNS)
    for batch in batches(rows.iterator(chunk_size=CHUNK_SIZE)):
        grounds: dict[int, list[tuple]] = {}
        for decision_id, *ground in (
            RefusalGround.objects.filter(decision_id__in=[row[4] for row in batch])
            .order_by("position", "id")
            .values_list("decision_id", "reason_id", "quote", "note")
        ):
            grounds.setdefault(decision_id, []).append(ground)
        authorities.load(row[3] for row in batch)
        for application_id, title, event, authority, pk, outcome, *rest in batch:
            authority_name, jurisdiction = authorities[authority] or ("", "")
            common = [
                application_id,
                title,
                event_types.get(event, event),
                authority_name,
                jurisdiction,
                pk,
                outcomes.get(outcome, outcome),
                *rest,
            ]
            if pk not in grounds:
                yield [*common, "", "", "", "", ""]
            for reason, quote, note in grounds.get(pk, ()):
                yield [*common, *reasons.get(reason, ("", "", "")), quote, note]


def decisions_export(decisions: QuerySet, fmt: str = "csv"):
    return export_response(fmt, "decisions", decision_header(), decision_rows(decisions), title=_("Decisions"))


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


DEADLINE_COLUMNS = (
    "application_id",
    "application__title",
    "kind",
    "title",
    "due_on",
    "done_at",
    "rule_source",
    "source_status",
    "computed_due_on",
    "override_reason",
)


def deadline_rows(deadlines: QuerySet) -> Iterator[list]:
    kinds, statuses = labels(DeadlineKind.choices), labels(SourceStatus.choices)
    rows = deadlines.order_by("due_at", "id").values_list(*DEADLINE_COLUMNS)
    for application_id, title, kind, *middle, status, computed, reason in rows.iterator(chunk_size=CHUNK_SIZE):
        yield [application_id, title, kinds.get(kind, kind), *middle, statuses.get(status, status), computed, reason]


def deadlines_export(deadlines: QuerySet, fmt: str = "csv"):
    return export_response(fmt, "deadlines", deadline_header(), deadline_rows(deadlines), title=_("Deadlines"))


def deadlines_of(applications: QuerySet) -> QuerySet:
    return Deadline.objects.filter(application__in=applications)


# --- Which export, with which filters (the pages and the API alike) -----------------------------

EXPORTS = ("applications", "decisions", "deadlines")


def export_filter_form(what: str, params, *, user):
    """The form that reads an export's filters: the report's (period, jurisdiction, group) for
    decisions, the applications list's (q, status, event type, group) for applications and deadlines."""
    form_class = ReportFilterForm if what == "decisions" else ApplicationFilterForm
    return form_class(params, user=user)


def export_response_of(what: str, form, *, user, fmt: str):
    """The export of what `user` may see, filtered by `form` (validated by the caller)."""
    visible = PermitApplication.objects.visible_to(user)
    if what == "decisions":
        return decisions_export(decisions_matching(visible, form.filters()), fmt)
    applications = form.filter(visible)
    if what == "deadlines":
        return deadlines_export(deadlines_of(applications), fmt)
    return applications_export(applications, fmt)
