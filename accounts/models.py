import secrets
import zoneinfo
from functools import cache

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


@cache
def time_zone_names() -> tuple[str, ...]:
    """The IANA zones Python knows (from the system or the tzdata package), sorted for a picker."""
    return tuple(sorted(zoneinfo.available_timezones()))


def validate_time_zone(value: str):
    if value not in time_zone_names():
        raise ValidationError(
            _("“%(value)s” is not a time zone we know. Pick one from the list, for example Asia/Almaty."),
            code="invalid_time_zone",
            params={"value": value},
        )


class User(AbstractUser):
    """A person using Ruqsat. Preferences sit on the user itself so every request has them
    without another query."""

    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Pages and emails use this language. Empty: the browser's language."),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Asia/Almaty",
        validators=[validate_time_zone],
        help_text=_("Dates and reminder times are shown in this zone."),
    )
    calendar_token = models.CharField(max_length=64, unique=True, default=new_calendar_token, editable=False)
    # Part of every session's check (get_session_auth_hash): a new value ends all the user's
    # sessions on every device at once, whatever the session store. Empty for a user who never
    # logged out everywhere, so that their sessions from before this field stay valid.
    session_salt = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.username

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    # --- sessions -------------------------------------------------------------------------------

    def get_session_auth_hash(self):
        return self._session_hash(super().get_session_auth_hash(), secret=None)

    def get_session_auth_fallback_hash(self):
        for fallback_secret, password_hash in zip(
            settings.SECRET_KEY_FALLBACKS, super().get_session_auth_fallback_hash(), strict=True
        ):
            yield self._session_hash(password_hash, secret=fallback_secret)

    def _session_hash(self, password_hash: str, *, secret) -> str:
        if not self.session_salt:
            return password_hash
        return salted_hmac(
            "accounts.User.session_salt", password_hash + self.session_salt, secret=secret, algorithm="sha256"
        ).hexdigest()

    def log_out_everywhere(self):
        """End every session of this user, on every device (each one's hash no longer matches)."""
        self.session_salt = secrets.token_hex(16)
        self.save(update_fields=["session_salt"])

    # --- API token (rest_framework.authtoken: one per user) -----------------------------------

    @property
    def api_token(self):
        from rest_framework.authtoken.models import Token

        return Token.objects.filter(user=self).first()

    @transaction.atomic
    def issue_api_token(self) -> str:
        """Replace any token the user had with a new one and return its key (shown to them once)."""
        from rest_framework.authtoken.models import Token

        Token.objects.filter(user=self).delete()
        return Token.objects.create(user=self).key

    def revoke_api_token(self) -> bool:
        from rest_framework.authtoken.models import Token

        deleted, _rows = Token.objects.filter(user=self).delete()
        return bool(deleted)
