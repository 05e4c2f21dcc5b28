"""`Cache-Control: no-store` on every response Django makes.

A browser keeps pages it may cache on disk, where anyone holding the phone or laptop later reads
them — a group's applications, the names in them, an appeal draft — without logging in. Nearly
every page is personal, and the anonymous ones are the log-in, sign-up and password-reset pages
(the last with a reset key in its address), so the rule is simply "everything", with one
exception: a view that declared its response `public` (the favicon redirect, the web app manifest
and the service worker's script in config/pwa.py) says it holds nothing personal. Static files never
get here: whitenoise answers them before this middleware (settings.MIDDLEWARE) and they keep their
long caching."""

from django.utils.cache import add_never_cache_headers


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Django turns an exception raised further in into its error page before it gets here,
        # so 404, 403, 400 and 500 pages are covered as well.
        response = self.get_response(request)
        if "public" not in _directives(response):
            add_never_cache_headers(response)
        return response


def _directives(response) -> set[str]:
    header = response.get("Cache-Control", "")
    return {part.split("=", 1)[0].strip().lower() for part in header.split(",") if part.strip()}
