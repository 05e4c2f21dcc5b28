"""Reminders in Telegram (issue 17): a person who chose Telegram and linked a chat gets one short
message per reminder, discreet unless they asked for details, in their language; a Bot API that is
down loses and doubles nothing and does not hold back anyone's email; a chat that blocked the bot
falls back to email and is not called again."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import formats, translation
from django.utils.translation import gettext, ngettext

from messenger.models import TelegramLink
from reminders.models import Notification, Reminder, ReminderPreference
from reminders.services import reminders_sync
from reminders.sweep import sweep_due_reminders
from tests.factories import UserFactory
from tests.reminders.backends import FlakyEmailBackend
from tests.reminders.conftest import custom_deadline

UTC = dt.UTC
DUE = dt.date(2027, 3, 31)
AT_14 = dt.datetime(2027, 3, 17, 4, 0, tzinfo=UTC)  # 09:00 in Almaty, 14 days before
AT_7 = dt.datetime(2027, 3, 24, 4, 0, tzinfo=UTC)
TITLE = "Submit the revised route"
DANA_CHAT = 5550001


@pytest.fixture
def deadline(clock, world):
    deadline = custom_deadline(world.application, DUE, title=TITLE)
    reminders_sync(application_id=world.application.pk)
    return deadline


@pytest.fixture
def linked(world, telegram_bot):
    """Dana (a member of the lead group) chose Telegram only, and linked her chat."""
    ReminderPreference.save_for(world.member, by_telegram=True, by_email=False)
    return TelegramLink.objects.create(user=world.member, chat_id=DANA_CHAT)


def dana_rows(deadline, world, **filters):
    return Reminder.objects.filter(deadline=deadline, recipient=world.member, **filters)


def test_a_linked_person_gets_one_discreet_message_per_due_reminder(deadline, linked, world, clock, telegram_bot):
    clock.set(AT_14)

    sweep_due_reminders()
    sweep_due_reminders()

    messages = telegram_bot.sent(DANA_CHAT)
    assert len(messages) == 1
    text = messages[0]["text"]
    assert text == "A deadline in Ruqsat is due in 14 days. Open Ruqsat to see it."
    # No name of the group, the application or the deadline; a button back to the application.
    for name in (TITLE, world.application.title, world.lead.name):
        assert name not in str(messages[0])
    [button] = [row[0] for row in messages[0]["reply_markup"]["inline_keyboard"]]
    assert button["url"] == f"https://ruqsat.example/applications/{world.application.pk}/"
    row = dana_rows(deadline, world, offset_days=14).get()
    assert row.status == Reminder.Status.SENT
    assert row.telegram_sent_at == AT_14 and row.email_sent_at is None
    # She turned email off: nothing by email; the others were emailed as before.
    assert world.member.email not in [m.to[0] for m in mail.outbox]
    assert world.coordinator.email in [m.to[0] for m in mail.outbox]

    clock.set(AT_7)
    sweep_due_reminders()
    assert len(telegram_bot.sent(DANA_CHAT)) == 2


def test_with_details_the_message_names_the_deadline_application_date_and_is_in_her_language(
    deadline, linked, world, clock, telegram_bot
):
    linked.show_details = True
    linked.save()
    world.member.language = "ru"
    world.member.save()
    clock.set(AT_14)

    sweep_due_reminders()

    [message] = telegram_bot.sent(DANA_CHAT)
    with translation.override("ru"):
        date = formats.date_format(DUE, "DATE_FORMAT")
        values = {"label": deadline.label, "title": world.application.title, "days": 14, "date": date}
        subject = (
            ngettext(
                "In %(days)s day: %(label)s for “%(title)s”, due %(date)s",
                "In %(days)s days: %(label)s for “%(title)s”, due %(date)s",
                14,
            )
            % values
        )
    assert "марта" in date
    assert message["text"].startswith(subject + "\n")
    assert TITLE in message["text"] and world.application.title in message["text"]


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_discreet_message_is_in_the_persons_language(deadline, linked, world, clock, telegram_bot, language):
    world.member.language = language
    world.member.save()
    clock.set(AT_14)

    sweep_due_reminders()

    [message] = telegram_bot.sent(DANA_CHAT)
    with translation.override(language):
        expected = ngettext(
            "A deadline in Ruqsat is due in %(days)d day. Open Ruqsat to see it.",
            "A deadline in Ruqsat is due in %(days)d days. Open Ruqsat to see it.",
            14,
        ) % {"days": 14}
        button = gettext("Open in Ruqsat")
    assert message["text"] == expected
    assert message["reply_markup"]["inline_keyboard"][0][0]["text"] == button


def test_nothing_goes_to_telegram_without_a_bot_and_she_is_emailed_instead(deadline, world, clock, settings):
    settings.TELEGRAM_BOT_TOKEN = ""
    ReminderPreference.save_for(world.member, by_telegram=True, by_email=False)
    TelegramLink.objects.create(user=world.member, chat_id=DANA_CHAT)
    clock.set(AT_14)

    sweep_due_reminders()

    assert world.member.email in [m.to[0] for m in mail.outbox]
    assert dana_rows(deadline, world, offset_days=14).get().telegram_sent_at is None


def test_while_the_bot_api_is_down_nothing_is_lost_or_doubled_and_email_to_others_goes_on(
    deadline, linked, world, clock, telegram_bot, settings
):
    settings.REMINDER_CLAIM_BATCH = 1  # one row per batch: the breaker holds across the sweep's batches
    telegram_bot.mode = "down"
    clock.set(AT_14)

    sweep_due_reminders()

    assert telegram_bot.sent(DANA_CHAT) == []
    row = dana_rows(deadline, world, offset_days=14).get()
    assert row.status == Reminder.Status.PENDING
    assert row.attempts == 1 and row.next_attempt_at == AT_14 + dt.timedelta(minutes=1)
    assert row.telegram_started_at is None and "BotUnavailable" in row.last_error
    assert world.coordinator.email in [m.to[0] for m in mail.outbox]  # everyone else's email went out

    clock.advance(minutes=1)
    sweep_due_reminders()  # still down: retried, still nothing, one more attempt
    assert dana_rows(deadline, world, offset_days=14).get().attempts == 2

    telegram_bot.mode = "up"
    clock.advance(minutes=2)
    sweep_due_reminders()
    sweep_due_reminders()

    assert len(telegram_bot.sent(DANA_CHAT)) == 1
    row.refresh_from_db()
    assert row.status == Reminder.Status.SENT and row.telegram_sent_at == clock.now


def test_a_down_api_is_called_once_per_sweep_not_once_per_reminder(clock, world, telegram_bot, settings):
    # Three deadlines due at once for three people who chose Telegram.
    people = [world.coordinator, world.member, world.legal]
    for n, person in enumerate(people):
        ReminderPreference.save_for(person, by_telegram=True)
        TelegramLink.objects.create(user=person, chat_id=7000 + n)
    for title in ("One", "Two", "Three"):
        custom_deadline(world.application, DUE, title=title)
    reminders_sync(application_id=world.application.pk)
    telegram_bot.mode = "down"
    clock.set(AT_14)

    result = sweep_due_reminders()

    assert telegram_bot.refused == 1
    due = Reminder.objects.filter(offset_days=14, recipient__in=people)
    assert result.failed == due.count() > 3
    assert set(due.values_list("attempts", flat=True)) == {1}
    # Their emails went out all the same, once each; only Telegram is retried.
    assert len(mail.outbox) == due.count()
    assert all(row.email_sent_at == AT_14 for row in due)


def test_when_mail_fails_and_telegram_worked_the_retry_sends_only_the_email(
    deadline, linked, world, clock, telegram_bot, settings
):
    ReminderPreference.save_for(world.member, by_telegram=True, by_email=True)
    settings.EMAIL_BACKEND = "tests.reminders.backends.FlakyEmailBackend"
    FlakyEmailBackend.down = True
    clock.set(AT_14)
    try:
        sweep_due_reminders()
        assert len(telegram_bot.sent(DANA_CHAT)) == 1
        row = dana_rows(deadline, world, offset_days=14).get()
        assert row.status == Reminder.Status.PENDING and row.telegram_sent_at == AT_14

        FlakyEmailBackend.down = False
        clock.advance(minutes=5)
        sweep_due_reminders()
    finally:
        FlakyEmailBackend.down = False

    assert len(telegram_bot.sent(DANA_CHAT)) == 1
    assert [m.to for m in mail.outbox if m.to == [world.member.email]] == [[world.member.email]]
    row.refresh_from_db()
    assert row.status == Reminder.Status.SENT and row.email_sent_at == AT_14 + dt.timedelta(minutes=5)


def test_a_blocked_bot_marks_the_link_broken_and_she_gets_the_email_and_a_bell_notice(
    deadline, linked, world, clock, telegram_bot
):
    telegram_bot.blocked_chats.add(DANA_CHAT)
    clock.set(AT_14)

    result = sweep_due_reminders()

    linked.refresh_from_db()
    assert linked.broken_at == AT_14 and "blocked" in linked.broken_reason
    hers = [m for m in mail.outbox if m.to == [world.member.email]]
    assert len(hers) == 1  # though she had turned email off
    row = dana_rows(deadline, world, offset_days=14).get()
    assert row.status == Reminder.Status.SENT and row.attempts == 0 and row.telegram_sent_at is None
    assert result.failed == 0
    [notice] = Notification.objects.filter(user=world.member, kind=Notification.Kind.TELEGRAM_BROKEN)
    assert notice.url == "/accounts/profile/#telegram"  # straight to the section to re-link
    assert telegram_bot.refused == 1

    clock.set(AT_7)
    sweep_due_reminders()

    assert telegram_bot.refused == 1 and telegram_bot.sent(DANA_CHAT) == []  # not called again
    assert len([m for m in mail.outbox if m.to == [world.member.email]]) == 2
    assert Notification.objects.filter(user=world.member, kind=Notification.Kind.TELEGRAM_BROKEN).count() == 1


def test_a_blocked_bot_and_no_email_address_leaves_the_reminder_on_the_bell(
    deadline, linked, world, clock, telegram_bot
):
    ReminderPreference.save_for(world.member, by_telegram=True, by_email=False, in_app=False)
    world.member.email = ""
    world.member.save()
    telegram_bot.blocked_chats.add(DANA_CHAT)
    clock.set(AT_14)

    sweep_due_reminders()

    row = dana_rows(deadline, world, offset_days=14).get()
    assert row.status == Reminder.Status.SENT and row.notified_at == AT_14
    assert Notification.objects.filter(user=world.member, reminder=row).count() == 1


def test_a_message_handed_over_by_a_sweep_that_died_is_not_sent_again(deadline, linked, world, clock, telegram_bot):
    clock.set(AT_14)
    # A sweep marked it and handed it to Telegram, then died before the answer was recorded.
    dana_rows(deadline, world, offset_days=14).update(telegram_started_at=AT_14)

    sweep_due_reminders()

    assert telegram_bot.sent(DANA_CHAT) == []
    row = dana_rows(deadline, world, offset_days=14).get()
    assert row.status == Reminder.Status.SENT and row.telegram_sent_at is None


def test_a_slow_api_within_the_timeout_loses_and_doubles_nothing(deadline, linked, world, clock, telegram_bot):
    telegram_bot.mode, telegram_bot.delay = "slow", 0.3
    clock.set(AT_14)

    sweep_due_reminders()
    sweep_due_reminders()

    assert len(telegram_bot.sent(DANA_CHAT)) == 1
    assert dana_rows(deadline, world, offset_days=14).get().status == Reminder.Status.SENT


def test_the_admin_shows_when_the_telegram_message_went(deadline, linked, world, clock, client):
    clock.set(AT_14)
    sweep_due_reminders()
    row = dana_rows(deadline, world, offset_days=14).get()
    client.force_login(UserFactory(username="operator", is_staff=True, is_superuser=True))

    page = client.get(f"/admin/reminders/reminder/{row.pk}/change/")

    assert page.status_code == 200
    assert "Telegram message sent at" in page.content.decode()
    assert "Telegram message handed over at" in page.content.decode()


@pytest.mark.expected_error_log("reminders.sweep")  # the day of failures is logged for the operator too
def test_a_day_of_telegram_failures_tells_the_coordinators_it_is_telegram_not_her_email(
    deadline, linked, world, clock, telegram_bot
):
    ReminderPreference.save_for(world.member, by_telegram=True, by_email=True)
    telegram_bot.mode = "down"
    clock.set(AT_14)
    sweep_due_reminders()
    for _ in range(30):  # hourly at most once the delays have grown
        clock.advance(hours=1)
        sweep_due_reminders()

    row = dana_rows(deadline, world, offset_days=14).get()
    assert row.email_sent_at == AT_14 and row.telegram_sent_at is None  # her email went; Telegram did not
    notice = Notification.objects.get(kind=Notification.Kind.DELIVERY_FAILING, reminder=row)
    assert notice.user == world.coordinator
    assert "in Telegram" in notice.body and "Telegram link on their profile" in notice.body
    assert "email address" not in notice.body  # nothing wrong with her address: don't send them chasing it
