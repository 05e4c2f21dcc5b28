"""Error pages. Under /api/ a 404 is JSON, like every other API answer (API.md), even for a URL
that matches no route at all (e.g. /api/v1/applications/abc/, where the id is not a number)."""

from django.http import JsonResponse
from django.views import defaults


def not_found(request, exception):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)
