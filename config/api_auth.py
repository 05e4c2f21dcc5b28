"""API token authentication that also names the caller in the audit trail.

auditlog's middleware takes the actor from `request.user` before DRF has read the token, so a
write made with `Authorization: Token …` would be recorded with no actor. This class fills the
actor in the request's audit context once the token is known. (A module of its own: DRF imports
authentication classes while rest_framework.views is still loading.)"""

from auditlog.context import auditlog_value
from rest_framework.authentication import TokenAuthentication


class AuditedTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        try:
            context = auditlog_value.get()
        except LookupError:  # outside a request (e.g. a test calling the class directly)
            pass
        else:
            if context.get("actor") is None:
                context["actor"] = user
        return user, token
