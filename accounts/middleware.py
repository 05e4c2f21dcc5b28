import contextlib
import zoneinfo

from django.utils import timezone, translation


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
