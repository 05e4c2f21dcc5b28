"""Input no view should ever see: refused at the edge with a 400 that says what is wrong.

A NUL character has no place in a URL, a query, a header or a form field, and PostgreSQL refuses
it in any text it is asked to compare or store: `/reports/shared/%00/` or `?q=%00` reached a
lookup and answered 500. The middleware refuses such a request before any view or lookup runs
(the session and the user are loaded lazily, later) — a page as HTML, the API as JSON
(`{"detail": …}`, API.md). JSON bodies are DRF's: config.parsers bounds their nesting, and DRF's
text fields refuse NUL with the field's name.
"""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

NUL = "\x00"


def _holds_nul(query_dict) -> bool:
    return any(NUL in key or any(NUL in value for value in values) for key, values in query_dict.lists())


def holds_nul(request) -> bool:
    """Does the path, the query string, a header (cookies and the API token included) or a form
    field (urlencoded or multipart) hold a NUL?"""
    if NUL in request.path or _holds_nul(request.GET):
        return True
    # A quoted cookie may spell NUL as \000 (http.cookies unquotes it), and the session and token
    # look-ups would hand it to PostgreSQL; servers in front usually refuse a raw NUL in a header.
    if any(NUL in value for key, value in request.META.items() if key.startswith("HTTP_") and isinstance(value, str)):
        return True
    if any(NUL in value for value in request.COOKIES.values()):
        return True
    # Only form bodies: request.POST is empty for JSON, which DRF parses itself. Reading it here
    # consumes a multipart stream, which Django and DRF both take back from request.POST.
    return request.method == "POST" and _holds_nul(request.POST)


class RefuseNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if holds_nul(request):
            message = _(
                "The address or the form contains an invisible NUL character, which no text may "
                "contain. Check the link, or remove the character, and try again."
            )
            _forget_a_session_key_holding_nul(request)
            return bad_request(request, message)
        return self.get_response(request)


def _forget_a_session_key_holding_nul(request):
    # SessionMiddleware saves the session on every response (SESSION_SAVE_EVERY_REQUEST), which
    # would look such a key up on the way out; an empty session instead makes it delete the cookie.
    session = getattr(request, "session", None)
    if session is not None and NUL in (session.session_key or ""):
        request.session = type(session)()


def bad_request(request, message: str):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=400)
    return render(request, "bad_request.html", {"message": message}, status=400)
