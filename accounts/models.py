import datetime as dt
import hashlib
import hmac
import secrets
import zoneinfo
from functools import cache

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
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

    @transaction.atomic
    def log_out_everywhere(self):
        """End every session of this user, on every device (each one's hash no longer matches),
        and every API token: a script on a lost laptop is as much a way in as its browser. (The
        calendar feed's address stays: the README's production section says why.)"""
        self.session_salt = secrets.token_hex(16)
        self.save(update_fields=["session_salt"])
        self.revoke_all_api_tokens()

    def save(self, *args, **kwargs):
        # A new password ends every API token, whichever door changed it: allauth's change, reset
        # and set pages, the admin, `manage.py changepassword`. This is the hook Django itself
        # uses to tell password validators (AbstractBaseUser.save → password_changed); a hash
        # upgrade at log-in clears `_password` before saving and so keeps the tokens.
        password_changed = self._password is not None and not self._state.adding
        super().save(*args, **kwargs)
        if password_changed:
            self.revoke_all_api_tokens()

    # --- API tokens (ApiToken: several per user, named, expiring) -----------------------------

    def issue_api_token(self, *, name: str = "API token", days: int | None = None) -> str:
        """A new token; returns its key, which is stored nowhere (shown to the person once)."""
        _token, key = ApiToken.issue(user=self, name=name, days=days)
        return key

    def revoke_api_token(self, token_id: int) -> bool:
        deleted, _rows = self.api_tokens.filter(pk=token_id).delete()
        return bool(deleted)

    def revoke_all_api_tokens(self) -> int:
        deleted, _rows = self.api_tokens.all().delete()
        return deleted


def api_token_digest(key: str) -> str:
    """What the database keeps of a key: its SHA-256. A key has 256 random bits, so an unsalted,
    fast hash is enough; a seized backup yields digests no one can send as a key."""
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def validate_api_token_lifetime(days: int):
    if not 1 <= days <= settings.API_TOKEN_MAX_LIFETIME_DAYS:
        raise ValidationError(
            _("A token lives between 1 and %(max)d days."),
            code="invalid_lifetime",
            params={"max": settings.API_TOKEN_MAX_LIFETIME_DAYS},
        )


class ApiTokenQuerySet(models.QuerySet):
    def matching(self, key: str) -> "ApiToken | None":
        """The token whose key is `key`, expired or not, or None."""
        digest = api_token_digest(key)
        token = self.select_related("user").filter(key_digest=digest).first()
        # The index lookup compares digests: its timing tells a guesser about the SHA-256 of their
        # own guess, nothing about a real key. The comparison that decides is constant-time.
        if token is None or not hmac.compare_digest(token.key_digest, digest):
            return None
        return token

    def expired(self):
        return self.filter(expires_at__lte=timezone.now())


class ApiToken(models.Model):
    """A key a program sends as `Authorization: Token <key>` to act as its user through the API.
    Revoking deletes the row; a password change and "log out everywhere" revoke them all."""

    # last_used_at is written at most this often per token: a script calling the API in a loop
    # would otherwise turn every read into a write.
    LAST_USED_RESOLUTION = dt.timedelta(minutes=1)

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    key_digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")), name="api_token_expires_after_creation"
            )
        ]

    def __str__(self):
        return self.name

    @classmethod
    def issue(cls, *, user, name: str, days: int | None = None) -> tuple["ApiToken", str]:
        """Create a token for `user` living `days` (API_TOKEN_LIFETIME_DAYS by default); return it
        and its key."""
        days = settings.API_TOKEN_LIFETIME_DAYS if days is None else days
        validate_api_token_lifetime(days)
        key = secrets.token_urlsafe(32)
        now = timezone.now()
        token = cls.objects.create(
            user=user,
            name=name,
            key_digest=api_token_digest(key),
            created_at=now,
            expires_at=now + dt.timedelta(days=days),
        )
        return token, key

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    def record_use(self):
        now = timezone.now()
        if self.last_used_at is not None and now - self.last_used_at < self.LAST_USED_RESOLUTION:
            return
        # Conditional: of several requests arriving together, one writes.
        stale = models.Q(last_used_at__isnull=True) | models.Q(last_used_at__lte=now - self.LAST_USED_RESOLUTION)
        ApiToken.objects.filter(stale, pk=self.pk).update(last_used_at=now)
        self.last_used_at = now
