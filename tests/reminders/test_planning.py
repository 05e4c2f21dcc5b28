"""reminders_sync: which rows exist for whom and when, and how they follow deadlines and people."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from organizations.models import Membership
from permits.models import Authority, Jurisdiction
from reminders.models import Reminder, ReminderPreference
from reminders.services import reminders_reconcile, reminders_sync
from tests.factories import MembershipFactory, PermitApplicationFactory, UserFactory
from tests.reminders.conftest import custom_deadline

UTC = dt.UTC
DUE = dt.date(2027, 3, 31)


def rows(deadline, **filters):
    return Reminder.objects.filter(deadline=deadline, **filters)


@pytest.fixture
def deadline(clock, world):
    return custom_deadline(world.application, DUE)


def test_coordinators_and_members_of_the_lead_group_get_the_default_offsets(deadline, world):
    reminders_sync(application_id=world.application.pk)

    planned = {(r.recipient.username, r.offset_days) for r in rows(deadline)}
    assert planned == {(user, days) for user in ("asel", "dana") for days in (14, 7, 3, 1, 0)}
    assert all(r.status == Reminder.Status.PENDING and r.next_attempt_at == r.send_at for r in rows(deadline))


def test_legal_volunteers_co_organizers_and_outsiders_get_no_plain_reminders(deadline, world):
    reminders_sync(application_id=world.application.pk)

    recipients = set(rows(deadline).values_list("recipient__username", flat=True))
    assert recipients.isdisjoint({"lawyer", "aigerim", "outsider"})


def test_reminders_go_out_at_nine_in_the_recipients_own_zone(deadline, world):
    world.member.time_zone = "Asia/Tashkent"  # UTC+5, no daylight saving
    world.member.save()
    world.coordinator.time_zone = "America/New_York"
    world.coordinator.save()

    reminders_sync(application_id=world.application.pk)

    seven_days = rows(deadline, offset_days=7)
    assert seven_days.get(recipient=world.member).send_at == dt.datetime(2027, 3, 24, 4, 0, tzinfo=UTC)
    # New York is on daylight time (UTC-4) from 14 March 2027.
    assert seven_days.get(recipient=world.coordinator).send_at == dt.datetime(2027, 3, 24, 13, 0, tzinfo=UTC)


def test_nine_o_clock_follows_a_daylight_saving_change_between_two_offsets(clock, world):
    berlin = Jurisdiction.objects.create(code="DE-BE", name="Berlin", country="DE", time_zone="Europe/Berlin")
    application = PermitApplicationFactory(
        organization=world.lead, authority=Authority.objects.create(name="Bezirksamt", jurisdiction=berlin)
    )
    world.member.time_zone = "Europe/Berlin"
    world.member.save()
    # Clocks go forward in Berlin on 28 March 2027: 09:00 is 08:00 UTC before and 07:00 UTC after.
    deadline = custom_deadline(application, dt.date(2027, 3, 31))

    reminders_sync(application_id=application.pk)

    mine = {r.offset_days: r.send_at for r in rows(deadline, recipient=world.member)}
    assert mine[7] == dt.datetime(2027, 3, 24, 8, 0, tzinfo=UTC)
    assert mine[1] == dt.datetime(2027, 3, 30, 7, 0, tzinfo=UTC)
    assert mine[0].astimezone(ZoneInfo("Europe/Berlin")).time() == dt.time(9, 0)
    # The deadline itself falls due at the end of its day in Berlin (summer time).
    assert deadline.due_at == dt.datetime(2027, 3, 31, 21, 59, 59, tzinfo=UTC)


def test_a_reminder_on_the_day_is_never_planned_after_the_deadline_itself(clock, world):
    world.member.time_zone = "Pacific/Honolulu"  # UTC-10: 09:00 there is after midnight in Almaty
    world.member.save()
    deadline = custom_deadline(world.application, DUE)

    reminders_sync(application_id=world.application.pk)

    on_the_day = rows(deadline, recipient=world.member, offset_days=0).get()
    assert on_the_day.send_at == deadline.due_at - dt.timedelta(hours=1)


def test_each_person_chooses_offsets_and_can_turn_reminders_off(deadline, world):
    ReminderPreference.objects.create(user=world.member, offsets=[21, 2])
    ReminderPreference.objects.create(user=world.coordinator, wants_reminders=False)

    reminders_sync(application_id=world.application.pk)

    assert sorted(rows(deadline).values_list("recipient__username", "offset_days")) == [("dana", 2), ("dana", 21)]


def test_syncing_twice_changes_nothing(deadline, world):
    first = reminders_sync(application_id=world.application.pk)
    second = reminders_sync(application_id=world.application.pk)

    assert first.created == 10
    assert (second.created, second.replanned, second.cancelled) == (0, 0, 0)
    assert rows(deadline).count() == 10


def test_a_deadline_marked_done_cancels_its_waiting_reminders(deadline, world):
    reminders_sync(application_id=world.application.pk)

    deadline.mark_done(by=world.member)
    reminders_sync(application_id=world.application.pk)

    assert set(rows(deadline).values_list("status", flat=True)) == {Reminder.Status.CANCELLED}
    assert rows(deadline, next_attempt_at__isnull=False).count() == 0


def test_a_moved_deadline_cancels_the_old_moments_and_plans_new_ones(deadline, world, clock):
    reminders_sync(application_id=world.application.pk)

    deadline.override(due_on=dt.date(2027, 4, 10), reason="The court extended the period", by=world.coordinator)
    reminders_sync(application_id=world.application.pk)

    old = rows(deadline, deadline_due_on=DUE)
    new = rows(deadline, deadline_due_on=dt.date(2027, 4, 10))
    assert set(old.values_list("status", "outcome_note")) == {(Reminder.Status.CANCELLED, "deadline moved")}
    assert new.filter(status=Reminder.Status.PENDING).count() == 10
    assert new.get(recipient=world.member, offset_days=1).send_at.date() == dt.date(2027, 4, 9)


def test_a_sent_reminder_stays_on_record_when_its_deadline_moves(deadline, world):
    reminders_sync(application_id=world.application.pk)
    rows(deadline, recipient=world.member, offset_days=14).update(status=Reminder.Status.SENT, next_attempt_at=None)

    deadline.override(due_on=dt.date(2027, 4, 10), reason="Extended", by=world.coordinator)
    reminders_sync(application_id=world.application.pk)

    sent = rows(deadline, status=Reminder.Status.SENT).get()
    assert (sent.offset_days, sent.deadline_due_on) == (14, DUE)


def test_moving_a_deadline_back_reopens_its_cancelled_reminders_without_doubling_them(deadline, world):
    reminders_sync(application_id=world.application.pk)
    deadline.override(due_on=dt.date(2027, 4, 10), reason="Extended", by=world.coordinator)
    reminders_sync(application_id=world.application.pk)

    deadline.override(due_on=DUE, reason="The extension was revoked", by=world.coordinator)
    reminders_sync(application_id=world.application.pk)

    assert rows(deadline, deadline_due_on=DUE, status=Reminder.Status.PENDING).count() == 10
    assert rows(deadline, deadline_due_on=DUE).count() == 10


def test_a_deleted_deadline_takes_its_reminders_with_it(deadline, world):
    reminders_sync(application_id=world.application.pk)
    deadline_id = deadline.pk

    deadline.delete()
    reminders_sync(application_id=world.application.pk)

    assert not Reminder.objects.filter(deadline_id=deadline_id).exists()


def test_a_person_who_leaves_the_group_is_no_longer_reminded(deadline, world):
    reminders_sync(application_id=world.application.pk)

    Membership.objects.get(user=world.member, organization=world.lead).leave()
    reminders_sync(application_id=world.application.pk)

    assert set(rows(deadline, recipient=world.member).values_list("status", flat=True)) == {"cancelled"}
    assert rows(deadline, recipient=world.coordinator, status="pending").count() == 5


def test_deadlines_already_past_get_no_reminders(clock, world):
    past = custom_deadline(world.application, dt.date(2027, 2, 20))

    reminders_sync(application_id=world.application.pk)

    assert not rows(past).exists()


def test_changing_a_deadline_plans_its_reminders_after_the_commit(clock, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        deadline = custom_deadline(world.application, DUE)
        assert not rows(deadline).exists()  # nothing before the commit

    assert callbacks
    assert rows(deadline).count() == 10


def test_a_new_member_is_planned_in_after_the_commit(deadline, world, django_capture_on_commit_callbacks):
    reminders_sync(application_id=world.application.pk)
    newcomer = UserFactory(username="newcomer")

    with django_capture_on_commit_callbacks(execute=True):
        MembershipFactory(user=newcomer, organization=world.lead, role=Membership.Role.MEMBER)

    assert rows(deadline, recipient=newcomer).count() == 5


def test_the_hourly_reconcile_plans_what_a_lost_task_did_not(deadline, world):
    assert not rows(deadline).exists()  # the task enqueued on commit never ran

    assert reminders_reconcile() >= 1

    assert rows(deadline).count() == 10


def test_a_new_time_zone_on_the_profile_moves_the_persons_reminders(
    deadline, world, client, django_capture_on_commit_callbacks
):
    reminders_sync(application_id=world.application.pk)
    client.force_login(world.member)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/profile/",
            {"first_name": "Dana", "last_name": "", "language": "en", "time_zone": "Europe/Moscow"},
        )

    assert response.status_code == 302
    seven_days = rows(deadline, recipient=world.member, offset_days=7).get()
    assert seven_days.send_at == dt.datetime(2027, 3, 24, 6, 0, tzinfo=UTC)  # 09:00 in Moscow
