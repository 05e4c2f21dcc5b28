"""The one way permit views reach an application: through the access rule, or a 404."""

from organizations.access import allowed_methods, object_view
from permits.models import PermitApplication

__all__ = ["allowed_methods", "application_view", "editable_applications", "visible_applications"]

# The jurisdiction's parents come along (a city, its region, the country): deadline rules and
# calendar corrections are looked up through them (Jurisdiction.lineage) on the application page.
ONE_APPLICATION = ("authority__jurisdiction__parent__parent",)


def visible_applications(request):
    return PermitApplication.objects.visible_to(request.user).for_list().select_related(*ONE_APPLICATION)


def editable_applications(request):
    return PermitApplication.objects.editable_by(request.user).for_list().select_related(*ONE_APPLICATION)


def application_view(reachable, methods=("GET", "POST")):
    """The application fetched through `reachable` (visible_applications or editable_applications)
    and passed to the view instead of its id; organizations.access.object_view says in what order."""
    return object_view(reachable, methods=methods)
