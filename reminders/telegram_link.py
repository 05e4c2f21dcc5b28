"""The Telegram channel as reminders sees it: whether a person can choose it, and the bell's notice
when it breaks. The link itself is messenger's (messenger.models.TelegramLink), which sits below
reminders and cannot ring the bell: the sending side calls notify_telegram_broken after
TelegramLink.mark_broken."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext

from messenger.bot_api import enabled
from messenger.models import TelegramLink
from reminders.models import Notification


def telegram_offered() -> bool:
    """The channel is offered at all only where the site has a bot."""
    return enabled()


def telegram_working(user) -> bool:
    """The person can get messages in Telegram: the site has a bot and their link works."""
    return enabled() and TelegramLink.objects.filter(user=user, broken_at__isnull=True).exists()


def notify_telegram_broken(link: TelegramLink) -> Notification | None:
    """Tell the person on the bell that Telegram stopped taking our messages, once per breakage:
    calling it again for the same breakage (a retried task, two workers) tells nobody twice. None
    when the link is not broken (it was re-linked meanwhile) or already told."""
    with transaction.atomic():
        # The lock makes two callers for one breakage wait for each other; the second then finds
        # the first one's notice.
        current = TelegramLink.objects.select_for_update().filter(pk=link.pk, broken_at__isnull=False).first()
        if current is None:
            return None
        breakage = current.broken_at.isoformat()
        already = Notification.objects.filter(
            user_id=current.user_id, kind=Notification.Kind.TELEGRAM_BROKEN, params__broken_at=breakage
        )
        if already.exists():
            return None
        return Notification.objects.create(
            user_id=current.user_id,
            kind=Notification.Kind.TELEGRAM_BROKEN,
            params={"broken_at": breakage},
            url=reverse("profile") + "#telegram",
        )


def broken_text() -> str:
    # Put into words when read, in the reader's language (Notification.text).
    return gettext(
        "Telegram stopped taking our messages (you blocked the bot?) — messages go by email until you link again"
    )


def broken_details() -> str:
    return gettext("Open your profile and link Telegram again to get messages there.")
