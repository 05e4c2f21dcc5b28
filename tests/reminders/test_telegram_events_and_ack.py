"""Event notifications in Telegram, once per person and event however often the task runs; and
the "I have it in hand" button of a reminder that asks to be acknowledged, which counts only when
pressed in the reminder's own person's chat by someone still allowed to acknowledge."""

import datetime as dt

import pytest
from celery.exceptions import Retry
from django.core import mail

from appeals.models import AppealVolunteer
from messenger.models import TelegramLink
from messenger.updates import handle_update
from permits.models import DeadlineKind
from reminders import notify
from reminders.models import Acknowledgement, Notification, NotificationDelivery, Reminder, ReminderPreference
from reminders.services import reminder_moment
from reminders.sweep import sweep_due_reminders
from reminders.tasks import reconcile, send_notification
from tests.appeals.conftest import almaty_march, refuse

AIGERIM_CHAT = 4440001
LAWYER_CHAT = 4440002


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    def _run(verb, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return verb(*args, **kwargs)

    return _run


def link(user, chat_id, **choices) -> TelegramLink:
    ReminderPreference.save_for(user, by_telegram=True, **choices)
    return TelegramLink.objects.create(user=user, chat_id=chat_id)


# --- events ----------------------------------------------------------------------------------------


def test_a_refusal_reaches_a_linked_person_in_telegram_once_discreetly(world, committed, telegram_bot):
    link(world.co_member, AIGERIM_CHAT)
    application = almaty_march(world)

    committed(refuse, application, by=world.coordinator)

    [message] = telegram_bot.sent(AIGERIM_CHAT)
    for secret in ("march", "Feminita", "KazFem", "Refused", world.coordinator.display_name):
        assert secret.lower() not in str(message).lower()
    assert message["text"] == "There is news on one of your groups' applications. Open Ruqsat to read it."
    assert message["reply_markup"]["inline_keyboard"][0][0]["url"] == "https://ruqsat.example/notifications/"
    delivery = NotificationDelivery.objects.get(notification__user=world.co_member, channel="telegram")
    assert delivery.status == "sent" and delivery.started_at is not None
    assert mail.outbox == []  # she asked for no event emails

    # The task delivered again, the event announced again, the hourly reconcile: still one message.
    assert send_notification.delay(delivery.pk).get() == "taken"
    notification = delivery.notification
    assert not notify.event_notify(
        event="decision_recorded",
        application_id=application.pk,
        appeal_id=None,
        timeline_entry_id=notification.timeline_entry_id,
        actor_id=world.coordinator.pk,
        params=notification.params,
    )
    reconcile.delay()
    assert len(telegram_bot.sent(AIGERIM_CHAT)) == 1


def test_with_details_the_event_message_names_the_application_in_her_language(world, committed, telegram_bot):
    chat = link(world.co_member, AIGERIM_CHAT)
    chat.show_details = True
    chat.save()
    world.co_member.language = "ru"
    world.co_member.save()
    application = almaty_march(world)

    committed(refuse, application, by=world.coordinator)

    [message] = telegram_bot.sent(AIGERIM_CHAT)
    assert "Women's march on 8 March 2022" in message["text"] and "Отказано" in message["text"]
    assert message["reply_markup"]["inline_keyboard"][0][0]["url"] == (
        f"https://ruqsat.example/applications/{application.pk}/"
    )


def test_an_event_while_the_api_is_down_is_retried_and_sent_once_after(world, committed, telegram_bot, clock):
    link(world.co_member, AIGERIM_CHAT)
    telegram_bot.mode = "down"
    application = almaty_march(world)
    with pytest.raises(Retry):  # the task asks Celery to try again later
        committed(refuse, application, by=world.coordinator)
    delivery = NotificationDelivery.objects.get(notification__user=world.co_member, channel="telegram")
    assert (delivery.status, delivery.attempts, delivery.started_at) == ("pending", 1, None)
    assert telegram_bot.sent(AIGERIM_CHAT) == []

    telegram_bot.mode = "up"
    clock.advance(hours=1)
    reconcile.delay()
    clock.advance(hours=1)
    reconcile.delay()

    assert len(telegram_bot.sent(AIGERIM_CHAT)) == 1
    delivery.refresh_from_db()
    assert delivery.status == "sent"


def test_the_email_a_blocked_chat_falls_back_to_is_retried_by_its_own_task_when_mail_fails(
    world, committed, telegram_bot, monkeypatch
):
    link(world.co_member, AIGERIM_CHAT)
    telegram_bot.blocked_chats.add(AIGERIM_CHAT)

    def refuse_to_send(self, fail_silently=False):
        raise ConnectionRefusedError

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse_to_send)

    with pytest.raises(Retry):  # the email's own task asks Celery to try it again later
        committed(refuse, almaty_march(world), by=world.coordinator)

    email = NotificationDelivery.objects.get(notification__user=world.co_member, channel="email")
    # Tried at once, then by its own queued task (which here, eager, ran at once too): not left
    # for the hourly reconcile.
    assert (email.status, email.attempts, email.last_error) == ("pending", 2, "ConnectionRefusedError")


