"""Event notifications (issue 13, item 7): a decision recorded, corrected or voided, an appeal opened
or filed, a hearing set ring the bell of everyone on the application but the person who did it,
and email those who asked for it — once."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import translation

from appeals.services import appeal_open
from reminders import notify
from reminders.models import Notification, NotificationDelivery, ReminderPreference
from tests.appeals.conftest import almaty_march, assign_by_invitation, refuse

ALMATY = ZoneInfo("Asia/Almaty")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what the verbs queue for after the commit (the notify task, then the emails)."""

    def _run(verb, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return verb(*args, **kwargs)

    return _run


@pytest.fixture
def refused(world, committed):
    application = almaty_march(world)
    decision = committed(refuse, application, by=world.coordinator)
    return application, decision


def told(kind) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("user__username", flat=True))


def test_a_refusal_tells_the_lead_and_co_organizing_groups_but_not_who_recorded_it(world, refused):
    assert told("decision_recorded") == {"dana", "lawyer", "aigerim"}  # not asel, who recorded it; not the outsider


def test_the_bell_text_names_the_application_and_outcome_in_the_readers_language_when_read(world, refused):
    application, _decision = refused
    notification = Notification.objects.get(kind="decision_recorded", user=world.co_member)

    assert notification.text == "Decision on “Women's march on 8 March 2022”: Refused"
    assert "By " in notification.details and world.coordinator.display_name in notification.details
    # Not a frozen string: a renamed application and another language are seen as they are now.
    application.title = "March for equality"
    application.save()
    notification.refresh_from_db()
    with translation.override("ru"):
        assert "March for equality" in notification.text and "Отказано" in notification.text


def test_correcting_and_voiding_a_decision_tell_the_groups(world, committed):
    application = almaty_march(world)
    decision = committed(refuse, application, by=world.coordinator)

    committed(decision.correct, received_on=dt.date(2021, 11, 27), by=world.member)
    assert told("decision_corrected") == {"asel", "lawyer", "aigerim"}

    committed(decision.void, by=world.member)
    assert told("decision_voided") == {"asel", "lawyer", "aigerim"}


def test_opening_filing_and_a_hearing_tell_the_groups_and_the_appeals_volunteer(world, refused, committed):
    _application, decision = refused
    appeal = committed(appeal_open, decision=decision, venue="court", by=world.coordinator, language="en")
    volunteer = committed(assign_by_invitation, appeal=appeal, username="gulnar", by=world.coordinator).user
    assert told("appeal_opened") == {"dana", "lawyer", "aigerim"}

    committed(appeal.file, on=dt.date(2021, 12, 1), by=volunteer)
    assert told("appeal_filed") == {"asel", "dana", "lawyer", "aigerim"}  # the volunteer filed it

    starts_at = dt.datetime(2022, 1, 20, 10, 30, tzinfo=ALMATY)
    committed(appeal.schedule_hearing, starts_at=starts_at, place="Court no. 2, room 14", by=world.legal)
    assert told("hearing_set") == {"asel", "dana", "aigerim", "gulnar"}
    hearing = Notification.objects.get(kind="hearing_set", user=volunteer)
    assert hearing.appeal_id == appeal.pk and hearing.url == f"/appeals/{appeal.pk}/"
    assert "Hearing on “Women's march on 8 March 2022” set for" in hearing.text
    assert "Court no. 2, room 14" in hearing.details


def test_a_volunteer_is_not_told_of_another_appeal_of_the_same_application(world, refused, committed):
    _application, decision = refused
    mine = committed(appeal_open, decision=decision, venue="court", by=world.coordinator, language="en")
    volunteer = committed(assign_by_invitation, appeal=mine, username="gulnar", by=world.coordinator).user

    other = committed(appeal_open, decision=decision, venue="prosecutor", by=world.coordinator, language="en")

    assert not Notification.objects.filter(user=volunteer, appeal=other).exists()


def test_a_verb_that_fails_tells_nobody(world, committed):
    application = almaty_march(world)
    decision = committed(refuse, application, by=world.coordinator)
    appeal = committed(appeal_open, decision=decision, venue="court", by=world.coordinator, language="en")

    with pytest.raises(Exception):  # noqa: B017 — the verb's own refusal (a day to come)
        committed(appeal.file, on=dt.date(2099, 1, 1), by=world.member)

    assert not Notification.objects.filter(kind="appeal_filed").exists()


def test_the_task_run_twice_rings_once(world, refused):
    entry_id = Notification.objects.get(kind="decision_recorded", user=world.member).timeline_entry_id
    application, _decision = refused

    notify.event_notify(
        event="decision_recorded",
        application_id=application.pk,
        appeal_id=None,
        timeline_entry_id=entry_id,
        actor_id=world.coordinator.pk,
        params={"outcome": "refused", "decided_on": "2021-11-26"},
    )

    assert Notification.objects.filter(kind="decision_recorded").count() == 3


