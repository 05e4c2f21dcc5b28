"""Uploading documents on the application page and downloading them through the access rule."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from permits.models import Document

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def upload(client, application, content, name="refusal.pdf", **fields):
    data = {"kind": "decision_letter", "title": "Refusal letter", **fields}
    data["file"] = SimpleUploadedFile(name, content, content_type="application/pdf")
    return client.post(reverse("permits:document_upload", args=[application.pk]), data)


def test_a_member_uploads_a_pdf_that_gets_a_server_name(world, login):
    response = upload(login(world.member), world.application, PDF_BYTES, name="../../etc/отказ.pdf")
    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.content_type, document.size, document.uploaded_by) == (
        "application/pdf",
        len(PDF_BYTES),
        world.member,
    )
    assert "отказ" not in document.file.name and ".." not in document.file.name
    assert document.file.name.endswith(".pdf")


def test_an_empty_title_takes_the_files_name(world, login):
    upload(login(world.member), world.application, PDF_BYTES, name="letter.pdf", title="")
    assert Document.objects.get().title == "letter.pdf"


def test_html_renamed_pdf_is_refused_on_the_form_with_the_title_kept(world, login):
    html = b"<!doctype html><script>alert(1)</script>"
    response = upload(login(world.member), world.application, html, name="letter.pdf", title="Kept title")
    assert response.status_code == 200
    errors = response.context["document_form"].errors["file"]
    assert errors == ["Only PDF, PNG, JPEG, DOCX and ODT files are accepted, and this file's content is none of them."]
    assert 'value="Kept title"' in response.content.decode()
    assert not Document.objects.exists()


def test_an_oversized_upload_is_refused_naming_the_limit(world, login, settings):
    settings.DOCUMENT_MAX_BYTES = 100
    response = upload(login(world.member), world.application, PDF_BYTES + b"0" * 200)
    assert response.status_code == 200
    assert "the limit is 100" in response.context["document_form"].errors["file"][0]
    assert not Document.objects.exists()


def test_an_unknown_kind_and_a_missing_file_name_their_fields(world, login):
    client = login(world.member)
    response = upload(client, world.application, PDF_BYTES, kind="selfie")
    assert "kind" in response.context["document_form"].errors
    response = client.post(reverse("permits:document_upload", args=[world.application.pk]), {"kind": "other"})
    assert "file" in response.context["document_form"].errors
    assert not Document.objects.exists()


def test_readers_download_as_an_attachment_and_outsiders_get_404(world, login):
    upload(login(world.member), world.application, PDF_BYTES)
    document = Document.objects.get()
    url = reverse("permits:document_file", args=[document.pk])
    response = login(world.co_member).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert login(world.outsider).get(url).status_code == 404
    assert login(world.outsider).post(url).status_code == 404
    assert login(world.outsider).delete(url).status_code == 404


def test_co_organizers_cannot_upload(world, login):
    response = upload(login(world.co_member), world.application, PDF_BYTES)
    assert response.status_code == 404
    assert not Document.objects.exists()


def test_anonymous_download_goes_to_log_in(world, login, client):
    upload(login(world.member), world.application, PDF_BYTES)
    client.logout()
    response = client.get(reverse("permits:document_file", args=[Document.objects.get().pk]))
    assert response.status_code == 302
