"""allauth's account adapter: failed log-ins count against the account from one address, and a
client behind the proxy is the client's address, not the proxy's (see accounts.login_lock); the
owner is told by email, with a one-time unlock link, when their account is locked."""

import ipaddress
import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.urls import reverse
from django.utils import translation

from accounts import login_lock

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        try:
            return super().get_client_ip(request)
        except ImproperlyConfigured:
            # X-Forwarded-For has fewer entries than ALLAUTH_TRUSTED_PROXY_COUNT: the request came
            # round one of the proxies. Its first entry is the client the outermost proxy saw — a
            # 500 here would let anyone break log-in.
            first = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[0].strip()
            try:
                return str(ipaddress.ip_address(first))
            except ValueError:
                raise PermissionDenied("Unable to determine client IP address") from None

    def pre_authenticate(self, request, **credentials) -> None:
        # allauth counts its per-key failures against the login typed, which lets anyone lock a
        # named owner out from anywhere. Hand it the key of (account, address) instead: allauth's
        # own counting — taken before the password check, rolled back on success — then applies
        # unchanged to that key, and its per-address rates to the address.
        super().pre_authenticate(request, username=self._failure_key(request, credentials))

    def authentication_failed(self, request, **credentials) -> None:
        super().authentication_failed(request, **credentials)
        user = login_lock.account_for_login(credentials)
        if user is None:
            return
        # Called, not overridden: the key allauth stored this failure under. Should allauth change
        # it, no lock is seen and test_login_lock's unlock-mail tests fail.
        allauth_key = self._get_login_attempts_cache_key(request, username=self._failure_key(request, credentials))
        if login_lock.is_locked(request, allauth_key) and login_lock.claim_lock_email(user):
            self.send_lockout_email(user)

    def _failure_key(self, request, credentials) -> str:
        return login_lock.failure_key(self.get_client_ip(request), credentials)

    def send_lockout_email(self, user) -> None:
        # To a verified address only: a lock must not mail an unlock link to an address nobody proved.
        address = EmailAddress.objects.filter(user=user, primary=True, verified=True).first()
        if address is None:
            return
        # Ids only in logs (config.log_privacy).
        logger.warning("Account %s locked after repeated failed log-ins from one address", user.pk)
        unlock_path = reverse("account_unlock", args=[login_lock.unlock_token(user)])
        with translation.override(user.language or settings.LANGUAGE_CODE):
            self.send_mail(
                "account/email/account_locked",
                address.email,
                {
                    "user": user,
                    "minutes": int(login_lock.lock_duration() // 60),
                    "site_url": settings.SITE_URL,
                    "unlock_url": settings.SITE_URL.rstrip("/") + unlock_path,
                },
            )
