"""Share links: a coordinator publishes their group's refusal report through an unguessable,
revocable link (reports.views.shared_report). The counts themselves are computed when the page is
opened (reports.services), so nothing but the link is stored."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.models import Organization


def new_share_token() -> str:
    return secrets.token_urlsafe(32)  # 256 bits: not guessable, not enumerable


class ShareLinkQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ShareLink(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="report_share_links", verbose_name=_("group")
    )
    token = models.CharField(max_length=64, unique=True, default=new_share_token, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("published by")
    )
    created_at = models.DateTimeField(_("published at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ShareLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("report share link")
        verbose_name_plural = _("report share links")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.organization} ({self.created_at:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("reports:shared", args=[self.token])

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def revoke(self) -> bool:
        """Revoke the link; from then on it answers 404. False if it was already revoked."""
        now = timezone.now()
        changed = ShareLink.objects.filter(pk=self.pk, revoked_at__isnull=True).update(revoked_at=now)
        if changed:
            self.revoked_at = now
        return bool(changed)
