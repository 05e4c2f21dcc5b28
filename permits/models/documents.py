import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _

from permits.models.applications import PermitApplication


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
