from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "organizations"
    verbose_name = _("Organizations")

    def ready(self):
        from config import audit
        from organizations.models import Invitation, Membership, Organization

        # The audit trail (config/audit.py), scoped to the group; a membership also to its person
        # (deleting an account anonymizes those entries).
        audit.track(Organization, organization="pk")
        audit.track(Membership, organization="organization_id", user="user_id")
        # The token is the invitation link's credential: never in the trail.
        audit.track(Invitation, organization="organization_id", exclude_fields=["token"])
