from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.models import Organization

# A preview waits this long for its confirmation; an older one is gone (404), and the next upload
# by the same person deletes it with its content.
PREVIEW_LIFETIME = timezone.timedelta(days=1)


class HistoryUploadQuerySet(models.QuerySet):
    def of(self, *, user, organization):
        """The uploads a person may look at: their own, to that group, still within their lifetime.
        Another coordinator's preview of the same group is not theirs to confirm."""
        return self.filter(
            uploaded_by=user, organization=organization, uploaded_at__gt=timezone.now() - PREVIEW_LIFETIME
        )

    def expired(self):
        return self.filter(uploaded_at__lte=timezone.now() - PREVIEW_LIFETIME)


class HistoryUpload(models.Model):
    """A history file between its preview and the coordinator's confirmation, so that she uploads it
    once: kept in the database (it is at most MAX_FILE_BYTES), tied to her and to the group. Once
    imported the file's content is dropped; the outcome per row (and the cells of the refused rows,
    for the file of refusals she downloads) stays until it expires."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    file_name = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(editable=False)
    # [{"row", "status", "reason", "application", "decision", "appeal", "cells"}], see services.RowOutcome
    outcomes = models.JSONField(default=list, editable=False)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    objects = HistoryUploadQuerySet.as_manager()

    class Meta:
        verbose_name = _("history upload")
        verbose_name_plural = _("history uploads")
        # HistoryUploadQuerySet.of: a person's uploads to a group, newest first.
        indexes = [models.Index(fields=["uploaded_by", "organization", "-uploaded_at"], name="history_upload_owner")]

    def __str__(self):
        return self.file_name
