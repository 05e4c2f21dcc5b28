"""Archive uploads (DOCX, ODT) that are bombs: a 300 KB ODT whose `mimetype` inflates to 300 MB, an
archive of 100,000 entries, a directory that lies about sizes or counts, a compression Python cannot
bound. Each is refused on the page and through the API with a message naming the file, nothing is
stored, and the check's peak memory stays small whatever the archive claims."""

import io
import random
import struct
import tracemalloc
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from permits import uploads
from permits.models import Document
from permits.uploads import DOCX, ODT, validate_document

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
ODT_MIMETYPE = ODT.encode()
# Peak memory the check may use on any of the archives below (the bomb alone is 300 MB inflated).
CHECK_PEAK_BYTES = 4 * MB


def odt_bytes(**extra: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", ODT_MIMETYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content>Жалоба</office:document-content>")
        archive.writestr("META-INF/manifest.xml", "<manifest:manifest/>")
        for name, content in extra.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>" + "<w:p>Шағым</w:p>" * 2000 + "</w:document>")
        # A photograph: already compressed, so it does not shrink.
        archive.writestr("word/media/image1.jpeg", random.Random(12).randbytes(300 * 1024))
    return buffer.getvalue()


def raw_zip(entries: list[tuple[bytes, int, bytes, int, int]]) -> bytes:
    """An archive written by hand from (name, method, compressed data, CRC, declared size) — so a
    test can declare what it likes, and build a 300 MB bomb without inflating it."""
    body, directory = bytearray(), bytearray()
    for name, method, data, crc, size in entries:
        fields = (method, 0, 0x21, crc, len(data), size, len(name))  # 0x21: 1 January 1980
        directory += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, *fields, 0, 0, 0, 0, 0, len(body))
        directory += name
        body += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, *fields, 0) + name + data
    count, end = len(entries), b""
    if count > 0xFFFF:  # ZIP64: the real count in its own end record, 0xFFFF in the classic one
        at = len(body) + len(directory)
        end = struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, count, count, len(directory), len(body))
        end += struct.pack("<IIQI", 0x07064B50, 0, at, 1)
        count = 0xFFFF
    end += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(directory), len(body), 0)
    return bytes(body + directory + end)


def odt_bomb(inflated_mb: int = 300, declared: int | None = None) -> bytes:
    """What was seen: an ODT whose `mimetype` is the ODT type followed by `inflated_mb` MB of spaces
    (which `.strip()` removed, so the old check accepted it). The same fully flushed deflate block of
    1 MB of spaces repeated, so it is built without inflating it. `declared`: the size its headers
    claim, if they lie."""
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = deflate.compress(ODT_MIMETYPE) + deflate.flush(zlib.Z_FULL_FLUSH)
    block = deflate.compress(b" " * MB) + deflate.flush(zlib.Z_FULL_FLUSH)
    data = head + block * inflated_mb + deflate.flush(zlib.Z_FINISH)
    crc = zlib.crc32(ODT_MIMETYPE)
    for _ in range(inflated_mb):
        crc = zlib.crc32(b" " * MB, crc)
    size = len(ODT_MIMETYPE) + inflated_mb * MB
    content = b"<office:document-content/>"
    return raw_zip(
        [
            (b"mimetype", zipfile.ZIP_DEFLATED, data, crc, size if declared is None else declared),
            (b"content.xml", zipfile.ZIP_STORED, content, zlib.crc32(content), len(content)),
        ]
    )


def many_entries(count: int, *, claimed: int | None = None) -> bytes:
    """A DOCX-looking archive of `count` empty entries; `claimed`: the count its end record says."""
    entries = [(b"[Content_Types].xml", 0, b"<Types/>", zlib.crc32(b"<Types/>"), 8)]
    entries += [(b"word/document.xml", 0, b"", 0, 0)] + [(str(n).encode(), 0, b"", 0, 0) for n in range(count - 2)]
    content = raw_zip(entries)
    if claimed is not None:
        data = bytearray(content)
        struct.pack_into("<HH", data, len(data) - 22 + 8, claimed, claimed)
        content = bytes(data)
    return content


def bzip2_odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", ODT_MIMETYPE, compress_type=zipfile.ZIP_BZIP2)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    content = odt_bomb()
    assert len(content) < 400 * 1024, len(content)  # ~300 KB, as seen
    return content


@pytest.fixture(scope="module")
def hundred_thousand_entries() -> bytes:
    return many_entries(100_000)


def peak_memory_of_the_check(content: bytes):
    """(the ValidationError's code or the content type, peak bytes allocated while checking)."""
    uploaded = SimpleUploadedFile("x.odt", content)
    tracemalloc.start()
    try:
        outcome = validate_document(uploaded)
    except ValidationError as error:  # anything else would be a server error, and fails the test
        outcome = error.code
    finally:
        _size, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return outcome, peak


@pytest.fixture(params=["page", "api"])
def upload(request, world, client, api_client):
    """Upload as a member of the lead group, through the page or the API; a function
    content -> (accepted, the file field's errors)."""
    if request.param == "page":
        client.force_login(world.member)

        def send(content, name="appeal.odt"):
            response = client.post(
                reverse("permits:document_upload", args=[world.application.pk]),
                {"kind": "filing", "title": "Kept title", "file": SimpleUploadedFile(name, content)},
            )
            if response.status_code == 302:
                return True, []
            assert response.status_code == 200, response.status_code
            assert 'value="Kept title"' in response.content.decode()  # nothing typed is lost
            return False, response.context["document_form"].errors.get("file", [])

    else:
        api_client.force_authenticate(world.member)

        def send(content, name="appeal.odt"):
            response = api_client.post(
                f"/api/v1/applications/{world.application.pk}/documents/",
                {"kind": "filing", "title": "Kept title", "file": SimpleUploadedFile(name, content)},
                format="multipart",
            )
            if response.status_code == 201:
                return True, []
            assert response.status_code == 400, response.status_code
            return False, response.json().get("file", [])

    return send


