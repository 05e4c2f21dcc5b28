"""The measurements: pages through Django's test client (the whole middleware stack, templates
included, no network), the sweep as Celery beat calls it, the export's memory under tracemalloc,
and the floors they are compared with: the sweep's emails rendered and sent with no database work,
the export's rows written by PostgreSQL's COPY. (The load test on a real server is bench.load.)"""

from __future__ import annotations

import gc
import statistics
import tempfile
import time
import tracemalloc
from contextlib import contextmanager

from django.contrib import admin
from django.core import mail
from django.core.mail import get_connection
from django.db import connection
from django.db.models import Aggregate, Case, CharField, F, OuterRef, Subquery, Value, When
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from permits.models import CoOrganizer, EventType, PermitApplication, Status
from permits.models.applications import Channel
from permits.views.applications import PAGE_SIZE
from reminders.delivery import build_email
from reminders.models import Notification, Reminder, ReminderPreference
from reminders.sweep import RELATED, sweep_due_reminders
from reports.exports import LocalMinute

MB = 1024 * 1024


def p50(samples: list[float]) -> float:
    return round(statistics.median(samples), 1)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _get(client: Client, url: str, **params):
    response = client.get(url, params)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} {params}: {response.status_code}")
    if getattr(response, "streaming", False):
        for _piece in response.streaming_content:
            pass
    return response


