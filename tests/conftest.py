"""The base fixture every access test stands on (after healthchecks' hc/test.py): a lead group
with a coordinator and a member, a co-organizing group with its own member, and an outsider."""

import logging
import os
from dataclasses import dataclass

import pytest
from rest_framework.test import APIClient

from organizations.models import Membership
from tests.factories import PASSWORD, MembershipFactory, OrganizationFactory, PermitApplicationFactory, UserFactory


def require_service(reason: str):
    """Skip for a missing service or browser locally; fail in CI (RUQSAT_NO_SKIP=1, set by .ci/run)."""
    if os.environ.get("RUQSAT_NO_SKIP") == "1":
        pytest.fail(f"required in CI but unavailable: {reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _private_documents_in_tmp(settings, tmp_path, monkeypatch):
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "documents", "base_url": None},
        },
    }
    # Document.file resolved its storage once, at import: point the field at the new one too, or
    # uploads in tests land in the shared var/media.
    from permits.models import Document

    field = Document._meta.get_field("file")
    monkeypatch.setattr(field, "storage", field._storage_callable())


@pytest.fixture(autouse=True)
def _empty_cache():
    # Log-in rate limits, account lock-outs and API throttles count in the cache: each test
    # starts with none used, whatever ran before it in this process.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    # The language a request activated stays active in the thread afterwards; translated model
    # fields (permits/translation.py) read and look up in the active language, so each test starts
    # in the default one, whatever language the previous test's requests used.
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _celery_tasks_in_process():
    # Tasks the code under test enqueues after a commit (reminders' sync) run in this process: none
    # is left in the dev broker's folders under var/ or in CI's Redis for a worker to pick up later.
    from config.celery import app

    previous = app.conf.task_always_eager, app.conf.task_eager_propagates
    # An eager task that raises raises in the test, instead of becoming a failed result no one reads.
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = previous


class _ErrorLogRecorder(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture(autouse=True)
def _no_unexpected_error_logs(request):
    """Fail a test that logged an ERROR (a 500 answered, a receiver or task that raised and was
    swallowed, a mail that failed) unless it says it expects one with
    `@pytest.mark.expected_error_log("logger.name", …)`: production only logs these, so without this
    guard a broken path passes its test as long as the response looks right."""
    recorder = _ErrorLogRecorder()
    root = logging.getLogger()
    root.addHandler(recorder)
    yield
    root.removeHandler(recorder)
    allowed = tuple(name for marker in request.node.iter_markers("expected_error_log") for name in marker.args)
    unexpected = [
        record
        for record in recorder.records
        if not any(record.name == name or record.name.startswith(f"{name}.") for name in allowed)
    ]
    if unexpected:
        lines = "\n".join(f"{record.name}: {record.getMessage()}" for record in unexpected)
        pytest.fail(f"the test logged ERROR it did not expect (mark it expected_error_log if it should):\n{lines}")


@dataclass
class World:
    lead: object
    co_group: object
    other_group: object
    coordinator: object
    member: object
    legal: object
    co_member: object
    outsider: object
    application: object


@pytest.fixture
def world(db):
    lead = OrganizationFactory(name="Feminita")
    co_group = OrganizationFactory(name="KazFem")
    other_group = OrganizationFactory(name="Elsewhere")
    coordinator = UserFactory(username="asel")
    member = UserFactory(username="dana")
    legal = UserFactory(username="lawyer")
    co_member = UserFactory(username="aigerim")
    outsider = UserFactory(username="outsider")
    MembershipFactory(user=coordinator, organization=lead, role=Membership.Role.COORDINATOR)
    MembershipFactory(user=member, organization=lead, role=Membership.Role.MEMBER)
    MembershipFactory(user=legal, organization=lead, role=Membership.Role.LEGAL)
    MembershipFactory(user=co_member, organization=co_group, role=Membership.Role.MEMBER)
    MembershipFactory(user=outsider, organization=other_group, role=Membership.Role.COORDINATOR)
    application = PermitApplicationFactory(organization=lead, co_organizers=[co_group], applicants=["Aruzhan"])
    return World(lead, co_group, other_group, coordinator, member, legal, co_member, outsider, application)


# --- Schema-driven API tests (tests/api_schema_calls.py) ----------------------------------------


@pytest.fixture
def generous_throttle(monkeypatch):
    # Many requests in a few seconds: far above the real throttle, which has its own test.
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"user": "100000/minute", "anon": "100000/minute"})


