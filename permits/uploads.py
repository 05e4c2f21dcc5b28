"""Decide what an uploaded file really is from its bytes, never from its name or declared type.

Only the formats a filing, a decision letter or a court decision come in are accepted: PDF, PNG,
JPEG, DOCX and ODT. Anything else — HTML, SVG, scripts, programs, archives — is refused, even
when renamed to look like one of them.
"""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"


def _zip_document_type(uploaded) -> str | None:
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip() == ODT.encode():
                return ODT
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return DOCX
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, ValueError):
        return None
    return None


def detect_document_type(uploaded) -> str | None:
    """The content type of an accepted format, or None."""
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        found = _zip_document_type(uploaded)
        uploaded.seek(0)
        return found
    return None


def validate_document(uploaded) -> str:
    """Return the detected content type, or raise a ValidationError a person can act on."""
    limit = settings.DOCUMENT_MAX_BYTES
    if uploaded.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(uploaded.size), "limit": filesizeformat(limit)},
        )
    if uploaded.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    content_type = detect_document_type(uploaded)
    if content_type is None:
        raise ValidationError(
            _("Only PDF, PNG, JPEG, DOCX and ODT files are accepted, and this file's content is none of them."),
            code="file_type",
        )
    return content_type
