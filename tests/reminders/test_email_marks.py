"""The email's mark the sweep compiles once and runs for each email (reminders.sweep._EmailMarks):
it finishes a row only while the row is still this sweep's and pending, as the ORM's UPDATE did."""

import datetime as dt

import pytest

from reminders.models import Reminder
from reminders.services import reminders_sync
from reminders.sweep import _EmailMarks
from tests.reminders.conftest import custom_deadline

pytestmark = pytest.mark.django_db

UTC = dt.UTC
AT_14 = dt.datetime(2027, 3, 17, 4, 0, tzinfo=UTC)


@pytest.fixture
def claimed(clock, world):
    """A due row claimed by a sweep whose token is "ours"."""
    custom_deadline(world.application, dt.date(2027, 3, 31))
    reminders_sync(application_id=world.application.pk)
    row = Reminder.objects.filter(recipient=world.member, offset_days=14).get()
    Reminder.objects.filter(pk=row.pk).update(claim_token="ours", claimed_until=AT_14 + dt.timedelta(minutes=10))
    return row


def test_the_mark_finishes_the_row_as_sent_at_its_moment_and_only_once(claimed):
    marks = _EmailMarks()

    assert marks.sent(claimed.pk, "ours", AT_14) is True
    assert marks.sent(claimed.pk, "ours", AT_14 + dt.timedelta(minutes=1)) is False  # no longer pending

    row = Reminder.objects.get(pk=claimed.pk)
    assert row.status == Reminder.Status.SENT
    assert (row.email_sent_at, row.sent_at) == (AT_14, AT_14)
    assert (row.claim_token, row.claimed_until, row.next_attempt_at) == ("", None, None)


def test_the_mark_leaves_a_row_another_sweep_has_taken_over(claimed):
    assert _EmailMarks().sent(claimed.pk, "someone-else", AT_14) is False

    row = Reminder.objects.get(pk=claimed.pk)
    assert row.status == Reminder.Status.PENDING and row.email_sent_at is None and row.claim_token == "ours"


def test_the_mark_touches_no_other_row(claimed, world):
    others = list(Reminder.objects.exclude(pk=claimed.pk).values_list("pk", "status", "email_sent_at"))
    Reminder.objects.exclude(pk=claimed.pk).update(claim_token="ours")

    _EmailMarks().sent(claimed.pk, "ours", AT_14)

    assert list(Reminder.objects.exclude(pk=claimed.pk).values_list("pk", "status", "email_sent_at")) == others