@pytest.fixture
def keep_the_test_connection():
    # Schemathesis calls the WSGI app directly, so Django's request signals run close_old_connections,
    # which closes the test's transaction-wrapped PostgreSQL connection mid-test (Django's test client
    # disconnects them for the same reason).
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def fake_bot_api():
    """A local fake of Telegram's Bot API (tests/messenger/fake_bot_api.py), running for the test."""
    from tests.messenger.fake_bot_api import FakeBotAPI

    fake = FakeBotAPI().start()
    yield fake
    fake.stop()


@pytest.fixture
def telegram_bot(settings, fake_bot_api):
    """The site has a bot, and its API is the local fake."""
    from tests.messenger.fake_bot_api import BOT_USERNAME

    settings.TELEGRAM_BOT_TOKEN = "123456:TEST-TOKEN"
    settings.TELEGRAM_API_URL = fake_bot_api.url
    settings.TELEGRAM_WEBHOOK_SECRET = "webhook-secret_123"
    settings.TELEGRAM_BOT_USERNAME = BOT_USERNAME
    settings.TELEGRAM_TIMEOUT_SECONDS = 2
    return fake_bot_api


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def api_as(api_client):
    def _as(user):
        api_client.force_authenticate(user)
        return api_client

    return _as


# --- CI: nothing may be skipped ---------------------------------------------------------------
# .ci/run sets RUQSAT_NO_SKIP=1: a test skipped there (a missing PostgreSQL, Redis or browser, a
# skipif that should not have fired) would hide untested code behind a green run, so it fails the
# session instead. Registered on the controlling process only: under pytest-xdist the workers'
# reports reach it through pytest_runtest_logreport / pytest_collectreport.


class NoSkipGuard:
    def __init__(self):
        self.skipped: list[str] = []

    def pytest_runtest_logreport(self, report):
        if report.skipped and not hasattr(report, "wasxfail"):
            self.skipped.append(report.nodeid)

    def pytest_collectreport(self, report):
        if report.skipped:
            self.skipped.append(report.nodeid or "<collection>")

    def pytest_sessionfinish(self, session):
        if self.skipped and session.exitstatus in (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED):
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter):
        if self.skipped:
            terminalreporter.section("RUQSAT_NO_SKIP=1: skipped tests fail this run", red=True)
            for nodeid in self.skipped:
                terminalreporter.line(f"SKIPPED {nodeid}", red=True)


def pytest_configure(config):
    if os.environ.get("RUQSAT_NO_SKIP") == "1" and not hasattr(config, "workerinput"):
        config.pluginmanager.register(NoSkipGuard(), "ruqsat-no-skip")


# --- Real-connection tests restore the seeded rows ---------------------------------------------
# A test with django_db(transaction=True) empties the tables when it ends. With serialized_rollback
# the next such test restores the rows migrations seeded (content types, permissions, reference
# data); without it the flush re-creates the content types at once, and a serialized test run next
# on the same worker fails restoring them on a duplicate key — only in some orders of the suite.
# So every one of them says serialized_rollback=True, and collection refuses one that does not.


def pytest_collection_modifyitems(config, items):
    unserialized = [
        item.nodeid
        for item in items
        if (marker := item.get_closest_marker("django_db"))
        and marker.kwargs.get("transaction")
        and not marker.kwargs.get("serialized_rollback")
    ]
    if unserialized:
        raise pytest.UsageError(
            "django_db(transaction=True) without serialized_rollback=True (see tests/conftest.py): "
            + ", ".join(unserialized)
        )
