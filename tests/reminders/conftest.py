"""Fixtures for the reminder tests: a clock the tests move, Celery tasks run in-process, and
helpers to make deadlines on chosen days."""

import datetime as dt
import os
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.utils import timezone

from appeals.models import Appeal, AppealVolunteer
from config.celery import app as celery_app
from permits.models import Deadline
from reminders.services import reminders_sync
from tests.factories import refused_application

UTC = dt.UTC


class Clock:
    """django.utils.timezone.now, under the test's control. Everything in reminders reads the time
    through it, as do auto_now fields and the deadlines' local_today."""

    def __init__(self, start: dt.datetime):
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def set(self, moment: dt.datetime):
        self.now = moment

    def advance(self, **delta):
        self.now += dt.timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    the_clock = Clock(dt.datetime(2027, 3, 1, 0, 0, tzinfo=UTC))
    monkeypatch.setattr(timezone, "now", the_clock)
    return the_clock


@pytest.fixture(autouse=True)
def _celery_errors_surface():
    """Tasks run in this process (tests/conftest.py); here their errors fail the test."""
    previous = celery_app.conf.task_eager_propagates
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_eager_propagates = previous


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://ruqsat.example"


def custom_deadline(application, due_on: dt.date, title="Submit the revised route", by=None) -> Deadline:
    return application.add_custom_deadline(title=title, due_on=due_on, by=by)


def message_ids(outbox) -> list[str]:
    return [message.extra_headers["Message-ID"] for message in outbox]


# --- PostgreSQL for the tests that need separate processes ------------------------------------------


def on_postgresql() -> bool:
    return connection.vendor == "postgresql"


POSTGRESQL_REASON = "needs PostgreSQL (DATABASE_URL=postgres://…): separate processes share its database"


def require_postgresql():
    if not on_postgresql():
        from tests.conftest import require_service

        require_service(POSTGRESQL_REASON)


@pytest.fixture(scope="module")
def postgresql_only():
    """For modules whose tests run other processes on committed rows. Module-scoped so that it
    decides before any database set-up: skipped on SQLite locally, a failure in CI (require_service)."""
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        from tests.conftest import require_service

        require_service(POSTGRESQL_REASON)


def subprocess_database_url() -> str:
    """The URL of the test database pytest-django made, for subprocesses to connect to."""
    url = urlsplit(os.environ["DATABASE_URL"])
    return url._replace(path="/" + connection.settings_dict["NAME"]).geturl()


# A refused application of the lead group (KazFem co-organizing) with its appeal to the higher
# authority, the lawyer assigned as volunteer, and its deadlines and reminders planned.
@pytest.fixture
def appeal(clock, world):
    application = refused_application(
        organization=world.lead, co_organizers=[world.co_group], decided_on=dt.date(2027, 3, 1), by=world.coordinator
    )
    appeal = Appeal.objects.create(
        application=application,
        decision=application.latest_decision,
        venue="higher_authority",
        created_by=world.coordinator,
    )
    appeal.sync_deadlines(by=world.coordinator)
    AppealVolunteer.objects.create(appeal=appeal, user=world.legal, assigned_by=world.coordinator)
    reminders_sync(application_id=application.pk)
    return appeal
