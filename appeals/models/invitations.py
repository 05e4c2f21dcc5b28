"""Invitations by email to work on one appeal (issue 5): a coordinator of the lead group invites a
lawyer — perhaps not yet on Ruqsat, in no group at all — by email. Whoever opens the single-use,
expiring link and accepts is assigned to that appeal (an AppealVolunteer). The assignment is the
access, as for one made by username: that application and its appeals, nothing else of the group,
and no membership of it.

The link alone is not the credential: only an account that has verified the invited address may
accept it (SingleUseLink.may_be_accepted_by), so a forwarded or mistyped link enlists nobody else;
a lawyer who signs up with another address adds and confirms this one first. Its lifetime is the
groups' INVITATION_LIFETIME, so both kinds of invitation say the same thing about expiring.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.models import SingleUseLink


class AppealInvitationQuerySet(models.QuerySet):
    def open(self):
        """Neither accepted nor revoked (an expired one included): at most one per appeal and address."""
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)

    def pending(self):
        """Open and not yet expired: the link still works."""
        return self.open().filter(expires_at__gt=timezone.now())


class AppealInvitation(SingleUseLink):
    """An emailed, single-use link that assigns whoever accepts it to one appeal."""

    appeal = models.ForeignKey(
        "appeals.Appeal", on_delete=models.CASCADE, related_name="invitations", verbose_name=_("appeal")
    )
    email = models.EmailField(_("email"))

    objects = AppealInvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("appeal invitation")
        verbose_name_plural = _("appeal invitations")
        ordering = ["-created_at", "-id"]
        constraints = [
            # Inviting the same address again replaces the open invitation (appeal_invite_volunteer):
            # two coordinators inviting at once cannot leave two live links for one person.
            models.UniqueConstraint(
                Lower("email"),
                "appeal",
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="appeal_invitation_one_open_per_email",
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(revoked_at__isnull=True),
                name="appeal_invitation_not_accepted_and_revoked",
            ),
        ]

    def __str__(self):
        return f"{self.appeal} ← {self.email}"

    def get_absolute_url(self) -> str:
        return reverse("appeals:invitation_accept", args=[self.token])

    def grant(self, user):
        """Assign `user` to the appeal. Returns the AppealVolunteer."""
        # volunteers.py imports appeals.py, which imports this module: not at the top.
        from appeals.models.volunteers import AppealVolunteer

        assignment, created = AppealVolunteer.objects.get_or_create(
            appeal_id=self.appeal_id, user=user, defaults={"assigned_by": self.invited_by}
        )
        if created:
            self.appeal.deadlines_changed()  # one more person to remind
        return assignment
