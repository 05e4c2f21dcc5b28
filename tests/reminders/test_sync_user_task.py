"""reminders.sync_user: a burst of preference saves costs one re-plan, and two saves at once store one row."""

import datetime as dt
from unittest import mock

from reminders import tasks
from reminders.models import ReminderPreference


def test_a_sync_queued_by_an_older_save_leaves_the_work_to_the_newer_one(world):
    first = ReminderPreference.save_for(world.member, offsets=[7])
    older = first.updated_at - dt.timedelta(seconds=1)

    with mock.patch.object(tasks.services, "reminders_sync_for_user") as replan:
        tasks.sync_user(world.member.pk, older.isoformat())
        assert not replan.called
        tasks.sync_user(world.member.pk, first.updated_at.isoformat())
        tasks.sync_user(world.member.pk)
    assert replan.call_count == 2


def test_saving_preferences_again_updates_the_one_row(world):
    ReminderPreference.save_for(world.member, offsets=[7])
    ReminderPreference.save_for(world.member, offsets=[1], discreet=True)

    stored = ReminderPreference.objects.get(user=world.member)
    assert (stored.offsets, stored.discreet) == ([1], True)
    assert ReminderPreference.objects.count() == 1
