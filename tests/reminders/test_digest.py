"""The summary email (issue 17, item 2): daily or on Mondays at 09:00 in the reader's zone; once per
person and period however often, or from however many processes, the beat's task runs."""

import datetime as dt
import threading

import pytest
from django.core import mail
from django.db import connection

from organizations.models import Membership
from reminders import digest
from reminders.models import Digest, Notification, ReminderPreference
from reminders.tasks import send_digests
from tests.factories import MembershipFactory, OrganizationFactory, PermitApplicationFactory, UserFactory
from tests.reminders.conftest import custom_deadline, require_postgresql

UTC = dt.UTC
MONDAY = dt.date(2027, 3, 1)  # the clock fixture's day


def utc(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def wants(user, frequency, *, time_zone="Asia/Almaty", discreet=False):
    user.time_zone = time_zone
    user.save(update_fields=["time_zone"])
    ReminderPreference.save_for(user, digest=frequency, discreet=discreet)


def news(world, user):
    """A refusal recorded on the world's application, on the person's bell."""
    return Notification.objects.create(
        user=user,
        kind=Notification.Kind.DECISION_RECORDED,
        application=world.application,
        params={"outcome": "refused"},
        url=f"/applications/{world.application.pk}/",
    )


@pytest.fixture
def titled(world):
    world.application.title = "March for clean air"
    world.application.save(update_fields=["title"])
    return world


def sent_to(user) -> list:
    return [message for message in mail.outbox if message.to == [user.email]]


def test_the_summary_goes_at_nine_in_each_readers_zone(titled, clock):
    world = titled
    custom_deadline(world.application, MONDAY + dt.timedelta(days=3), title="Submit the revised route")
    wants(world.member, "daily", time_zone="Asia/Almaty")  # UTC+5: 09:00 is 04:00 UTC
    wants(world.coordinator, "daily", time_zone="Europe/Berlin")  # UTC+1 in March: 09:00 is 08:00 UTC

    clock.set(utc(MONDAY, 3, 59))
    send_digests()
    assert mail.outbox == []

    clock.set(utc(MONDAY, 4, 0))
    send_digests()
    assert (len(sent_to(world.member)), len(sent_to(world.coordinator))) == (1, 0)

    clock.set(utc(MONDAY, 7, 59))
    send_digests()
    assert (len(sent_to(world.member)), len(sent_to(world.coordinator))) == (1, 0)

    clock.set(utc(MONDAY, 8, 0))
    send_digests()
    assert (len(sent_to(world.member)), len(sent_to(world.coordinator))) == (1, 1)
    body = sent_to(world.member)[0].body
    assert "Submit the revised route" in body and "March for clean air" in body


def test_the_task_run_twice_sends_once_and_the_next_day_again(titled, clock):
    world = titled
    custom_deadline(world.application, MONDAY + dt.timedelta(days=5))
    wants(world.member, "daily")

    clock.set(utc(MONDAY, 5))
    send_digests()
    send_digests()
    assert len(mail.outbox) == 1
    assert Digest.objects.get().status == Digest.Status.SENT

    clock.set(utc(MONDAY + dt.timedelta(days=1), 5))
    send_digests()
    send_digests()
    assert len(mail.outbox) == 2
    assert len({message.extra_headers["Message-ID"] for message in mail.outbox}) == 2


def test_a_weekly_summary_goes_on_mondays_only(titled, clock):
    world = titled
    custom_deadline(world.application, MONDAY + dt.timedelta(days=2))
    custom_deadline(world.application, MONDAY + dt.timedelta(days=9), title="Second week")
    wants(world.member, "weekly")

    for day in range(8):
        clock.set(utc(MONDAY + dt.timedelta(days=day), 6))
        send_digests()
        expected = 1 if day < 7 else 2
        assert len(sent_to(world.member)) == expected, f"day {day}"
    assert sorted(Digest.objects.filter(user=world.member).values_list("period_start", flat=True)) == [
        MONDAY,
        MONDAY + dt.timedelta(days=7),
    ]


def test_a_weekly_summary_chosen_mid_week_waits_for_monday(titled, clock):
    world = titled
    custom_deadline(world.application, MONDAY + dt.timedelta(days=6))
    wants(world.member, "weekly")
    clock.set(utc(MONDAY + dt.timedelta(days=2), 6))  # Wednesday

    send_digests()

    assert mail.outbox == []
    assert not Digest.objects.exists()


def test_it_tells_what_happened_since_the_last_summary_and_what_is_overdue(titled, clock):
    world = titled
    wants(world.member, "daily")
    world.application.starts_at = utc(MONDAY + dt.timedelta(days=20), 9)
    world.application.ends_at = utc(MONDAY + dt.timedelta(days=20), 12)
    world.application.save(update_fields=["starts_at", "ends_at"])
    custom_deadline(world.application, MONDAY - dt.timedelta(days=2), title="Answer the akimat")
    clock.set(utc(MONDAY, 5))
    send_digests()
    assert "Overdue:" in mail.outbox[0].body and "Answer the akimat" in mail.outbox[0].body
    assert "Since the last summary" not in mail.outbox[0].body

    clock.set(utc(MONDAY, 12))
    news(world, world.member)
    clock.set(utc(MONDAY + dt.timedelta(days=1), 5))
    send_digests()

    body = mail.outbox[1].body
    assert "Since the last summary:" in body
    assert "Decision on “March for clean air”" in body


def test_nothing_to_tell_sends_nothing_and_is_recorded_as_skipped(world, clock):
    wants(world.member, "daily")
    clock.set(utc(MONDAY, 5))

    send_digests()
    send_digests()

    assert mail.outbox == []
    assert Digest.objects.get(user=world.member).status == Digest.Status.SKIPPED


def test_off_by_default(titled, clock):
    custom_deadline(titled.application, MONDAY + dt.timedelta(days=1))
    ReminderPreference.save_for(titled.member, discreet=False)
    clock.set(utc(MONDAY, 5))

    send_digests()

    assert mail.outbox == []


def test_a_discreet_summary_names_no_application_deadline_or_person(titled, clock):
    world = titled
    custom_deadline(world.application, MONDAY + dt.timedelta(days=1), title="Submit the revised route")
    wants(world.member, "daily", discreet=True)
    clock.set(utc(MONDAY, 3))
    news(world, world.member)
    clock.set(utc(MONDAY, 5))

    send_digests()

    message = mail.outbox[0]
    text = message.subject + message.body
    for name in ("March for clean air", "Submit the revised route", "Feminita", "KazFem", "asel", "Aruzhan"):
        assert name not in text
    assert "1 deadline in the next 7 days" in message.body and "1 piece of news" in message.body


def test_someone_who_left_the_group_reads_nothing_of_its_applications(titled, clock):
    world = titled
    custom_deadline(world.application, MONDAY + dt.timedelta(days=1), title="Submit the revised route")
    wants(world.member, "daily")
    clock.set(utc(MONDAY, 3))
    news(world, world.member)
    Membership.objects.filter(user=world.member).delete()
    clock.set(utc(MONDAY, 5))

    send_digests()

    assert not any("March for clean air" in m.body or "revised route" in m.body for m in mail.outbox)
    assert Digest.objects.get(user=world.member).status == Digest.Status.SKIPPED


def test_it_is_written_in_the_readers_language(titled, clock):
    world = titled
    custom_deadline(world.application, MONDAY + dt.timedelta(days=1))
    wants(world.member, "daily")
    world.member.language = "ru"
    world.member.save(update_fields=["language"])
    clock.set(utc(MONDAY, 5))

    send_digests()

    # Passes once the translations (/work/translations/digest.json) are compiled in.
    assert "Сводка" in mail.outbox[0].subject


def test_a_failed_send_is_tried_again_and_a_sent_one_never(titled, clock, monkeypatch):
    world = titled
    custom_deadline(world.application, MONDAY + dt.timedelta(days=1))
    wants(world.member, "daily")
    clock.set(utc(MONDAY, 5))

    def refuse(self, fail_silently=False):
        raise ConnectionRefusedError

    with monkeypatch.context() as patched:
        patched.setattr("django.core.mail.EmailMessage.send", refuse)
        send_digests()
    row = Digest.objects.get()
    assert (row.status, row.attempts, mail.outbox) == (Digest.Status.PENDING, 1, [])

    clock.set(utc(MONDAY, 5, 15))
    send_digests()
    clock.set(utc(MONDAY, 5, 30))
    send_digests()

    assert len(mail.outbox) == 1
    assert Digest.objects.get().status == Digest.Status.SENT


def test_a_summary_claimed_by_another_run_is_not_sent_again(titled, clock):
    world = titled
    custom_deadline(world.application, MONDAY + dt.timedelta(days=1))
    wants(world.member, "daily")
    clock.set(utc(MONDAY, 5))
    [digest_id] = digest.due_digest_ids()
    assert digest._claim(digest_id, clock.now) is not None  # another worker holds it

    send_digests()

    assert mail.outbox == []


# serialized_rollback: what the migrations seeded (content types, the reference data) is put back
# afterwards, as for the other tests on real connections (test_race_processes.py); a plain flush
# would leave later tests on this worker with content types of new ids.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_processes_at_once_send_one_summary(clock):
    """Two beats' tasks at the same moment, each on its own PostgreSQL connection."""
    require_postgresql()
    group = OrganizationFactory(name="Feminita")
    person = UserFactory(username="dana")
    MembershipFactory(user=person, organization=group, role=Membership.Role.COORDINATOR)
    application = PermitApplicationFactory(organization=group)
    custom_deadline(application, MONDAY + dt.timedelta(days=1))
    wants(person, "daily")
    clock.set(utc(MONDAY, 5))
    start = threading.Barrier(2)
    outcomes, errors = [], []

    def run():
        try:
            start.wait(timeout=10)
            outcomes.append(digest.send_due_digests())
        except Exception as error:  # surfaced below: an exception in a thread fails nothing
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert len(mail.outbox) == 1
    assert Digest.objects.get().status == Digest.Status.SENT
