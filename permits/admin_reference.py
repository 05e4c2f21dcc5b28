"""Who changes the shared reference data in the admin: site editors only.

The reference data — the argument library and its citations, draft templates, refusal reasons,
jurisdictions, deadline rules, calendar corrections and shared authorities — shapes every group's
deadlines and appeal drafts. Django's model permissions alone would let any staff account given
"change argument" for another reason rewrite what every group files; these admins ask the one
question the API asks too (permits.models.is_site_editor). Other staff may still read them."""

from permits.models import is_site_editor


class ReferenceDataAdmin:
    """Mixin for the ModelAdmins and inlines of reference data (put it first in the bases)."""

    def has_module_permission(self, request):
        return super().has_module_permission(request) or is_site_editor(request.user)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or is_site_editor(request.user)

    def has_add_permission(self, request, *args):  # an inline's takes the parent object too
        return is_site_editor(request.user)

    def has_change_permission(self, request, obj=None):
        return is_site_editor(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_site_editor(request.user)
