import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from config.audit import by_is_actor
from permits.models.applications import PermitApplication
from permits.models.planning import local_today
from permits.models.timeline import TimelineEntry
from permits.timeline import TimelineMessage, choice_param
from permits.uploads import remove_files_on_commit, validate_document


def private_documents():
    # Resolved lazily so tests can point the "documents" storage at a temporary directory.
    return storages["documents"]


def document_path(instance, filename):
    # Never the uploader's name: a server-generated name with the extension of the detected type.
    return f"{instance.application_id}/{uuid.uuid4().hex}{instance.extension_for_type()}"


class DocumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(application__in=PermitApplication.objects.visible_to(user))


class Document(models.Model):
    class Kind(models.TextChoices):
        FILING = "filing", _("Filing (stamped copy or e-government receipt)")
        DECISION_LETTER = "decision_letter", _("Decision letter")
        COURT_DECISION = "court_decision", _("Court decision")
        EVIDENCE = "evidence", _("Evidence")
        OTHER = "other", _("Other")

    # Detected content type → extension of the stored file (permits.uploads decides the type).
    EXTENSIONS = {
        "application/pdf": ".pdf",
        "image/png": ".png",
        "image/jpeg": ".jpg",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
        "application/vnd.oasis.opendocument.text": ".odt",
    }

    application = models.ForeignKey(
        PermitApplication, on_delete=models.CASCADE, related_name="documents", verbose_name=_("application")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), storage=private_documents, upload_to=document_path, max_length=300)
    original_name = models.CharField(_("original file name"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    content_type = models.CharField(_("content type"), max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self):
        return self.title

    def extension_for_type(self) -> str:
        return self.EXTENSIONS.get(self.content_type, ".bin")

    def download_name(self) -> str:
        return f"ruqsat-document-{self.pk}{self.extension_for_type()}"

    # --- corrections (issue 13) -------------------------------------------------------------------
    # Each runs in one transaction; the audit trail (config/audit.py) records the row's changes and
    # its deletion with the actor. A file taken off the record leaves the disk as soon as the
    # transaction commits: a wrong scan of an ID card must not wait on a server that can be seized.

    def _log(self, message, *, by):
        TimelineEntry.write(
            application=self.application,
            kind=TimelineEntry.Kind.DOCUMENT,
            on=local_today(self.application.jurisdiction.time_zone),
            # The kind, never the title or the file's name: either may name the person on the scan.
            summary=TimelineMessage(message, kind=choice_param(Document, "kind", self.kind)),
            by=by,
        )

    @by_is_actor
    @transaction.atomic
    def reclassify(self, *, kind=None, title=None, by=None):
        """Change what the document is recorded as (its kind and/or title)."""
        errors = {}
        if kind is not None and kind not in self.Kind.values:
            errors["kind"] = _("Choose one of the kinds of document.")
        if title is not None and not title.strip():
            errors["title"] = _("Give the document a title.")
        if errors:
            raise ValidationError(errors)
        if kind is not None:
            self.kind = kind
        if title is not None:
            self.title = title.strip()
        self.full_clean(exclude=["application", "file", "uploaded_by"])
        self.save(update_fields=["kind", "title"])

    @by_is_actor
    @transaction.atomic
    def replace_file(self, uploaded, *, by=None):
        """A new file for the same record (a better scan, the right page). The upload checks of
        permits.uploads apply; the old file is removed from the disk once the change is committed."""
        try:
            content_type = validate_document(uploaded)
        except ValidationError as error:
            raise ValidationError({"file": error.error_list}) from None
        old_file = self.file
        self.content_type = content_type
        self.size = uploaded.size
        self.original_name = (uploaded.name or "")[:255]
        self.file = uploaded  # saved under a new server-generated name (document_path)
        self.save()
        self._log(_("Document replaced: %(kind)s"), by=by)
        if old_file.name != self.file.name:
            remove_files_on_commit([old_file])

    @by_is_actor
    @transaction.atomic
    def remove(self, *, by=None):
        """Take the document off the record. The audit trail keeps that it existed, its kind and who
        deleted it; the file itself is gone from the disk once the deletion is committed."""
        remove_files_on_commit([self.file])
        self._log(_("Document deleted: %(kind)s"), by=by)
        self.delete()
