"""What the sweep's commits wait for (PostgreSQL): an email's mark does not wait for the disk, but
every tenth does, with all before it (a server crash resends at most the nine emails since, each
with the same Message-ID); Telegram's mark before the send always does, whatever the session or the
server is set to, since a Telegram message sent twice cannot be recognised as the same one."""

import datetime as dt
import os

import pytest
from django.core import mail
from django.db import connection

from messenger.models import TelegramLink
from reminders.models import Reminder, ReminderPreference
from reminders.services import reminders_sync
from reminders.sweep import _EmailMarks, sweep_due_reminders
from tests.conftest import require_service
from tests.reminders.conftest import custom_deadline

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),  # keeps the reference data
    pytest.mark.usefixtures("on_postgresql"),
]

UTC = dt.UTC
AT_14 = dt.datetime(2027, 3, 17, 4, 0, tzinfo=UTC)  # 09:00 in Almaty, 14 days before 31 March
DANA_CHAT = 5550001


@pytest.fixture(scope="module")
def on_postgresql():
    """Decided before any database set-up: skipped on SQLite locally, a failure in CI."""
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        require_service("needs PostgreSQL: synchronous_commit is PostgreSQL's")


class MarkWatcher:
    """Records, for each UPDATE of a reminder, the synchronous_commit in force as it ran."""

    def __init__(self):
        self.updates: list[tuple[str, str]] = []

    def __call__(self, execute, sql, params, many, context):
        if sql.startswith('UPDATE "reminders_reminder"'):
            raw = context["cursor"].cursor
            raw.execute("SHOW synchronous_commit")
            self.updates.append((sql, raw.fetchone()[0]))
        return execute(sql, params, many, context)

    def settings_of(self, set_clause: str) -> list[str]:
        return [setting for sql, setting in self.updates if set_clause in sql.split(" WHERE ")[0]]


@pytest.fixture
def dana_by_telegram_and_email(clock, world, telegram_bot):
    custom_deadline(world.application, dt.date(2027, 3, 31))
    reminders_sync(application_id=world.application.pk)
    ReminderPreference.save_for(world.member, by_telegram=True, by_email=True)
    TelegramLink.objects.create(user=world.member, chat_id=DANA_CHAT)
    clock.set(AT_14)


def session_setting() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return cursor.fetchone()[0]


def sweep_watched() -> MarkWatcher:
    watcher = MarkWatcher()
    with connection.execute_wrapper(watcher):
        sweep_due_reminders()
    return watcher


def test_an_emails_mark_does_not_wait_for_the_disk_and_telegrams_mark_does(dana_by_telegram_and_email, world):
    watcher = sweep_watched()

    # Dana (Telegram and email) and Asel (email): two emails, one Telegram message, each marked.
    assert sorted(message.to[0] for message in mail.outbox) == [world.coordinator.email, world.member.email]
    assert watcher.settings_of('"email_sent_at" =') == ["off", "off"]
    assert watcher.settings_of('SET "telegram_started_at" =') == ["on"]
    assert Reminder.objects.filter(status=Reminder.Status.SENT, telegram_started_at__isnull=False).count() == 1
    # The session is as it was: what the worker does next waits for the disk again.
    assert session_setting() == "on"


def test_every_tenth_email_mark_waits_for_the_disk_so_a_server_crash_resends_at_most_nine(
    dana_by_telegram_and_email, world, monkeypatch
):
    # Two emails here: one in two waits, as one in ten does in a sweep of many.
    monkeypatch.setattr(_EmailMarks, "FLUSH_EVERY", 2)

    watcher = sweep_watched()

    assert watcher.settings_of('"email_sent_at" =') == ["off", "on"]
    assert Reminder.objects.filter(status=Reminder.Status.SENT, email_sent_at__isnull=False).count() == 2
    assert session_setting() == "on"


def test_telegrams_mark_waits_for_the_disk_even_where_the_session_does_not(dana_by_telegram_and_email, world):
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")  # as a server configured not to wait would be

    watcher = sweep_watched()

    assert watcher.settings_of('SET "telegram_started_at" =') == ["on"]
    assert watcher.settings_of('"email_sent_at" =') == ["off", "off"]
    assert session_setting() == "off"  # put back as it was
