"""The appeal's draft and its revisions.

`AppealDraft.version` is the optimistic lock: every save names the version it was based on and
succeeds only if that is still the current one (appeals.drafts.draft_save, a conditional UPDATE).
Each saved state is a DraftRevision with the same version number, so nothing anyone wrote is lost.
A revision without a version is a *proposal*: a regenerated draft waiting beside the current text
until someone adopts it (restore) — regenerating never replaces a person's edits.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from appeals.models.appeals import Appeal

MAX_DRAFT_CHARS = 200_000


class DraftConflict(Exception):
    """A save based on a version that is no longer current. Carries the current text and version
    so the caller can show both texts side by side (the API answers 409 with them)."""

    def __init__(self, *, text: str, version: int):
        super().__init__(f"The draft is at version {version}.")
        self.text = text
        self.version = version


class RevisionOrigin(models.TextChoices):
    GENERATED = "generated", _("Assembled when the appeal was opened")
    EDITED = "edited", _("Edited")
    RESTORED = "restored", _("Restored from an earlier revision")
    REGENERATED = "regenerated", _("Assembled again from the case and the library")


class AppealDraftQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(appeal__in=Appeal.objects.visible_to(user))


class AppealDraft(models.Model):
    appeal = models.OneToOneField(Appeal, on_delete=models.CASCADE, related_name="draft", verbose_name=_("appeal"))
    text = models.TextField(_("text"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last saved by"),
    )
    updated_at = models.DateTimeField(_("last saved at"), auto_now=True)

    objects = AppealDraftQuerySet.as_manager()

    class Meta:
        verbose_name = _("appeal draft")
        verbose_name_plural = _("appeal drafts")

    def __str__(self):
        return f"{self.appeal} (v{self.version})"


class DraftRevisionQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(draft__appeal__in=Appeal.objects.visible_to(user))

    def saved(self):
        """The draft's history: every state it has had, newest first."""
        return self.filter(version__isnull=False).order_by("-version")

    def proposals(self):
        return self.filter(version__isnull=True).order_by("-created_at", "-id")


class DraftRevision(models.Model):
    Origin = RevisionOrigin

    draft = models.ForeignKey(AppealDraft, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("draft"))
    version = models.PositiveIntegerField(
        _("version"), null=True, blank=True, help_text=_("Empty for a regenerated text not adopted yet.")
    )
    text = models.TextField(_("text"), blank=True)
    origin = models.CharField(_("origin"), max_length=20, choices=RevisionOrigin.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    restored_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("restored from")
    )
    # Null for the automatic first draft, and for a former member whose account was deleted.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)
    # Which version of each library argument the text came from ([{"code", "version", "shared"}],
    # appeals.drafting.arguments_used): an assembled text records its own; an edit or a restore
    # keeps the list of the text it was based on.
    arguments_used = models.JSONField(_("arguments used"), default=list, blank=True, editable=False)

    objects = DraftRevisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("draft revision")
        verbose_name_plural = _("draft revisions")
        ordering = ["-created_at", "-id"]
        constraints = [
            # The second line of defence behind the conditional UPDATE in draft_save.
            models.UniqueConstraint(
                fields=["draft", "version"], condition=Q(version__isnull=False), name="draft_revision_one_per_version"
            )
        ]

    def __str__(self):
        return f"{self.draft.appeal} v{self.version}" if self.version else f"{self.draft.appeal} (proposal)"

    @property
    def is_proposal(self) -> bool:
        return self.version is None