def test_an_event_for_a_blocked_chat_goes_by_email_and_the_link_is_marked_broken(world, committed, telegram_bot):
    chat = link(world.co_member, AIGERIM_CHAT)
    telegram_bot.blocked_chats.add(AIGERIM_CHAT)
    application = almaty_march(world)

    committed(refuse, application, by=world.coordinator)

    chat.refresh_from_db()
    assert chat.broken_at is not None
    assert [m.to for m in mail.outbox] == [[world.co_member.email]]
    assert mail.outbox[0].subject == "Decision on “Women's march on 8 March 2022”: Refused"
    assert Notification.objects.filter(user=world.co_member, kind=Notification.Kind.TELEGRAM_BROKEN).count() == 1
    by_channel = dict(
        NotificationDelivery.objects.filter(notification__user=world.co_member).values_list("channel", "status")
    )
    assert by_channel == {"telegram": "skipped", "email": "sent"}

    # The next event goes by email straight away; Telegram is not asked again.
    refused_before = telegram_bot.refused
    mail.outbox.clear()
    decision = application.latest_decision
    committed(decision.correct, received_on=dt.date(2021, 11, 27), by=world.coordinator)
    assert telegram_bot.refused == refused_before
    assert [m.to for m in mail.outbox] == [[world.co_member.email]]


def test_a_handed_over_event_message_is_not_sent_again_after_its_task_died(refused_event, telegram_bot):
    notification = refused_event
    delivery = NotificationDelivery.objects.create(
        notification=notification, channel="telegram", started_at=dt.datetime(2021, 11, 26, tzinfo=dt.UTC)
    )

    assert notify.notification_delivery_send(delivery.pk) == "sent"
    assert telegram_bot.sent(AIGERIM_CHAT) == []


@pytest.fixture
def refused_event(world, committed, settings):
    settings.TELEGRAM_BOT_TOKEN = ""  # the refusal itself tells nobody in Telegram
    application = almaty_march(world)
    committed(refuse, application, by=world.coordinator)
    notification = Notification.objects.get(kind="decision_recorded", user=world.co_member)
    link(world.co_member, AIGERIM_CHAT)
    return notification


# --- the acknowledge button --------------------------------------------------------------------


@pytest.fixture
def volunteer_reminded(appeal, world, clock, telegram_bot):
    """The assigned volunteer (lawyer) got her 14-day reminder in Telegram, with the button."""
    link(world.legal, LAWYER_CHAT)
    deadline = appeal.application.deadlines.get(kind=DeadlineKind.APPEAL_FILING)
    clock.set(reminder_moment(deadline, 14, world.legal.time_zone))
    sweep_due_reminders()
    [message] = telegram_bot.sent(LAWYER_CHAT)
    buttons = [row[0] for row in message["reply_markup"]["inline_keyboard"]]
    reminder = Reminder.objects.get(deadline=deadline, recipient=world.legal, offset_days=14)
    assert buttons[1] == {"text": "I have it in hand", "callback_data": f"ack:{reminder.pk}"}
    return deadline, reminder


