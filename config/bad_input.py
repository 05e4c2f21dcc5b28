"""Input no view should ever see: refused at the edge with a 400 that says what is wrong.

A NUL character has no place in a URL, a query or a form field, and PostgreSQL refuses it in any
text it is asked to compare or store: `/reports/shared/%00/` or `?q=%00` reached a lookup and
answered 500. The middleware refuses such a request before any view or lookup runs — the page
as HTML, the API as JSON (`{"detail": …}`, API.md). JSON bodies are DRF's: config.parsers bounds
their nesting, and DRF's text fields refuse NUL with the field's name.
"""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

NUL = "\x00"


def _holds_nul(query_dict) -> bool:
    return any(NUL in key or any(NUL in value for value in values) for key, values in query_dict.lists())


def holds_nul(request) -> bool:
    """Does the path, the query string or a form field (urlencoded or multipart) hold a NUL?"""
    if NUL in request.path or _holds_nul(request.GET):
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
            return bad_request(request, message)
        return self.get_response(request)


def bad_request(request, message: str):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=400)
    return render(request, "bad_request.html", {"message": message}, status=400)
