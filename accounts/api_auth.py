"""API token authentication: `Authorization: Token <key>` (API.md), checked against
accounts.ApiToken (hashed, named, expiring), and naming the caller in the audit trail.

auditlog's middleware takes the actor from `request.user` before DRF has read the token, so a
write made with `Authorization: Token …` would be recorded with no actor. This class fills the
actor in the request's audit context once the token is known. (A module of its own: DRF imports
authentication classes while rest_framework.views is still loading.)"""

from auditlog.context import auditlog_value
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from accounts.models import ApiToken


class AuditedTokenAuthentication(TokenAuthentication):
    # DRF's class reads the header and names the scheme ("Token") in WWW-Authenticate; only the
    # look-up is Ruqsat's own.

    def authenticate_credentials(self, key):
        token = ApiToken.objects.matching(key)
        if token is None:
            raise exceptions.AuthenticationFailed(
                _(
                    "This API token is not valid: it was revoked, or ended by a password change or "
                    "“log out everywhere”. Create a new one on your profile page."
                )
            )
        if token.is_expired:
            raise exceptions.AuthenticationFailed(
                _("This API token has expired. Create a new one on your profile page.")
            )
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        token.record_use()
        user = token.user
        try:
            context = auditlog_value.get()
        except LookupError:  # outside a request (e.g. a test calling the class directly)
            pass
        else:
            if context.get("actor") is None:
                context["actor"] = user
        return user, token
