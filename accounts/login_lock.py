"""Failed log-ins and the lock they put on an account, counted so an attacker cannot turn it against
the owner (issue 12).

allauth's `login_failed` rates (ACCOUNT_RATE_LIMITS) count failures per client address ("/ip": an
address trying many accounts is slowed, then blocked) and per key ("/key"). The key we give allauth
is the account *and* the address: a stranger guessing a named activist's password from one address
locks only that address out of her account, and she still logs in from her own. Should the lock
catch her at her own address, the email it sends her carries a one-time link that lifts it.

The client address is allauth's (`ALLAUTH_TRUSTED_PROXY_COUNT`): the proxies' entry of
X-Forwarded-For, or the connection's address when no proxy is trusted, so a forged header changes
nothing."""

import ipaddress
import time

from allauth import app_settings as allauth_settings
from allauth.account.models import EmailAddress
from allauth.core.internal import ratelimit
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.cache import cache
from django.db.models import Q

LOGIN_FAILED = "login_failed"
_UNLOCK_SALT = "accounts.login_lock.unlock"


def account_for_login(credentials: dict):
    """The account a log-in attempt names, by username or by any of its email addresses."""
    login = typed_login(credentials)
    if not login:
        return None
    users = get_user_model().objects.filter(is_active=True)
    if "@" in login:
        owners = EmailAddress.objects.filter(email__iexact=login).values("user_id")
        return users.filter(Q(pk__in=owners) | Q(email__iexact=login)).order_by("pk").first()
    return users.filter(username__iexact=login).first()


def typed_login(credentials: dict) -> str:
    return (credentials.get("username") or credentials.get("email") or "").strip()


def failure_key(client_ip: str, credentials: dict) -> str:
    """What the per-key rate counts failures against: the account — whichever of its username or
    email addresses is typed — from one address. A login that names no account is counted as typed,
    so a lock looks the same whether or not the account exists."""
    user = account_for_login(credentials)
    who = f"account:{user.pk}:{_generation(user)}" if user else f"login:{typed_login(credentials).lower()}"
    return f"{who}@{_network(client_ip)}"


def _network(client_ip: str) -> str:
    # allauth counts an IPv6 client by its /64 (one home or phone gets a whole /64): count the same.
    try:
        address = ipaddress.ip_address(client_ip)
    except ValueError:
        return client_ip
    if address.version == 6:
        prefix = allauth_settings.RATE_LIMIT_IPV6_PREFIX
        return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False).network_address)
    return str(address)


# --- the lock --------------------------------------------------------------------------------


def _per_key_rates():
    return [rate for rate in ratelimit.get_rates(app="allauth.account", action=LOGIN_FAILED) if rate.per == "key"]


def lock_duration() -> float:
    """How long a lock lasts at most (the longest per-key window); also how long an unlock link lives."""
    return max((rate.duration for rate in _per_key_rates()), default=0)


def is_locked(request, allauth_key: str) -> bool:
    """Has this account used up its failures from this address? (allauth refuses its next attempt.)
    The per-address rates are left out: an address blocked for trying many accounts is no reason to
    write to the owner of each."""
    for rate in _per_key_rates():
        cache_key = ratelimit.get_cache_key(
            request, app="allauth.account", action=LOGIN_FAILED, rate=rate, key=allauth_key
        )
        allowed, _history = ratelimit.apply_rate(list(cache.get(cache_key, [])), time.time(), rate, dry_run=True)
        if not allowed:
            return True
    return False


def claim_lock_email(user) -> bool:
    """True once per lock: however many more attempts the lock refuses, the owner gets one email."""
    return cache.add(f"ruqsat:login-lock-mail:{user.pk}:{_generation(user)}", True, timeout=lock_duration())


# --- the unlock link -------------------------------------------------------------------------
# Lifting the lock moves the account to a new generation: every failure counted so far, from any
# address, was counted under the old one and no longer counts. The link names the generation it
# lifts, so once used it names a past one and is dead. Generations live in the cache beside the
# failures they scope: should the cache be emptied, the failures go with them and an old link can
# lift nothing.


def _generation_key(user) -> str:
    return f"ruqsat:login-lock-generation:{user.pk}"


def _generation(user) -> int:
    return int(cache.get(_generation_key(user), 0))


def unlock_token(user) -> str:
    return signing.TimestampSigner(salt=_UNLOCK_SALT).sign(f"{user.pk}.{_generation(user)}")


def _unlockable(token: str):
    """The account and generation a genuine, unexpired, unused token names; None otherwise."""
    try:
        value = signing.TimestampSigner(salt=_UNLOCK_SALT).unsign(token, max_age=lock_duration())
        user_pk, generation = (int(part) for part in value.split("."))
    except (signing.BadSignature, ValueError):
        return None
    user = get_user_model().objects.filter(pk=user_pk, is_active=True).first()
    if user is None or generation != _generation(user):
        return None
    return user, generation


def can_unlock(token: str) -> bool:
    return _unlockable(token) is not None


def unlock(token: str) -> bool:
    """Lift the lock the token names: False for a forged, expired or already used token."""
    found = _unlockable(token)
    if found is None:
        return False
    user, generation = found
    # Two clicks at once must not both count as the one use: only the first claims it.
    if not cache.add(f"ruqsat:login-unlock-used:{user.pk}:{generation}", True, timeout=lock_duration()):
        return False
    cache.set(_generation_key(user), generation + 1, timeout=None)
    return True
