"""The sweep: what is due goes out once, by email and in the app; crashes, outages and downtime
neither lose nor repeat a reminder."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command

from reminders.models import Notification, Reminder, ReminderPreference
from reminders.services import reminders_sync
from reminders.sweep import claim_batch, last_sweep_at, sweep_due_reminders
from tests.reminders.backends import FlakyEmailBackend
from tests.reminders.conftest import custom_deadline, message_ids

UTC = dt.UTC
DUE = dt.date(2027, 3, 31)
# 09:00 in Almaty (UTC+5) on the days of each offset before 31 March 2027.
AT_14 = dt.datetime(2027, 3, 17, 4, 0, tzinfo=UTC)
AT_7 = dt.datetime(2027, 3, 24, 4, 0, tzinfo=UTC)
AT_1 = dt.datetime(2027, 3, 30, 4, 0, tzinfo=UTC)


@pytest.fixture
def deadline(clock, world):
    deadline = custom_deadline(world.application, DUE)
    reminders_sync(application_id=world.application.pk)
    return deadline


@pytest.fixture
def flaky_mail(settings):
    settings.EMAIL_BACKEND = "tests.reminders.backends.FlakyEmailBackend"
    FlakyEmailBackend.down, FlakyEmailBackend.attempts = True, 0
    yield FlakyEmailBackend
    FlakyEmailBackend.down = False


def sent(deadline, **filters):
    return Reminder.objects.filter(deadline=deadline, status=Reminder.Status.SENT, **filters)


def test_nothing_goes_out_before_its_moment(deadline, clock):
    clock.set(AT_14 - dt.timedelta(minutes=1))

    result = sweep_due_reminders()

    assert result.sent == 0
    assert mail.outbox == []
    assert last_sweep_at() == AT_14 - dt.timedelta(minutes=1)


def test_a_due_reminder_goes_out_once_by_email_and_in_the_app(deadline, clock, world):
    clock.set(AT_14)

    first = sweep_due_reminders()
    second = sweep_due_reminders()

    assert (first.sent, second.sent) == (2, 0)
    assert sorted(message.to[0] for message in mail.outbox) == ["asel@example.org", "dana@example.org"]
    assert Notification.objects.filter(kind=Notification.Kind.REMINDER).count() == 2
    assert sent(deadline, offset_days=14).count() == 2
    row = sent(deadline, recipient=world.member).get()
    assert (row.sent_at, row.email_sent_at, row.notified_at) == (AT_14, AT_14, AT_14)


def test_the_email_names_the_application_what_is_due_the_date_and_links_to_it(deadline, clock, world):
    clock.set(AT_14)
    sweep_due_reminders()

    message = next(m for m in mail.outbox if m.to == ["dana@example.org"])
    application = world.application
    assert message.subject == f"In 14 days: Submit the revised route for “{application.title}”, due 31 Mar 2027"
    assert "What is due: Submit the revised route" in message.body
    assert "Last day: 31 Mar 2027 (in 14 days)" in message.body
    assert f"https://ruqsat.example/applications/{application.pk}/" in message.body
    assert "Check this date against the current law." in message.body


def test_the_message_id_is_derived_from_the_reminder_row(deadline, clock, world):
    clock.set(AT_14)
    sweep_due_reminders()

    row = sent(deadline, recipient=world.member).get()
    message = next(m for m in mail.outbox if m.to == ["dana@example.org"])
    assert message.extra_headers["Message-ID"] == f"<reminder-{row.pk}@ruqsat.example>"
    assert message.message()["Message-ID"] == f"<reminder-{row.pk}@ruqsat.example>"
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"


def test_the_email_speaks_the_recipients_language(deadline, clock, world):
    world.member.language = "ru"
    world.member.save()
    clock.set(AT_14)

    sweep_due_reminders()

    message = next(m for m in mail.outbox if m.to == ["dana@example.org"])
    assert "31 марта 2027" in message.body
    english = next(m for m in mail.outbox if m.to == ["asel@example.org"])
    assert "31 Mar 2027" in english.body


def test_a_discreet_email_has_a_neutral_subject_and_no_names(deadline, clock, world):
    ReminderPreference.objects.create(user=world.member, discreet=True)
    clock.set(AT_14)

    sweep_due_reminders()

    message = next(m for m in mail.outbox if m.to == ["dana@example.org"])
    assert message.subject == "A reminder from Ruqsat"
    for name in (world.application.title, "Submit the revised route", "Feminita", "KazFem", "Aruzhan"):
        assert name not in message.body
    assert "https://ruqsat.example/notifications/" in message.body


def test_the_bell_and_the_email_carry_the_same_line_in_her_language(deadline, clock, world):
    world.member.language = "ru"
    world.member.save(update_fields=["language"])
    clock.set(AT_14)

    sweep_due_reminders()

    message = next(m for m in mail.outbox if m.to == ["dana@example.org"])
    notice = Notification.objects.get(user=world.member)
    assert message.subject == notice.title
    assert message.subject.startswith("Через 14 дней") and world.application.title in message.subject


def test_a_person_who_turned_off_email_gets_only_the_bell(deadline, clock, world):
    ReminderPreference.objects.create(user=world.member, by_email=False)
    clock.set(AT_14)

    sweep_due_reminders()

    assert [m.to for m in mail.outbox] == [["asel@example.org"]]
    assert Notification.objects.filter(user=world.member).count() == 1
    assert sent(deadline, recipient=world.member).get().email_sent_at is None


def test_after_downtime_only_the_latest_missed_offset_goes_out(deadline, clock, world):
    clock.set(AT_1 + dt.timedelta(hours=1))  # the 14, 7, 3 and 1 day reminders were all missed

    result = sweep_due_reminders()

    assert result.sent == 2
    assert len(mail.outbox) == 2
    assert set(sent(deadline).values_list("offset_days", flat=True)) == {1}
    skipped = Reminder.objects.filter(deadline=deadline, status=Reminder.Status.SKIPPED)
    assert sorted(skipped.values_list("offset_days", flat=True)) == [3, 3, 7, 7, 14, 14]
    assert "In 1 day" in mail.outbox[0].subject


def test_a_sweep_that_died_holding_rows_leaves_them_to_the_next_after_the_lease(deadline, clock, settings):
    clock.set(AT_14)
    assert len(claim_batch(clock.now, "dead-sweep", 100)) == 2  # claimed, then the process was killed

    clock.advance(seconds=settings.REMINDER_LEASE_SECONDS - 1)
    assert sweep_due_reminders().sent == 0  # still leased to the dead sweep

    clock.advance(seconds=2)
    assert sweep_due_reminders().sent == 2
    assert sweep_due_reminders().sent == 0
    assert len(mail.outbox) == 2


def test_a_sweep_that_loses_the_rows_it_read_to_another_sweep_goes_on_with_the_rest(deadline, clock, monkeypatch):
    clock.set(AT_14)
    rows = list(Reminder.objects.due(clock.now).order_by("next_attempt_at", "id").values_list("pk", flat=True))
    assert len(rows) == 2
    real_due = type(Reminder.objects).due
    calls = []

    def rival_claims_first_row_in_between(manager, now):
        calls.append(now)
        if len(calls) == 2:  # after our read, before our UPDATE: another sweep takes what we read
            Reminder.objects.filter(pk=rows[0]).update(claim_token="rival", claimed_until=now + dt.timedelta(hours=1))
        return real_due(manager, now)

    monkeypatch.setattr(type(Reminder.objects), "due", rival_claims_first_row_in_between)

    claimed = claim_batch(clock.now, "ours", 1)

    assert claimed == [rows[1]]  # not an empty batch, which would have ended the sweep


def test_a_sweep_that_died_after_sending_resends_with_the_same_message_id(deadline, clock, world):
    clock.set(AT_14)
    sweep_due_reminders()
    row = sent(deadline, recipient=world.member).get()
    # Simulate the crash window: the mail server accepted the email, the process died before it
    # recorded anything, so the row is still claimed and waiting.
    Reminder.objects.filter(pk=row.pk).update(
        status=Reminder.Status.PENDING,
        sent_at=None,
        email_sent_at=None,
        next_attempt_at=AT_14,
        claim_token="dead",
        claimed_until=AT_14 + dt.timedelta(minutes=10),
    )
    clock.advance(minutes=11)

    sweep_due_reminders()

    ids = [mid for mid, m in zip(message_ids(mail.outbox), mail.outbox, strict=True) if m.to == ["dana@example.org"]]
    assert ids == [f"<reminder-{row.pk}@ruqsat.example>"] * 2
    assert Notification.objects.filter(user=world.member).count() == 1  # the bell does not ring twice


def test_a_mail_outage_is_retried_with_growing_delays_and_nothing_is_lost(deadline, clock, world, flaky_mail):
    clock.set(AT_14)

    result = sweep_due_reminders()

    assert (result.sent, result.failed) == (0, 2)
    row = Reminder.objects.get(deadline=deadline, recipient=world.member, offset_days=14)
    assert row.status == Reminder.Status.PENDING
    assert row.attempts == 1
    assert "SMTPServerDisconnected" in row.last_error
    assert row.next_attempt_at == AT_14 + dt.timedelta(minutes=1)
    assert Notification.objects.filter(user=world.member).count() == 1  # the bell works while mail is down

    delays = []
    for _ in range(4):
        clock.set(row.next_attempt_at)
        sweep_due_reminders()
        before = row.next_attempt_at
        row.refresh_from_db()
        delays.append(row.next_attempt_at - before)
    assert delays == [dt.timedelta(minutes=m) for m in (2, 4, 8, 16)]

    flaky_mail.down = False
    clock.set(row.next_attempt_at)
    assert sweep_due_reminders().sent == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["asel@example.org", "dana@example.org"]
    assert Notification.objects.filter(user=world.member).count() == 1
    assert sweep_due_reminders().sent == 0


@pytest.mark.expected_error_log("reminders.sweep")  # the day of failures is logged for the operator too
def test_a_day_of_failures_is_shown_to_the_groups_coordinators_once(deadline, clock, world, flaky_mail):
    clock.set(AT_14)
    sweep_due_reminders()
    for _ in range(30):  # hourly at most once the delays have grown
        clock.advance(hours=1)
        sweep_due_reminders()

    notices = Notification.objects.filter(kind=Notification.Kind.DELIVERY_FAILING)
    assert set(notices.values_list("user__username", flat=True)) == {"asel"}
    assert notices.count() == 2  # one per failing reminder (asel's own and dana's), not one per attempt
    assert world.member.display_name in notices.get(reminder__recipient=world.member).title
    assert Reminder.objects.failing_for(dt.timedelta(days=1)).count() == 2


def test_a_reminder_still_failing_when_the_deadline_passes_is_recorded_as_failed(deadline, clock, flaky_mail):
    clock.set(AT_1)
    sweep_due_reminders()

    clock.set(deadline.due_at + dt.timedelta(minutes=1))
    sweep_due_reminders()

    failed = Reminder.objects.filter(deadline=deadline, status=Reminder.Status.FAILED)
    assert failed.count() == 2
    assert Reminder.objects.filter(deadline=deadline, status=Reminder.Status.PENDING).count() == 0


def test_a_deadline_done_after_planning_is_not_reminded_even_before_the_sync_runs(deadline, clock, world):
    deadline.mark_done(by=world.member)  # the sync task enqueued on commit has not run yet
    clock.set(AT_14)

    sweep_due_reminders()

    assert mail.outbox == []
    assert set(Reminder.objects.filter(deadline=deadline, offset_days=14).values_list("status", flat=True)) == {
        Reminder.Status.CANCELLED
    }


def test_a_deadline_moved_after_planning_is_not_reminded_at_its_old_moments(deadline, clock, world):
    deadline.override(due_on=dt.date(2027, 4, 30), reason="Extended", by=world.coordinator)
    clock.set(AT_14)

    sweep_due_reminders()

    assert mail.outbox == []


def test_the_command_runs_one_sweep_and_says_how_many_it_sent(deadline, clock):
    clock.set(AT_14)
    out = io.StringIO()

    call_command("send_due_reminders", stdout=out)

    assert out.getvalue().startswith("Sent 2 reminder(s)")
    assert len(mail.outbox) == 2


def test_no_reminder_goes_to_someone_who_left_the_group_even_before_the_sync_runs(deadline, clock, world):
    from organizations.models import Membership

    Membership.objects.get(user=world.member, organization=world.lead).leave()  # its sync task was lost
    clock.set(AT_14)

    sweep_due_reminders()

    assert [m.to for m in mail.outbox] == [["asel@example.org"]]
    row = Reminder.objects.get(deadline=deadline, recipient=world.member, offset_days=14)
    assert (row.status, row.outcome_note) == (Reminder.Status.CANCELLED, "no longer on this application")


def test_no_reminder_about_a_withdrawn_assembly_goes_out(clock, world):
    event = world.application.refresh_deadlines(by=world.coordinator)
    reminders_sync(application_id=world.application.pk)
    assert Reminder.objects.filter(deadline__in=event).exists()
    world.application.withdraw(on=clock.now.date(), by=world.coordinator)
    clock.advance(days=60)

    sweep_due_reminders()

    assert mail.outbox == []


def test_a_reminder_that_breaks_the_sweep_is_retried_later_and_the_others_still_go_out(
    deadline, clock, world, monkeypatch
):
    from reminders import sweep

    real_build_email = sweep.build_email

    def broken_for_dana(reminder, preference, **kwargs):
        if reminder.recipient_id == world.member.pk:
            raise KeyError("a template bug")
        return real_build_email(reminder, preference, **kwargs)

    monkeypatch.setattr(sweep, "build_email", broken_for_dana)
    clock.set(AT_14)

    sweep_due_reminders()

    assert [m.to for m in mail.outbox] == [["asel@example.org"]]
    row = Reminder.objects.get(deadline=deadline, recipient=world.member, offset_days=14)
    assert (row.status, row.attempts, row.next_attempt_at) == ("pending", 1, AT_14 + dt.timedelta(minutes=1))
    assert "KeyError" in row.last_error