def press(telegram_bot, sender: int, data: str) -> str:
    handle_update({"callback_query": {"id": f"cb{len(telegram_bot.requests)}", "from": {"id": sender}, "data": data}})
    return telegram_bot.calls("answerCallbackQuery")[-1].get("text")


def test_the_button_acknowledges_the_deadline_for_the_group(volunteer_reminded, world, telegram_bot):
    deadline, reminder = volunteer_reminded

    answer = press(telegram_bot, LAWYER_CHAT, f"ack:{reminder.pk}")

    assert answer == "Acknowledged: your group knows you have it in hand."
    [acknowledgement] = Acknowledgement.objects.filter(deadline=deadline)
    assert (acknowledgement.user, acknowledgement.via) == (world.legal, "telegram")
    # Pressed twice: still one.
    press(telegram_bot, LAWYER_CHAT, f"ack:{reminder.pk}")
    assert Acknowledgement.objects.filter(deadline=deadline).count() == 1


def test_the_button_pressed_from_another_chat_does_nothing(volunteer_reminded, world, telegram_bot):
    deadline, reminder = volunteer_reminded
    link(world.member, 4440003)  # someone else's linked chat, the button forwarded to it

    answer = press(telegram_bot, 4440003, f"ack:{reminder.pk}")

    assert answer == "This button no longer does anything. Open Ruqsat to see the deadline."
    assert press(telegram_bot, 9999999, f"ack:{reminder.pk}") == "This chat is not linked to a Ruqsat account."
    assert not Acknowledgement.objects.filter(deadline=deadline).exists()


def test_the_button_of_a_volunteer_taken_off_the_appeal_does_nothing(volunteer_reminded, world, telegram_bot):
    deadline, reminder = volunteer_reminded
    AppealVolunteer.objects.filter(user=world.legal).delete()

    answer = press(telegram_bot, LAWYER_CHAT, f"ack:{reminder.pk}")

    assert answer == "This button no longer does anything. Open Ruqsat to see the deadline."
    assert not Acknowledgement.objects.filter(deadline=deadline).exists()


@pytest.mark.parametrize("payload", ["", "abc", "-1", "1_0", "٣", "99999999999999999999", "1 "])
def test_a_forged_button_payload_does_nothing(volunteer_reminded, telegram_bot, payload):
    deadline, _reminder = volunteer_reminded

    answer = press(telegram_bot, LAWYER_CHAT, f"ack:{payload}")

    assert answer == "This button no longer does anything. Open Ruqsat to see the deadline."
    assert not Acknowledgement.objects.filter(deadline=deadline).exists()


def test_the_button_works_through_telegrams_webhook_and_only_with_its_secret(
    volunteer_reminded, world, telegram_bot, client
):
    deadline, reminder = volunteer_reminded
    update = {
        "update_id": 1,
        "callback_query": {"id": "cb1", "from": {"id": LAWYER_CHAT}, "data": f"ack:{reminder.pk}"},
    }

    forged = client.post(
        "/telegram/webhook/", update, content_type="application/json", headers={"X-Telegram-Bot-Api-Secret-Token": "no"}
    )
    assert forged.status_code == 403
    assert not Acknowledgement.objects.filter(deadline=deadline).exists()

    answered = client.post(
        "/telegram/webhook/",
        update,
        content_type="application/json",
        headers={"X-Telegram-Bot-Api-Secret-Token": "webhook-secret_123"},
    )
    assert answered.status_code == 200
    assert Acknowledgement.objects.filter(deadline=deadline, user=world.legal, via="telegram").exists()
    assert (
        telegram_bot.calls("answerCallbackQuery")[-1]["text"] == "Acknowledged: your group knows you have it in hand."
    )
