from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from organizations.two_factor import two_factor_missing


class TwoFactorWhenRequired(BasePermission):
    """The API's side of TwoFactorRequiredMiddleware: a member of a group that requires
    two-factor authentication, without it, gets 403 until they set it up on the website."""

    message = _("Your group requires two-factor authentication. Set it up on your profile page first.")

    def has_permission(self, request, view):
        return not two_factor_missing(request.user)