def page_timings(client: Client, url: str, runs: int, warmup: int = 2, **params) -> list[float]:
    for _ in range(warmup):
        _get(client, url, **params)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        _get(client, url, **params)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def query_count(client: Client, url: str, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        _get(client, url, **params)
    return len(queries)


# --- The applications list and the admin's changelist ------------------------------------------


def _timed(client: Client, url: str, **params) -> float:
    start = time.perf_counter()
    _get(client, url, **params)
    return (time.perf_counter() - start) * 1000


@contextmanager
def admin_page_size(size: int):
    model_admin = admin.site._registry[PermitApplication]
    before = model_admin.list_per_page
    model_admin.list_per_page = size
    try:
        yield
    finally:
        model_admin.list_per_page = before


def measure_list_and_admin(coordinator: Client, superuser: Client, runs: int, warmup: int = 2) -> dict:
    """The applications list as the coordinator and the admin's changelist of the same model at the
    same page size as a superuser, request by request in turn so neither gets a warmer cache."""
    list_url = reverse("permits:application_list")
    admin_url = reverse("admin:permits_permitapplication_changelist")
    list_samples, admin_samples = [], []
    with admin_page_size(PAGE_SIZE):
        for i in range(warmup + runs):
            admin_ms, list_ms = _timed(superuser, admin_url), _timed(coordinator, list_url)
            if i >= warmup:
                admin_samples.append(admin_ms)
                list_samples.append(list_ms)
        admin_queries = query_count(superuser, admin_url)
    # The first page and a deep one: the number of queries must not grow with either.
    list_queries = max(query_count(coordinator, list_url), query_count(coordinator, list_url, page=50))
    return {
        "list_p50_ms": p50(list_samples),
        "admin_changelist_p50_ms": p50(admin_samples),
        "list_queries": list_queries,
        "admin_changelist_queries": admin_queries,
        "list_deep_page_ms": round(_timed(coordinator, list_url, page=50), 1),
    }


# --- The reminder sweep -----------------------------------------------------------------------


def reset_due(due_ids: list[int]) -> None:
    """Put the due reminders back as they were before a sweep sent them."""
    Notification.objects.filter(reminder_id__in=due_ids).delete()
    Reminder.objects.filter(pk__in=due_ids).update(
        status=Reminder.Status.PENDING,
        next_attempt_at=F("send_at"),
        claimed_until=None,
        claim_token="",
        notified_at=None,
        email_sent_at=None,
        sent_at=None,
        outcome_note="",
        attempts=0,
        first_failed_at=None,
        last_error="",
    )
    mail.outbox = []


def measure_sweep(
    due_ids: list[int], runs: int, *, with_floor: bool = False, each_run=None
) -> tuple[float, int, float | None]:
    """One full sweep of the due reminders, `runs` times; (p50 ms, reminders sent in the last run,
    the floor's p50 ms or None). With the floor, each sweep is followed by one run of its floor, so
    that both see the same machine: on a shared machine the load changes from minute to minute.
    `each_run(sweep_ms, floor_ms)` is told each run's numbers (floor_ms None without the floor)."""
    samples, floor_samples, sent = [], [], 0
    floor = SweepFloor(due_ids) if with_floor else None
    # A first sweep of one reminder loads what any first call loads (URL configuration, templates).
    Reminder.objects.filter(pk__in=due_ids[1:]).update(status=Reminder.Status.SENT, next_attempt_at=None)
    reset_due(due_ids[:1])
    sweep_due_reminders()
    for _ in range(runs):
        reset_due(due_ids)
        start = time.perf_counter()
        result = sweep_due_reminders()
        samples.append((time.perf_counter() - start) * 1000)
        sent = result.sent
        if sent != len(due_ids) or len(mail.outbox) != len(due_ids):
            raise RuntimeError(f"the sweep sent {sent} reminders and {len(mail.outbox)} emails, not {len(due_ids)}")
        if floor is not None:
            floor_samples.append(floor.run())
        if each_run is not None:
            each_run(samples[-1], floor_samples[-1] if floor is not None else None)
    reset_due(due_ids)
    return p50(samples), sent, (p50(floor_samples) if floor is not None else None)


class SweepFloor:
    """The least the sweep's work can cost, as issue 15 defines it: the same reminder emails rendered
    and sent (build_email: the same templates, each in its recipient's language and zone) to the same
    backend over one connection, with every object they need read before the clock starts — no
    database work at all (checked). The bell notices the sweep also writes are part of what it costs
    above this floor (their summary line is the email's subject, made once for both)."""

    def __init__(self, due_ids: list[int]):
        reminders = Reminder.objects.filter(pk__in=due_ids).select_related(*RELATED).order_by("next_attempt_at", "id")
        self.reminders = list(reminders)
        self.preferences = ReminderPreference.for_users(reminder.recipient_id for reminder in self.reminders)
        self._send_all()  # what any first call loads (URL configuration, templates, catalogues)

    def _send_all(self) -> None:
        backend = get_connection()
        backend.open()
        for reminder in self.reminders:
            backend.send_messages([build_email(reminder, self.preferences[reminder.recipient_id], connection=backend)])
        backend.close()

    def run(self) -> float:
        """One run, in ms."""
        mail.outbox = []
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            self._send_all()
            ms = (time.perf_counter() - start) * 1000
        sent = len(mail.outbox)
        mail.outbox = []
        if len(queries) or sent != len(self.reminders):
            expected = len(self.reminders)
            raise RuntimeError(f"the floor ran {len(queries)} queries and sent {sent} emails, not {expected}")
        return ms


# --- The CSV and XLSX exports and the refusal report ------------------------------------------------------


def measure_export(client: Client) -> dict:
    """Peak memory growth while streaming the applications CSV (tracemalloc), then its time without
    tracemalloc's overhead."""
    url = reverse("reports:export_applications")
    gc.collect()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        baseline = tracemalloc.get_traced_memory()[0]
        response = client.get(url)
        size = lines = 0
        for piece in response.streaming_content:
            size += len(piece)
            lines += piece.count(b"\n")
        # No response.close() here: the test client closes a consumed stream itself, and a second
        # close would send request_finished and close the database connection under a test.
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    start = time.perf_counter()
    _get(client, url)
    seconds = time.perf_counter() - start
    return {
        "export_peak_mb": round((peak - baseline) / MB, 1),
        "export_ms": round(seconds * 1000, 1),
        "export_rows": lines - 1,
        "export_mb": round(size / MB, 1),
    }


def measure_export_xlsx(client: Client) -> dict:
    """Peak memory growth while writing and sending the applications XLSX (openpyxl's write-only
    workbook: its rows go to a temporary file as they come), and the rows it holds; then its time
    without tracemalloc, which slows every Python line it watches several times over."""
    from openpyxl import load_workbook

    url = reverse("reports:export_applications_xlsx")
    gc.collect()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        baseline = tracemalloc.get_traced_memory()[0]
        response = client.get(url)
        with tempfile.TemporaryFile() as file:
            for piece in response.streaming_content:
                file.write(piece)
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            file.seek(0)
            rows = sum(1 for _row in load_workbook(file, read_only=True).active.iter_rows(values_only=True))
    finally:
        if tracemalloc.is_tracing():
            tracemalloc.stop()
    start = time.perf_counter()
    _get(client, url)
    seconds = time.perf_counter() - start
    return {
        "export_xlsx_peak_mb": round((peak - baseline) / MB, 1),
        "export_xlsx_ms": round(seconds * 1000, 1),
        "export_xlsx_rows": rows - 1,
    }


def measure_report(client: Client, runs: int) -> dict:
    page = page_timings(client, reverse("reports:report"), runs)
    api = page_timings(client, reverse("report-refusals"), runs, by="reason")
    return {"report_ms": p50(page), "report_api_ms": p50(api)}


# --- The export's floor: the same rows and columns written by the database itself ---------------


class _Joined(Aggregate):
    """The co-organizing groups' names in one cell, as the export joins them ("; ", sorted)."""

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s, '; ' ORDER BY %(expressions)s)"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra):
        template = "%(function)s(%(expressions)s, '; ')"
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", template=template)


