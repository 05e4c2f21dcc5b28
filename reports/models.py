"""Share links: a coordinator publishes their group's refusal report through an unguessable,
revocable link (reports.views.shared_report). The counts themselves are computed when the page is
opened (reports.services); what is stored is the link, and each quote as a coordinator published it
after redaction (PublishedQuote)."""

from __future__ import annotations

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


class PublishedQuoteQuerySet(models.QuerySet):
    def current(self):
        """Publications of the quote as it still reads: a quote edited since (on any path — the
        decision form, the API, the admin) is no longer published, without a hook on each path."""
        return self.filter(source=models.F("ground__quote"))


class PublishedQuote(models.Model):
    """A refusal ground's quote as a coordinator reviewed, redacted and published it for the share
    links. A reports model, not fields on RefusalGround: publishing is the share page's concern and
    permits need not know it; the ground's deletion (a decision recorded anew) takes it along.

    `source` is the quote it was published for. The original words are in the same database
    already, so the copy exposes nothing new; it lets one query tell a current publication from
    one the quote has outgrown (PublishedQuoteQuerySet.current)."""

    ground = models.OneToOneField(
        "permits.RefusalGround",
        on_delete=models.CASCADE,
        related_name="published_quote",
        verbose_name=_("refusal ground"),
    )
    text = models.TextField(_("published text"))
    source = models.TextField(_("quote it was published for"))
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("published by")
    )

    objects = PublishedQuoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("published quote")
        verbose_name_plural = _("published quotes")

    def __str__(self):
        return self.text[:80]

    @property
    def is_current(self) -> bool:
        return self.source == self.ground.quote

    @classmethod
    def publish(cls, *, ground, text: str, by) -> PublishedQuote:
        """Publish `text` (already checked by the form) for the quote as it reads now."""
        published, _created = cls.objects.update_or_create(
            ground=ground,
            defaults={"text": text, "source": ground.quote, "published_at": timezone.now(), "published_by": by},
        )
        return published

    @classmethod
    def withdraw(cls, *, ground) -> bool:
        """Stop showing `ground`'s quote on share links. False if it was not published."""
        deleted, _rows = cls.objects.filter(ground=ground).delete()
        return bool(deleted)