# --- email -----------------------------------------------------------------------------------------


def wants_email(user, **choices):
    ReminderPreference.save_for(user, email_events=True, **choices)


def test_only_those_who_opted_in_get_an_email_and_it_names_the_event(world, committed):
    wants_email(world.co_member)
    application = almaty_march(world)
    mail.outbox.clear()

    committed(refuse, application, by=world.coordinator)

    assert [message.to for message in mail.outbox] == [[world.co_member.email]]
    message = mail.outbox[0]
    assert message.subject == "Decision on “Women's march on 8 March 2022”: Refused"
    assert f"/applications/{application.pk}/" in message.body
    delivery = NotificationDelivery.objects.get()
    assert delivery.status == "sent" and message.extra_headers["Message-ID"] == delivery.message_id


def test_a_discreet_email_names_no_group_application_or_person(world, committed):
    wants_email(world.co_member, discreet=True)
    application = almaty_march(world)
    mail.outbox.clear()

    committed(refuse, application, by=world.coordinator)

    (message,) = mail.outbox
    text = message.subject + message.body
    for secret in ("march", "Feminita", "KazFem", "Refused", world.coordinator.display_name, str(application.pk)):
        assert secret not in text
    assert "/notifications/" in message.body


def test_the_email_task_run_twice_sends_once(world, committed):
    wants_email(world.co_member)
    committed(refuse, almaty_march(world), by=world.coordinator)
    delivery = NotificationDelivery.objects.get()
    mail.outbox.clear()

    assert notify.notification_delivery_send(delivery.pk) == "taken"
    assert mail.outbox == []


def test_a_claimed_delivery_is_not_sent_by_a_second_task_while_the_first_holds_it(world, refused):
    wants_email(world.member)
    notification = Notification.objects.get(kind="decision_recorded", user=world.member)
    delivery = NotificationDelivery.objects.create(notification=notification, channel="email")
    from django.utils import timezone

    assert notify._claim(delivery.pk, timezone.now())  # the first task, still sending
    assert notify.notification_delivery_send(delivery.pk) == "taken"
    assert mail.outbox == []


def test_someone_who_left_the_group_before_the_email_went_gets_none(world, refused):
    wants_email(world.co_member)
    notification = Notification.objects.get(kind="decision_recorded", user=world.co_member)
    delivery = NotificationDelivery.objects.create(notification=notification, channel="email")
    world.co_member.memberships.all().delete()
    mail.outbox.clear()

    assert notify.notification_delivery_send(delivery.pk) == "skipped"
    assert mail.outbox == []


def test_a_failing_mail_server_is_retried_then_given_up(world, refused, monkeypatch):
    wants_email(world.member)
    notification = Notification.objects.get(kind="decision_recorded", user=world.member)
    delivery = NotificationDelivery.objects.create(notification=notification, channel="email")

    def refuse_to_send(self, fail_silently=False):
        raise ConnectionRefusedError

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse_to_send)
    outcomes = [notify.notification_delivery_send(delivery.pk) for _ in range(notify.MAX_EMAIL_ATTEMPTS)]

    assert outcomes == ["retry"] * (notify.MAX_EMAIL_ATTEMPTS - 1) + ["failed"]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.last_error) == ("failed", "ConnectionRefusedError")


def test_the_hourly_reconcile_sends_an_email_whose_task_was_lost(world, refused, clock):
    from reminders.tasks import reconcile

    wants_email(world.member)
    notification = Notification.objects.get(kind="decision_recorded", user=world.member)
    delivery = NotificationDelivery.objects.create(notification=notification, channel="email")  # never queued
    mail.outbox.clear()

    reconcile.delay()
    assert mail.outbox == []  # too fresh: its own task may still be on the way

    clock.advance(hours=1)
    reconcile.delay()
    clock.advance(hours=1)
    reconcile.delay()  # the next hour finds it sent

    assert [message.to for message in mail.outbox] == [[world.member.email]]
    delivery.refresh_from_db()
    assert delivery.status == "sent"


@pytest.mark.expected_error_log("django.db.backends.base", "django.test")
def test_a_broker_that_is_down_loses_no_bell_and_the_email_waits_for_the_reconcile(
    world, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    from reminders import tasks

    def broker_down(*args, **kwargs):
        raise OperationalError("Connection refused")

    settings.ROBUST_ON_COMMIT = True  # as in production: the decision stands
    monkeypatch.setattr(tasks.notify_event, "delay", broker_down)
    monkeypatch.setattr(tasks.send_notification, "delay", broker_down)
    ReminderPreference.save_for(world.co_member, email_events=True)
    application = almaty_march(world)

    with django_capture_on_commit_callbacks(execute=True):
        refuse(application, by=world.coordinator)

    assert told("decision_recorded") == {"dana", "lawyer", "aigerim"}
    assert NotificationDelivery.objects.filter(notification__user=world.co_member, status="pending").exists()
    assert not mail.outbox
