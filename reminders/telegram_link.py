"""What Ruqsat tells a person about their Telegram link. (A minimal version for the sending side;
the linking side adds to it.)"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext

from messenger.models import TelegramLink
from reminders.models import Notification


def notify_telegram_broken(link: TelegramLink) -> Notification:
    """Ring the person's bell once Telegram refused our messages (they blocked the bot or deleted
    the chat): their reminders come by email now, and linking again brings them back."""
    from reminders.delivery import recipient_locale

    user = link.user
    with recipient_locale(user):
        title = gettext("Telegram messages from Ruqsat stopped")
        body = gettext(
            "Telegram would not deliver our messages to your chat: the bot was blocked or the chat deleted. "
            "Your reminders come by email now. To get them in Telegram again, link it anew in your profile."
        )
    return Notification.objects.create(
        user=user, kind=Notification.Kind.TELEGRAM_BROKEN, title=title[:300], body=body, url=reverse("profile")
    )
