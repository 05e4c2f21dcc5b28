"""The benchmark's own code at a tiny scale on the test database, so that it never rots: every
measurement runs and lands in bench.json. No timing is asserted — `make bench` is where numbers
mean something."""

import json

import pytest
from django.core import signals
from django.db import close_old_connections
from django.utils import timezone

from bench.data import TINY
from bench.run import REQUIRED, run_benchmark, table, write_results
from permits.models import Deadline, Decision, PermitApplication
from reminders.models import Reminder


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    # The benchmark calls the WSGI handler directly; its request signals would run
    # close_old_connections and close the test's transaction-wrapped PostgreSQL connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
def test_the_benchmark_runs_at_a_tiny_scale_and_reports_every_measurement(tmp_path):
    results = run_benchmark(TINY, runs=1, sweep_runs=1, log=lambda line: None)

    assert PermitApplication.objects.count() == TINY.applications
    assert Decision.objects.count() == TINY.applications
    assert Deadline.objects.count() == TINY.deadlines_large
    # Put back after the sweeps: the due reminders wait again for the next measurement.
    assert Reminder.objects.due(timezone.now()).count() == TINY.due
    metrics = results["metrics"]
    for name in REQUIRED:
        assert metrics[name] >= 0, name
    assert metrics["list_queries"] > 0
    assert metrics["export_rows"] == TINY.applications  # the monitor sees every application
    assert metrics["export_xlsx_rows"] == TINY.applications
    # The same due reminders were sent by both sweeps, and put back afterwards.
    assert results["checks"] == {"sweep_sent_small": TINY.due, "sweep_sent_large": TINY.due, "due": TINY.due}
    assert set(results["goals"]) == {
        "list_p50_ms",
        "list_queries",
        "sweep_1m_ms",
        "export_peak_mb",
        "export_xlsx_peak_mb",
        "report_ms",
    }

    path = tmp_path / "var" / "bench.json"
    write_results(results, path)
    written = json.loads(path.read_text(encoding="utf-8"))
    assert set(REQUIRED) <= set(written)
    assert "| `list_p50_ms` |" in table(results)
