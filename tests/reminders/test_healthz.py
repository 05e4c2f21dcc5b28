"""GET /healthz: 200 when the database and the broker answer and a sweep ran in the last five
minutes; 503 otherwise, saying which."""

import datetime as dt

import pytest

from reminders import health
from reminders.sweep import sweep_due_reminders

# A 503 is what the probe is for; Django logs every 5xx answer as an ERROR.
pytestmark = pytest.mark.expected_error_log("django.request")


@pytest.fixture
def broker_up(monkeypatch):
    monkeypatch.setattr(health, "broker_ok", lambda: True)


def get(client):
    response = client.get("/healthz")
    return response.status_code, response.json()


def test_all_well_is_a_200_with_the_time_of_the_last_sweep(db, clock, broker_up, client):
    sweep_due_reminders()
    clock.advance(minutes=4)

    status, body = get(client)

    assert status == 200
    assert body["database"] == "ok" and body["broker"] == "ok"
    assert dt.datetime.fromisoformat(body["last_sweep"]) == dt.datetime(2027, 3, 1, tzinfo=dt.UTC)


def test_a_sweep_more_than_five_minutes_old_is_a_503(db, clock, broker_up, client):
    sweep_due_reminders()
    clock.advance(minutes=5, seconds=1)

    status, body = get(client)

    assert status == 503
    assert body["sweep"] == "late"


def test_no_sweep_ever_is_a_503(db, broker_up, client):
    status, body = get(client)
    assert (status, body["last_sweep"]) == (503, None)


def test_a_broker_that_does_not_answer_is_a_503(db, clock, client, settings, monkeypatch):
    from kombu import Connection

    from config.celery import app

    sweep_due_reminders()
    # Nothing listens on port 1.
    monkeypatch.setattr(app, "connection_for_write", lambda: Connection("redis://127.0.0.1:1/0"))
    started = dt.datetime.now()
    status, body = get(client)
    elapsed = dt.datetime.now() - started

    assert status == 503
    assert body["broker"] == "down" and body["database"] == "ok"
    assert elapsed < dt.timedelta(seconds=settings.HEALTH_BROKER_TIMEOUT_SECONDS * 3)


def test_a_database_that_does_not_answer_is_a_503(db, broker_up, client, monkeypatch):
    from django.db import OperationalError

    class Unreachable:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(health, "connection", Unreachable())

    status, body = get(client)

    assert status == 503
    assert body["database"] == "down"


def test_the_filesystem_broker_of_make_run_answers(db, tmp_path):
    from config.celery import app

    previous = app.conf.broker_url, app.conf.broker_transport_options
    folder = tmp_path / "broker"
    for name in ("queue", "processed", "control"):
        (folder / name).mkdir(parents=True)
    app.conf.broker_url = "filesystem://"
    app.conf.broker_transport_options = {
        "data_folder_in": str(folder / "queue"),
        "data_folder_out": str(folder / "queue"),
        "processed_folder": str(folder / "processed"),
        "control_folder": str(folder / "control"),
    }
    try:
        assert health.broker_ok()
    finally:
        app.conf.broker_url, app.conf.broker_transport_options = previous


def test_redis_answers_when_it_runs(db):
    import os

    from config.celery import app

    url = os.environ.get("CELERY_BROKER_URL", "")
    if not url.startswith("redis://"):
        from tests.conftest import require_service

        require_service("needs Redis (CELERY_BROKER_URL=redis://…)")
    assert app.conf.broker_url == url
    assert health.broker_ok()
