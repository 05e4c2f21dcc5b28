"""Decide what an uploaded file really is from its bytes, never from its name or declared type.

Only the formats a filing, a decision letter or a court decision come in are accepted: PDF, PNG,
JPEG, DOCX and ODT. Anything else — HTML, SVG, scripts, programs, archives — is refused, even
when renamed to look like one of them.

DOCX and ODT are ZIP archives, and an archive can be a bomb: 300 KB that inflate to 300 MB, or a
hundred thousand entries. So an archive is inspected within bounds before anything in it is trusted:
the entry count and the central directory's size are read from the end record before the directory
is parsed; every entry's declared size, ratio and compression method are checked; then every entry
is inflated in small chunks, counting what really comes out, because the directory can lie (Python
cuts an entry off at its declared size and the CRC check then fails). No more than
ARCHIVE_MAX_UNCOMPRESSED_BYTES is ever inflated and no more than a chunk is held in memory.
"""

import lzma
import zipfile
import zlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"

# --- The bounds of an archive ---------------------------------------------------------------------
# A 300-page DOCX or ODT with a picture on every page holds about 330 entries; 2,000 leaves room for
# the largest real document and refuses the 100,000-entry archive, whose directory alone would cost
# Python 50 MB to parse.
ARCHIVE_MAX_ENTRIES = 2000
# Checked before the directory is parsed, because the entry count in the end record can lie: an entry
# takes 46 bytes plus its name and extras (names in Office files are under 100 bytes), so 256 bytes
# an entry on average; a lying directory of this size still parses to at most ~11,000 entries (~6 MB).
ARCHIVE_MAX_DIRECTORY_BYTES = ARCHIVE_MAX_ENTRIES * 256
# What every entry together may inflate to: the 20 MB upload limit times 10, the ratio of plain text
# in Word XML; a real document is mostly pictures, which do not shrink, and inflates to far less.
ARCHIVE_MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
# Inflated/compressed size of one entry. Apache POI (which opens every Office file in the Java world)
# refuses entries past 100 (its MIN_INFLATE_RATIO 0.01) above 100 KB (its GRACE_ENTRY_SIZE), where
# even very repetitive XML stays under it; a run of zeros reaches 1,000.
ARCHIVE_MAX_RATIO = 100
ARCHIVE_RATIO_GRACE_BYTES = 100 * 1024
# The most read from an entry whose contents decide the type: ODT's `mimetype` is 39 bytes.
ARCHIVE_ENTRY_READ_BYTES = 1024
# Entries are inflated (and thrown away) this much at a time while counting what really comes out.
ARCHIVE_CHUNK_BYTES = 64 * 1024
# Word and LibreOffice write entries stored or deflated. Python inflates bzip2 and LZMA without an
# output bound per read (a 4 KB bzip2 chunk can become 100 MB), so nothing else is opened.
ARCHIVE_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}

# What a damaged or hostile archive makes zipfile and the decompressors raise.
_ARCHIVE_ERRORS = (
    zipfile.BadZipFile,
    OSError,
    EOFError,
    KeyError,
    RuntimeError,
    ValueError,
    zlib.error,
    lzma.LZMAError,
)


def _archive_refused() -> ValidationError:
    return ValidationError(
        _(
            "This document is packed in a way no word processor writes (it would unpack to far more "
            "than its size, or it is damaged inside), so it is refused. Save it again from your word "
            "processor and upload the new copy."
        ),
        code="archive_bomb",
    )


def _too_many_entries() -> ValidationError:
    return ValidationError(
        _("This file holds more than %(limit)s parts inside it; a real DOCX or ODT document holds far fewer."),
        code="archive_entries",
        params={"limit": number_format(ARCHIVE_MAX_ENTRIES, force_grouping=True)},
    )


def _check_end_record(uploaded) -> None:
    """Bound the directory before zipfile parses it, from the same end record zipfile reads
    (zipfile._EndRecData, the function ZipFile itself calls, so both agree on which record counts)."""
    uploaded.seek(0)
    end = zipfile._EndRecData(uploaded)
    if end is None:
        return  # not an archive zipfile can open: the type check refuses it
    if end[zipfile._ECD_ENTRIES_TOTAL] > ARCHIVE_MAX_ENTRIES:
        raise _too_many_entries()
    if end[zipfile._ECD_SIZE] > ARCHIVE_MAX_DIRECTORY_BYTES:
        raise _archive_refused()


def _check_directory(entries: list[zipfile.ZipInfo]) -> None:
    """What the central directory declares: count, methods, encryption, sizes and ratios."""
    if len(entries) > ARCHIVE_MAX_ENTRIES:
        raise _too_many_entries()
    total = 0
    for entry in entries:
        if entry.compress_type not in ARCHIVE_METHODS or entry.flag_bits & 0x1:  # bit 0: encrypted
            raise _archive_refused()
        total += entry.file_size
        ratio_too_high = entry.file_size > ARCHIVE_MAX_RATIO * max(entry.compress_size, 1)
        if total > ARCHIVE_MAX_UNCOMPRESSED_BYTES or (entry.file_size > ARCHIVE_RATIO_GRACE_BYTES and ratio_too_high):
            raise _archive_refused()


def _inflate_within_bounds(archive: zipfile.ZipFile) -> dict[str, bytes]:
    """Inflate every entry a chunk at a time, counting what really comes out; return the first
    ARCHIVE_ENTRY_READ_BYTES of the entries that decide the type. zipfile stops an entry at its
    declared size and raises on a CRC that does not match, so an entry that inflates to more than
    its directory says is refused here, after at most its declared size."""
    heads, total = {}, 0
    for entry in archive.infolist():
        with archive.open(entry) as stream:
            if entry.filename == "mimetype":
                head = stream.read(ARCHIVE_ENTRY_READ_BYTES + 1)
                if len(head) > ARCHIVE_ENTRY_READ_BYTES:
                    raise _archive_refused()
                heads[entry.filename], total = head, total + len(head)
            while chunk := stream.read(ARCHIVE_CHUNK_BYTES):
                total += len(chunk)
                if total > ARCHIVE_MAX_UNCOMPRESSED_BYTES:
                    raise _archive_refused()
    return heads


def _zip_document_type(uploaded) -> str | None:
    """ODT, DOCX or None for an archive that is neither; a ValidationError for one past the bounds."""
    try:
        _check_end_record(uploaded)
        uploaded.seek(0)
        archive = zipfile.ZipFile(uploaded)
    except ValidationError:
        raise
    except _ARCHIVE_ERRORS:
        return None  # not an archive at all: the type check refuses it
    with archive:
        entries = archive.infolist()
        _check_directory(entries)
        try:
            heads = _inflate_within_bounds(archive)
        except _ARCHIVE_ERRORS:
            raise _archive_refused() from None
        names = {entry.filename for entry in entries}
    if heads.get("mimetype", b"").strip() == ODT.encode():
        return ODT
    if "[Content_Types].xml" in names and "word/document.xml" in names:
        return DOCX
    return None


def detect_document_type(uploaded) -> str | None:
    """The content type of an accepted format, or None; a ValidationError for an archive past its
    bounds."""
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
        try:
            return _zip_document_type(uploaded)
        finally:
            uploaded.seek(0)
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


def remove_files_on_commit(files) -> None:
    """Take stored documents' files off the disk once the current transaction commits: a wrong scan
    of an ID card must not wait on a seizable server, and must not vanish while its row survives a
    rollback. The names are read now, before the rows that hold them are deleted."""
    stored = [(file.storage, file.name) for file in files if file.name]
    if stored:
        transaction.on_commit(lambda: [storage.delete(name) for storage, name in stored])