class _LocalMinute(LocalMinute):
    """The export's moment text (reports.exports.LocalMinute); on SQLite (the tiny run in `make
    test`) the stored moment as it is."""

    def as_sqlite(self, compiler, connection, **extra):
        return compiler.compile(self.source_expressions[0])


def _label(field: str, choices) -> Case:
    return Case(*(When(**{field: code}, then=Value(str(label))) for code, label in choices), default=F(field))


def export_floor_queryset(applications):
    """The export's rows and columns (reports.exports.application_rows, in the same order) as one
    query: labels, group and authority names and the co-organizers joined in SQL."""
    from django.utils import timezone

    zone = timezone.get_current_timezone_name()
    co_organizers = (
        CoOrganizer.objects.filter(application=OuterRef("pk"))
        .order_by()
        .values("application")
        .annotate(names=_Joined("organization__name"))
        .values("names")
    )
    return (
        applications.order_by("-starts_at", "-id")
        .annotate(
            event_label=_label("event_type", EventType.choices),
            status_label=_label("status", Status.choices),
            co_organizing=Subquery(co_organizers, output_field=CharField()),
            starts=_LocalMinute("starts_at", zone),
            ends=_LocalMinute("ends_at", zone),
            channel_label=_label("channel", Channel.choices),
        )
        .values_list(
            "id",
            "title",
            "event_label",
            "status_label",
            "organization__name",
            "co_organizing",
            "authority__name",
            "authority__jurisdiction__code",
            "starts",
            "ends",
            "location",
            "route",
            "expected_participants",
            "filed_on",
            "channel_label",
            "reference_number",
            "purpose",
        )
    )


class _Counter:
    """COPY's output file: counts, keeps nothing."""

    size = lines = 0

    def write(self, data):
        self.size += len(data)
        self.lines += data.count(b"\n" if isinstance(data, bytes) else "\n")
        return len(data)


def export_floor(applications) -> tuple[float, int]:
    """COPY (the export's query) TO STDOUT WITH CSV through psycopg2's copy_expert: (ms, rows). On
    another database (the tiny run in `make test` on SQLite) the same query through csv.writer."""
    import csv

    sql, params = export_floor_queryset(applications).query.sql_with_params()
    sink = _Counter()
    with connection.cursor() as cursor:
        start = time.perf_counter()
        if connection.vendor == "postgresql":
            query = cursor.mogrify(sql, params).decode()
            cursor.copy_expert(f"COPY ({query}) TO STDOUT WITH (FORMAT csv, HEADER)", sink, size=1 << 16)
        else:
            cursor.execute(sql, params)
            writer = csv.writer(sink, lineterminator="\n")
            sink.write("header\n")
            while rows := cursor.fetchmany(2000):
                writer.writerows(rows)
        seconds = time.perf_counter() - start
    return seconds * 1000, sink.lines - 1


def measure_export_floor(user, runs: int = 3) -> dict:
    """The floor of the monitor's CSV export, the p50 of `runs` (after one to warm the cache)."""
    applications = PermitApplication.objects.visible_to(user)
    export_floor(applications)
    samples, rows = [], 0
    for _ in range(runs):
        ms, rows = export_floor(applications)
        samples.append(ms)
    return {"export_floor_ms": p50(samples), "export_floor_rows": rows}
