import secrets
import zoneinfo
from functools import cache

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
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

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.username

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

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
