"""Reminders and event notifications in Telegram (messenger.bot_api): what the messages say, the
sweep's one Bot API client, and the acknowledge button.

A bot's messages are not end-to-end encrypted and a taken phone shows them: unless the person
turned on `TelegramLink.show_details`, a message names no group, application or deadline — only
that something is due (or there is news) and a button back to Ruqsat, where they sign in."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext, ngettext

from messenger.bot_api import BotAPI, BotUnavailable
from messenger.models import TelegramLink
from messenger.updates import on_callback
from reminders.delivery import absolute, in_app_notification, recipient_locale, reminder_context
from reminders.models import Acknowledgement, Notification, Reminder
from reminders.services import deadline_acknowledge, may_acknowledge

logger = logging.getLogger(__name__)

ACKNOWLEDGE_ACTION = "ack"
REMINDER_ID = re.compile(r"[0-9]{1,18}")


@dataclass
class TelegramMessage:
    text: str
    buttons: list[dict] = field(default_factory=list)


def reminder_message(reminder: Reminder, link: TelegramLink) -> TelegramMessage:
    """A reminder or an escalation, in its recipient's language and zone. One that asks to be
    acknowledged carries the button that does it (callback "ack:<reminder id>")."""
    with recipient_locale(reminder.recipient):
        context = reminder_context(reminder, discreet=not link.show_details)
        if link.show_details:
            # The bell's words: the deadline, the application, the date and the rule.
            notice = in_app_notification(reminder)
            text = f"{notice.title}\n{notice.body}"
        elif context["escalation"]:
            text = gettext(
                "Nobody has said yet that they have a deadline in Ruqsat in hand. Open Ruqsat to see it "
                "and make sure someone is on it."
            )
        elif context["days_left"] == 0:
            text = gettext("A deadline in Ruqsat is due today. Open Ruqsat to see it.")
        else:
            days = context["days_left"]
            text = ngettext(
                "A deadline in Ruqsat is due in %(days)d day. Open Ruqsat to see it.",
                "A deadline in Ruqsat is due in %(days)d days. Open Ruqsat to see it.",
                days,
            ) % {"days": days}
        buttons = [{"text": gettext("Open in Ruqsat"), "url": context["application_url"]}]
        if reminder.asks_acknowledgement:
            acknowledge = f"{ACKNOWLEDGE_ACTION}:{reminder.pk}"
            buttons.append({"text": gettext("I have it in hand"), "callback_data": acknowledge})
    return TelegramMessage(text, buttons)


def event_message(notification: Notification, link: TelegramLink) -> TelegramMessage:
    """An event (a decision, an appeal's step), in its reader's language and zone."""
    with recipient_locale(notification.user):
        if link.show_details:
            text = "\n".join(line for line in (notification.text, notification.details) if line)
            url = absolute(notification.url)
        else:
            text = gettext("There is news on one of your groups' applications. Open Ruqsat to read it.")
            url = absolute(reverse("reminders:notifications"))
        return TelegramMessage(text, [{"text": gettext("Open in Ruqsat"), "url": url}])


class TelegramSender:
    """The sweep's one Bot API client (one connection pool for every batch, as the sweep's one mail
    connection), opened on first use.

    A circuit breaker: once Telegram is found unavailable, the rest of the sweep does not call it —
    each further message fails at once with the same error and its row is retried later with the
    usual back-off. An outage then costs a sweep one timeout, not one per reminder, and the emails
    to everyone else go out on time."""

    def __init__(self):
        self.api: BotAPI | None = None
        self.down: BotUnavailable | None = None

    def check(self) -> None:
        """Raise the error Telegram was found down with, if it was."""
        if self.down is not None:
            raise BotUnavailable(f"not tried: {self.down}")

    def send(self, chat_id: int, message: TelegramMessage) -> int:
        self.check()
        if self.api is None:
            self.api = BotAPI()
        try:
            return self.api.send_message(chat_id, message.text, buttons=message.buttons)
        except BotUnavailable as error:
            self.down = error
            logger.warning("telegram: unavailable, not called again in this sweep: %s", error)
            raise

    def close(self) -> None:
        if self.api is not None:
            self.api.close()
        self.api = None


@on_callback(ACKNOWLEDGE_ACTION)
def acknowledge_from_telegram(link: TelegramLink, payload: str) -> str:
    """The "I have it in hand" button: the same rule as the emailed link (reminders.views.
    acknowledge_link) — the reminder must be this person's, and they must still be allowed to
    acknowledge it now (services.may_acknowledge). Anything else gets the same neutral answer, which
    tells a stranger pressing a forwarded button nothing."""
    neutral = gettext("This button no longer does anything. Open Ruqsat to see the deadline.")
    if not REMINDER_ID.fullmatch(payload or ""):
        return neutral
    reminder = (
        Reminder.objects.select_related("deadline__application")
        .filter(pk=int(payload), recipient_id=link.user_id, asks_acknowledgement=True)
        .first()
    )
    if reminder is None or not may_acknowledge(deadline=reminder.deadline, user=link.user):
        return neutral
    deadline_acknowledge(deadline=reminder.deadline, user=link.user, via=Acknowledgement.Via.TELEGRAM)
    return gettext("Acknowledged: your group knows you have it in hand.")
