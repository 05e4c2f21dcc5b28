"""The one way permit views reach an application: through the access rule, or a 404."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404

from permits.models import PermitApplication

# The jurisdiction's parents come along (a city, its region, the country): deadline rules and
# calendar corrections are looked up through them (Jurisdiction.lineage) on the application page.
ONE_APPLICATION = ("authority__jurisdiction__parent__parent",)


def visible_application(request, pk) -> PermitApplication:
    applications = PermitApplication.objects.visible_to(request.user).for_list().select_related(*ONE_APPLICATION)
    return get_object_or_404(applications, pk=pk)


def editable_application(request, pk) -> PermitApplication:
    applications = PermitApplication.objects.editable_by(request.user).for_list().select_related(*ONE_APPLICATION)
    return get_object_or_404(applications, pk=pk)


def allowed_methods(methods) -> list[str]:
    return [*methods, "HEAD"] if "GET" in methods else list(methods)


def application_view(access, methods=("GET", "POST")):
    """Log-in required; the application fetched through `access` (404 otherwise) and passed to
    the view instead of its id. The method is checked only after the lookup, so someone outside
    the application gets the same 404 for every method and learns nothing from a 405."""
    allowed = allowed_methods(methods)

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, pk, *args, **kwargs):
            application = access(request, pk)
            if request.method not in allowed:
                return HttpResponseNotAllowed(allowed)
            return view(request, application, *args, **kwargs)

        return wrapper

    return decorator