REFUSED_BOMB = "packed in a way no word processor writes"


def test_an_odt_whose_mimetype_inflates_to_300_mb_is_refused(upload, bomb):
    accepted, errors = upload(bomb)
    assert not accepted
    assert REFUSED_BOMB in " ".join(errors)
    assert not Document.objects.exists()


def test_checking_the_300_mb_bomb_takes_little_memory(bomb):
    outcome, peak = peak_memory_of_the_check(bomb)
    assert outcome == "archive_bomb"
    assert peak < CHECK_PEAK_BYTES, peak


def test_the_bomb_is_still_read_within_bounds_if_the_directory_checks_are_fooled(bomb, monkeypatch):
    # Were the ratio and total checks ever wrong, the bounded read still stops the bomb.
    monkeypatch.setattr(uploads, "ARCHIVE_MAX_RATIO", 10**9)
    monkeypatch.setattr(uploads, "ARCHIVE_MAX_UNCOMPRESSED_BYTES", 10**12)
    outcome, peak = peak_memory_of_the_check(bomb)
    assert outcome == "archive_bomb"
    assert peak < CHECK_PEAK_BYTES, peak


def test_an_archive_of_100000_entries_is_refused_naming_the_limit(upload, hundred_thousand_entries):
    accepted, errors = upload(hundred_thousand_entries, name="appeal.docx")
    assert not accepted
    assert "more than 2,000 parts" in " ".join(errors)
    assert not Document.objects.exists()


def test_checking_100000_entries_takes_little_memory(hundred_thousand_entries):
    outcome, peak = peak_memory_of_the_check(hundred_thousand_entries)
    assert outcome == "archive_entries"
    assert peak < CHECK_PEAK_BYTES, peak


def test_an_end_record_that_understates_the_entry_count_is_refused():
    # The count says 5; the directory's size (30,000 entries, 1.4 MB) gives the lie away before it
    # is parsed. (Under 65,535 entries, so there is no ZIP64 record with a second count.)
    outcome, peak = peak_memory_of_the_check(many_entries(30_000, claimed=5))
    assert outcome == "archive_bomb"
    assert peak < CHECK_PEAK_BYTES, peak


def test_a_small_directory_that_understates_its_count_is_counted_after_parsing(monkeypatch):
    monkeypatch.setattr(uploads, "ARCHIVE_MAX_ENTRIES", 10)
    outcome, _peak = peak_memory_of_the_check(many_entries(20, claimed=3))
    assert outcome == "archive_entries"


def test_an_entry_that_inflates_to_more_than_its_header_says_is_refused(upload):
    # The directory (and the local header) say `mimetype` is 39 bytes: ratio and total look fine.
    lying = odt_bomb(declared=len(ODT_MIMETYPE))
    outcome, peak = peak_memory_of_the_check(lying)
    assert outcome == "archive_bomb"
    assert peak < CHECK_PEAK_BYTES, peak
    accepted, errors = upload(lying)
    assert not accepted
    assert REFUSED_BOMB in " ".join(errors)
    assert not Document.objects.exists()


def test_the_total_inflated_size_is_bounded_while_reading_too(monkeypatch):
    # Entries each under the ratio, together over the total: refused from the directory; and were
    # the directory to understate them, refused while inflating.
    monkeypatch.setattr(uploads, "ARCHIVE_MAX_UNCOMPRESSED_BYTES", 100 * 1024)
    content = odt_bytes(**{f"Pictures/{n}.jpeg": random.Random(n).randbytes(40 * 1024) for n in range(4)})
    assert peak_memory_of_the_check(content)[0] == "archive_bomb"
    monkeypatch.setattr(uploads, "_check_directory", lambda entries: None)
    assert peak_memory_of_the_check(content)[0] == "archive_bomb"


def test_an_entry_compressed_with_bzip2_is_refused_unread(upload):
    # Python inflates bzip2 without an output bound per read; no word processor writes it.
    accepted, errors = upload(bzip2_odt())
    assert not accepted
    assert REFUSED_BOMB in " ".join(errors)


def test_a_damaged_entry_is_refused_not_a_server_error(upload):
    content = bytearray(odt_bytes())
    start = content.index(b"content.xml") + len("content.xml")  # the deflated text after the name
    content[start : start + 8] = b"\xff" * 8
    accepted, errors = upload(bytes(content))
    assert not accepted
    assert errors


@pytest.mark.parametrize(
    ("make", "name", "content_type"), [(odt_bytes, "appeal.odt", ODT), (docx_bytes, "appeal.docx", DOCX)]
)
def test_a_real_odt_or_docx_is_still_accepted(upload, make, name, content_type):
    accepted, errors = upload(make(), name=name)
    assert accepted, errors
    assert Document.objects.get().content_type == content_type


def test_checking_a_real_document_takes_little_memory():
    outcome, peak = peak_memory_of_the_check(docx_bytes())
    assert outcome == DOCX
    assert peak < CHECK_PEAK_BYTES, peak
