"""allauth's account adapter, for two things: failed log-ins count against the account, whichever
of its username or email address is typed, and the owner is told by email when their account is
locked after too many failures."""

import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.core.internal import ratelimit
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Q
from django.utils import translation

logger = logging.getLogger(__name__)

LOGIN_FAILED = "login_failed"


def account_for_login(credentials: dict):
    """The account a log-in attempt names, by username or by any of its email addresses."""
    login = (credentials.get("username") or credentials.get("email") or "").strip()
    if not login:
        return None
    users = get_user_model().objects.filter(is_active=True)
    if "@" in login:
        owners = EmailAddress.objects.filter(email__iexact=login).values("user_id")
        return users.filter(Q(pk__in=owners) | Q(email__iexact=login)).order_by("pk").first()
    return users.filter(username__iexact=login).first()


class AccountAdapter(DefaultAccountAdapter):
    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # allauth keys the per-account limit on the text typed, so "asel" and "asel@example.org"
        # would be two budgets of failures for one account: key it on the account instead.
        user = account_for_login(credentials)
        if user is not None:
            return f"account:{user.pk}"
        return super()._get_login_attempts_cache_key(request, **credentials)

    def authentication_failed(self, request, **credentials) -> None:
        super().authentication_failed(request, **credentials)
        user = account_for_login(credentials)
        if user is None or not account_locked(request, self._get_login_attempts_cache_key(request, **credentials)):
            return
        # Once per lock, however many more attempts the lock refuses.
        if cache.add(f"ruqsat:lock-mail:{user.pk}", True, timeout=lock_duration()):
            self.send_lockout_email(user)

    def send_lockout_email(self, user) -> None:
        if not user.email:
            return
        # Ids only in logs (config.log_privacy).
        logger.warning("Account %s locked after repeated failed log-ins", user.pk)
        with translation.override(user.language or settings.LANGUAGE_CODE):
            self.send_mail(
                "account/email/account_locked",
                user.email,
                {"user": user, "minutes": int(lock_duration() // 60), "site_url": settings.SITE_URL},
            )


def _account_rates():
    return [rate for rate in ratelimit.get_rates(app="allauth.account", action=LOGIN_FAILED) if rate.per == "key"]


def lock_duration() -> float:
    return max((rate.duration for rate in _account_rates()), default=0)


def account_locked(request, key: str) -> bool:
    """Has this account used up its failures? (allauth refuses its next attempt if so.)"""
    for rate in _account_rates():
        cache_key = ratelimit.get_cache_key(request, app="allauth.account", action=LOGIN_FAILED, rate=rate, key=key)
        history = list(cache.get(cache_key, []))
        allowed, _history = ratelimit.apply_rate(history, _now(), rate, dry_run=True)
        if not allowed:
            return True
    return False


def _now() -> float:
    import time

    return time.time()
