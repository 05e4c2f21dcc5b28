"""Co-organizing by consent (issue 12): naming another group as a co-organizer puts the application
on that group's dashboard, calendar and reminders, and its name on the appeal draft, so the group
becomes one only when one of its coordinators accepts. Until then the lead holds a
CoOrganizerInvitation, sent to those coordinators; the CoOrganizer row is what accepting grants."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations import access
from organizations.models import Organization, SingleUseLink
from permits.models.applications import CoOrganizer, PermitApplication
from permits.signals import deadlines_changed


class CoOrganizerInvitationQuerySet(models.QuerySet):
    def open(self):
        """Neither accepted nor declined (revoked): at most one per application and group."""
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)

    def pending(self):
        return self.open().filter(expires_at__gt=timezone.now())

    def for_coordinator(self, user):
        """Invitations to the groups `user` coordinates: theirs to accept or decline."""
        return self.filter(organization_id__in=access.organization_ids(user, access.COORDINATING_ROLES))


class CoOrganizerInvitation(SingleUseLink):
    """A request from an application's lead group to another group: "co-organize this with us"."""

    application = models.ForeignKey(
        PermitApplication,
        on_delete=models.CASCADE,
        related_name="co_organizer_invitations",
        verbose_name=_("application"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="co_organizer_invitations",
        verbose_name=_("invited group"),
    )

    objects = CoOrganizerInvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("co-organizer invitation")
        verbose_name_plural = _("co-organizer invitations")
        ordering = ["-created_at", "-id"]
        constraints = [
            # Naming a group twice (two tabs, two editors) leaves one open request, not two.
            models.UniqueConstraint(
                fields=["application", "organization"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="co_organizer_invitation_one_open",
            ),
        ]

    def __str__(self):
        return f"{self.organization} ← {self.application}"

    def get_absolute_url(self) -> str:
        return reverse("permits:co_organizer_invitation", args=[self.token])

    @property
    def is_bound(self) -> bool:
        return True

    def may_be_accepted_by(self, user) -> bool:
        """Only a coordinator of the invited group speaks for it; the link is no credential."""
        return (
            access.organization_ids(user, access.COORDINATING_ROLES)
            .filter(organization_id=self.organization_id)
            .exists()
        )

    def refusal_message(self) -> str:
        return _("Only a coordinator of %(group)s can answer this invitation.") % {"group": self.organization.name}

    def grant(self, user) -> CoOrganizer:
        if self.organization_id == self.application.organization_id:
            raise ValidationError(_("The lead group cannot also be a co-organizer."))
        link, _created = CoOrganizer.objects.get_or_create(
            application_id=self.application_id, organization_id=self.organization_id
        )
        # Its members now get the application's reminders and see it on their calendar.
        deadlines_changed.send(sender=CoOrganizer, application_id=self.application_id)
        return link

    def decline(self):
        """The invited group says no: the request is closed (shown to the lead as declined)."""
        self.revoke()
