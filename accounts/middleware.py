import contextlib
import zoneinfo

from django.utils import timezone, translation

from organizations.two_factor import must_verify_email_first, two_factor_missing


class UserLanguageMiddleware:
    """Switch to the language and time zone chosen on the profile. LocaleMiddleware (before this
    one) has already picked the session's, cookie's or browser's language for everyone else; the
    time zone otherwise stays settings.TIME_ZONE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        authenticated = user is not None and user.is_authenticated
        language = getattr(user, "language", "") if authenticated else ""
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        time_zone = getattr(user, "time_zone", "") if authenticated else ""
        # The active zone is per thread and outlives the request: always set or reset it.
        timezone.deactivate()
        # A zone removed from tzdata since it was saved falls back to settings.TIME_ZONE.
        if time_zone:
            with contextlib.suppress(zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.activate(zoneinfo.ZoneInfo(time_zone))
        return self.get_response(request)


class TwoFactorRequiredMiddleware:
    """Send a member of a group that requires two-factor authentication, and has none, to set it
    up before anything else. Open to them meanwhile: the two-factor pages themselves, the
    password re-check allauth asks for before adding one, logging out, switching the language,
    static files — and every way out, whatever a group requires (issue 12): leaving a group,
    confirming an email address (which allauth asks before adding an authenticator), exporting
    one's data and deleting the account. A member with an unverified address is sent to confirm
    it first, not to a set-up page that would refuse them. The API answers 403 instead
    (accounts.permissions.TwoFactorWhenRequired), except for leaving a group."""

    # URL names always open to a member held by the requirement.
    ESCAPE_ROUTES = frozenset(
        {
            "organizations:leave",
            "account_email",
            "account_confirm_email",
            "account_email_verification_sent",
            "privacy:data_export",
            "privacy:account_delete",
            # The home-screen files hold nothing of anyone's; a redirect would break the worker's install.
            "web_app_manifest",
            "service_worker",
            "offline",
        }
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):

        user = getattr(request, "user", None)
        if not self._exempt(request.path_info) and two_factor_missing(user):
            from django.contrib import messages
            from django.shortcuts import redirect
            from django.utils.translation import gettext as _

            if must_verify_email_first(user):
                if request.method == "GET":
                    messages.warning(
                        request,
                        _(
                            "Your group requires two-factor authentication. Confirm your email address first (use "
                            "the link we emailed you, or send it again below), then set up an authenticator app."
                        ),
                    )
                return redirect("account_email")
            if request.method == "GET":
                messages.warning(
                    request,
                    _("Your group requires two-factor authentication. Set up an authenticator app to continue."),
                )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    @classmethod
    def _exempt(cls, path: str) -> bool:
        from django.conf import settings
        from django.urls import Resolver404, resolve, reverse

        open_prefixes = (
            reverse("mfa_index"),
            reverse("account_logout"),
            reverse("account_reauthenticate"),
            reverse("set_user_language"),
            "/i18n/",
            "/api/",
            settings.STATIC_URL,
        )
        if path.startswith(open_prefixes):
            return True
        try:
            match = resolve(path)
        except Resolver404:
            return False
        return match.view_name in cls.ESCAPE_ROUTES
