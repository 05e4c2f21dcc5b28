"""Who is assigned to an appeal (AppealVolunteer): the assignment that is a volunteer's access."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from appeals.models.appeals import Appeal


class AppealVolunteerQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(appeal__in=Appeal.objects.visible_to(user))


class AppealVolunteer(models.Model):
    """A volunteer assigned to one appeal. The assignment is the access: while it exists its user
    sees that appeal and its application (and nothing else of the group); removing it ends that.
    The reminders app reads these rows to remind volunteers of the appeal's deadlines."""

    appeal = models.ForeignKey(
        Appeal, on_delete=models.CASCADE, related_name="volunteer_assignments", verbose_name=_("appeal")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="appeal_assignments",
        verbose_name=_("volunteer"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)

    objects = AppealVolunteerQuerySet.as_manager()

    class Meta:
        verbose_name = _("appeal volunteer")
        verbose_name_plural = _("appeal volunteers")
        ordering = ["assigned_at", "id"]
        constraints = [models.UniqueConstraint(fields=["appeal", "user"], name="appeal_volunteer_unique")]
        # organizations.access looks assignments up by user (what a volunteer sees and works on).
        indexes = [models.Index(fields=["user", "appeal"], name="appeal_volunteer_user")]

    def __str__(self):
        return f"{self.user} → {self.appeal}"
