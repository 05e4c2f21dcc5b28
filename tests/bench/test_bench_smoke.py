"""The benchmark's own code at a tiny scale on the test database, so that it never rots: every
measurement runs and lands in bench.json. No timing is asserted — `make bench` is where numbers
mean something."""

import json
import os
from pathlib import Path

import pytest
from django.core import signals
from django.db import close_old_connections
from django.utils import timezone

from bench.data import TINY
from bench.load import gunicorn_env, workers
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
    results = run_benchmark(TINY, runs=1, sweep_runs=1, load_seconds=2, load_think=(0.0, 0.05), log=lambda line: None)

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
    checks = results["checks"]
    assert (checks["sweep_sent_small"], checks["sweep_sent_large"], checks["due"]) == (TINY.due, TINY.due, TINY.due)
    # The floors did the same work: the sweep's floor checks its own email count and that it ran no
    # query; the export's floor wrote every row the export wrote.
    assert metrics["sweep_floor_ms"] > 0
    assert checks["export_floor_rows"] == metrics["export_rows"]
    # The load test went round every page of the mix as every person, and each answered 200.
    assert checks["load_errors"] == []
    assert metrics["load_errors"] == 0
    assert metrics["single_requests"] > 0
    assert metrics["load_requests"] > 0
    assert set(results["goals"]) == {
        "list_p50_ms",
        "list_queries",
        "sweep_1m_ms",
        "export_peak_mb",
        "export_xlsx_peak_mb",
        "report_ms",
        "sweep_floor_ratio",
        "export_floor_ratio",
        "load_errors",
        "load_p95_ms",
    }

    path = tmp_path / "var" / "bench.json"
    write_results(results, path)
    written = json.loads(path.read_text(encoding="utf-8"))
    assert set(REQUIRED) <= set(written)
    assert "| `list_p50_ms` |" in table(results)
    assert "| `load_p95_ms` |" in table(results)


def test_the_load_test_runs_gunicorn_with_the_production_settings_over_plain_http_on_localhost(settings):
    env = gunicorn_env("postgres://postgres@127.0.0.1:5432/ruqsat_bench", Path("/tmp/x"))

    assert env["DJANGO_SETTINGS_MODULE"] == "config.settings"
    assert env["DEBUG"] == "0"
    assert env["ALLOWED_HOSTS"] == "127.0.0.1"
    # Plain HTTP: no redirect to HTTPS and a session cookie the client may send back; the sessions
    # made beforehand are signed with this process's key.
    assert (env["SECURE_SSL_REDIRECT"], env["SESSION_COOKIE_SECURE"]) == ("0", "0")
    assert env["SECRET_KEY"] == settings.SECRET_KEY
    assert "EMAIL_BACKEND" not in env
    assert workers() == 2 * os.cpu_count() + 1


def test_each_client_of_the_load_test_reads_the_page_before_its_next_click(monkeypatch):
    import bench.load

    clicks = []
    monkeypatch.setattr(bench.load, "_get", lambda port, path, session_key: (clicks.append(path) or 1.0, None))
    person = bench.load.Person("key", ["/a/", "/b/"])

    samples = bench.load.load(0, [person], clients=2, seconds=0.6, think=(0.2, 0.2))

    # Without the pause each client would click thousands of times in 0.6 s; with a 0.2 s read
    # after every answer (and a first click within the first 0.2 s) each clicks at most four times.
    assert 2 <= len(clicks) <= 8
    assert len(samples.ms) == len(clicks) and samples.errors == []
