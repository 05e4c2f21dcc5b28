"""An appeal's hearings: when and where, and what happened there (Appeal.schedule_hearing sets one)."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from appeals.models.appeals import Appeal
from permits.models import TimelineEntry
from permits.timeline import TimelineMessage


class HearingQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(appeal__in=Appeal.objects.visible_to(user))


class Hearing(models.Model):
    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="hearings", verbose_name=_("appeal"))
    starts_at = models.DateTimeField(_("starts at"))
    place = models.CharField(_("place"), max_length=300)
    notes = models.TextField(_("notes"), blank=True)
    result = models.TextField(_("result"), blank=True)
    deadline = models.OneToOneField(
        "permits.Deadline", on_delete=models.SET_NULL, null=True, blank=True, related_name="hearing", editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("added by")
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    objects = HearingQuerySet.as_manager()

    class Meta:
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
        ordering = ["starts_at", "id"]

    def __str__(self):
        return f"{self.starts_at:%Y-%m-%d %H:%M} {self.place}"

    @transaction.atomic
    def record_result(self, *, result: str, by=None):
        result = (result or "").strip()
        if not result:
            raise ValidationError({"result": _("Say what happened at the hearing.")})
        self.result = result
        self.save(update_fields=["result"])
        if self.deadline_id:
            self.deadline.mark_done(by=by)
        appeal = self.appeal
        appeal._log(
            kind=TimelineEntry.Kind.HEARING,
            on=timezone.localtime(self.starts_at, timezone=ZoneInfo(appeal.application.jurisdiction.time_zone)).date(),
            summary=TimelineMessage(_("Hearing held: %(place)s"), place=self.place),
            details=result,
            by=by,
        )
