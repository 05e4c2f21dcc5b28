from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from permits.models.applications import PermitApplication


class FilingDetailsQuerySet(models.QuerySet):
    def editable_by(self, user):
        # Only the lead group's coordinators and members, who prepare the filing, read them back:
        # not co-organizing groups, not the legal volunteers of an appeal (ID numbers, addresses).
        return self.filter(application__in=PermitApplication.objects.editable_by(user))


class FilingDetails(models.Model):
    """The personal part of a filing's answers (organizers' ID numbers, addresses, phones; the means
    of order), kept only when the person ticked "remember for this application", so that the next
    filing of the same application need not ask again. Unticked, the row is deleted.

    Deliberately not tracked by the audit trail (config.audit): an ID number written into a log
    entry would outlive "forget" and the row. The group's export (privacy) includes it, and it goes
    with the application."""

    application = models.OneToOneField(
        PermitApplication, on_delete=models.CASCADE, related_name="filing_details", verbose_name=_("application")
    )
    language = models.CharField(_("language"), max_length=5, blank=True)
    organizers = models.JSONField(_("organizers"), default=list, blank=True)
    order_and_safety = models.TextField(_("means of public order and safety"), blank=True)
    medical_help = models.TextField(_("medical help"), blank=True)
    sound_equipment = models.TextField(_("sound equipment"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("updated by")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = FilingDetailsQuerySet.as_manager()

    class Meta:
        verbose_name = _("remembered filing details")
        verbose_name_plural = _("remembered filing details")

    def __str__(self):
        return f"{self._meta.verbose_name}: {self.application_id}"
