from django.utils import translation


class UserLanguageMiddleware:
    """Switch to the language chosen on the profile; LocaleMiddleware (before this one) has
    already picked the session's, cookie's or browser's language for everyone else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        language = getattr(user, "language", "") if user is not None and user.is_authenticated else ""
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
