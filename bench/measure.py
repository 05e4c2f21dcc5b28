"""The measurements: pages through Django's test client (the whole middleware stack, templates
included, no network), the sweep as Celery beat calls it, the export's memory under tracemalloc."""

from __future__ import annotations

import gc
import statistics
import tempfile
import time
import tracemalloc
from contextlib import contextmanager

from django.contrib import admin
from django.core import mail
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from permits.models import PermitApplication
from permits.views.applications import PAGE_SIZE
from reminders.models import Notification, Reminder
from reminders.sweep import sweep_due_reminders

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


def measure_sweep(due_ids: list[int], runs: int) -> tuple[float, int]:
    """One full sweep of the due reminders, `runs` times; (p50 ms, reminders sent in the last run)."""
    samples, sent = [], 0
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
    reset_due(due_ids)
    return p50(samples), sent


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
    workbook: its rows go to a temporary file as they come), and the rows it holds."""
    from openpyxl import load_workbook

    url = reverse("reports:export_applications_xlsx")
    gc.collect()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        baseline = tracemalloc.get_traced_memory()[0]
        start = time.perf_counter()
        response = client.get(url)
        with tempfile.TemporaryFile() as file:
            for piece in response.streaming_content:
                file.write(piece)
            peak = tracemalloc.get_traced_memory()[1]
            seconds = time.perf_counter() - start
            tracemalloc.stop()
            file.seek(0)
            rows = sum(1 for _row in load_workbook(file, read_only=True).active.iter_rows(values_only=True))
    finally:
        if tracemalloc.is_tracing():
            tracemalloc.stop()
    return {
        "export_xlsx_peak_mb": round((peak - baseline) / MB, 1),
        "export_xlsx_ms": round(seconds * 1000, 1),
        "export_xlsx_rows": rows - 1,
    }


def measure_report(client: Client, runs: int) -> dict:
    page = page_timings(client, reverse("reports:report"), runs)
    api = page_timings(client, reverse("report-refusals"), runs, by="reason")
    return {"report_ms": p50(page), "report_api_ms": p50(api)}
