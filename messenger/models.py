"""A person's Telegram chat, linked to their account by consent: they open a one-time deep link that
Ruqsat made for them (valid TELEGRAM_LINK_MINUTES) and press Start in the bot, which sends `/start
<token>` from their chat. Only a hash of the token is stored, so a copy of the database cannot link a
chat to someone else's account."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class TelegramLink(models.Model):
    """The chat a person's Telegram messages go to. At most one per person and one per chat: a new
    link replaces the person's old one, and a chat linked to another account moves to this one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="telegram_link", verbose_name=_("user")
    )
    chat_id = models.BigIntegerField(_("Telegram chat"), unique=True)
    linked_at = models.DateTimeField(_("linked at"), default=timezone.now)
    # A bot's messages are not end-to-end encrypted: names of groups, applications and deadlines go
    # into them only when the person turns this on.
    show_details = models.BooleanField(
        _("show names in Telegram messages"),
        default=False,
        help_text=_(
            "Off: messages say only that something is due and link back to Ruqsat. "
            "Telegram can read what its bots send, and a taken phone shows it."
        ),
    )
    # Set when Telegram refuses to deliver (the person blocked the bot or deleted the chat): nothing
    # more is sent there until the person links again, and their messages fall back to email.
    broken_at = models.DateTimeField(_("stopped working at"), null=True, blank=True)
    broken_reason = models.CharField(_("why it stopped"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Telegram link")
        verbose_name_plural = _("Telegram links")

    def __str__(self):
        return f"{self.user} → {self.chat_id}"

    @property
    def is_working(self) -> bool:
        return self.broken_at is None

    def mark_broken(self, reason: str) -> bool:
        """Record once that the chat refuses our messages; True for the call that recorded it."""
        return bool(
            TelegramLink.objects.filter(pk=self.pk, broken_at__isnull=True).update(
                broken_at=timezone.now(), broken_reason=reason[:200]
            )
        )

    @classmethod
    def working_for(cls, user_ids) -> dict[int, TelegramLink]:
        """The working links of these people, in one query."""
        return {link.user_id: link for link in cls.objects.filter(user_id__in=set(user_ids), broken_at__isnull=True)}

    @classmethod
    def unlink(cls, user) -> int:
        TelegramLinkToken.objects.filter(user=user, used_at__isnull=True).delete()
        deleted, _by_model = cls.objects.filter(user=user).delete()
        return deleted

    @classmethod
    def link_chat(cls, token: str, chat_id: int) -> TelegramLink | None:
        """Link the chat that sent `/start <token>` to the token's person. None when the token is
        unknown, expired or already used (each token links once)."""
        now = timezone.now()
        with transaction.atomic():
            usable = TelegramLinkToken.objects.usable(now).filter(token_hash=token_hash(token or ""))
            issued = usable.select_for_update().first()
            # The conditional UPDATE is what makes a token single-use when two updates race.
            if issued is None or not usable.filter(pk=issued.pk).update(used_at=now):
                return None
            cls.objects.filter(models.Q(user_id=issued.user_id) | models.Q(chat_id=chat_id)).delete()
            return cls.objects.create(user_id=issued.user_id, chat_id=chat_id, linked_at=now)


class TelegramLinkTokenQuerySet(models.QuerySet):
    def usable(self, now: dt.datetime):
        return self.filter(used_at__isnull=True, expires_at__gt=now)


class TelegramLinkToken(models.Model):
    """One deep link's token, stored as its hash. A new one replaces the person's unused ones."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    objects = TelegramLinkTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("Telegram link token")
        verbose_name_plural = _("Telegram link tokens")

    def __str__(self):
        return f"{self.user} until {self.expires_at:%Y-%m-%d %H:%M}"

    @classmethod
    def issue(cls, user) -> tuple[str, TelegramLinkToken]:
        """A fresh token for the person's deep link (the token itself is returned once, never stored)."""
        now = timezone.now()
        # Telegram's start parameter allows A–Z a–z 0–9 _ - and up to 64 characters: token_urlsafe fits.
        token = secrets.token_urlsafe(24)
        with transaction.atomic():
            cls.objects.filter(user=user, used_at__isnull=True).delete()
            issued = cls.objects.create(
                user=user,
                token_hash=token_hash(token),
                created_at=now,
                expires_at=now + dt.timedelta(minutes=settings.TELEGRAM_LINK_MINUTES),
            )
        return token, issued
