"""applications/{id}/documents/ and documents/{id}/file (API.md): the bytes decide the type, the size
is capped, the file comes back only as an attachment and only to those who may see it."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from permits.models import Document
from tests.factories import PermitApplicationFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def upload_url(application) -> str:
    return f"/api/v1/applications/{application.pk}/documents/"


def upload(client, application, content, name="filing.pdf", declared="application/pdf", **fields):
    data = {"kind": "filing", "title": "Stamped filing", **fields, "file": SimpleUploadedFile(name, content, declared)}
    return client.post(upload_url(application), data, format="multipart")


def test_an_upload_records_what_the_bytes_are_and_who_sent_them(api_as, world):
    response = upload(api_as(world.member), world.application, PDF, name="заявление.pdf")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert set(body) == {
        "id",
        "kind",
        "title",
        "original_name",
        "size",
        "content_type",
        "uploaded_by",
        "uploaded_at",
    }
    assert body["content_type"] == "application/pdf"
    assert body["size"] == len(PDF)
    assert body["original_name"] == "заявление.pdf"
    assert body["uploaded_by"] == "dana"
    document = Document.objects.get(pk=body["id"])
    # The stored name is the server's, never the uploader's.
    assert "заявление" not in document.file.name
    assert document.file.name.endswith(".pdf")


def test_the_declared_type_and_name_are_ignored(api_as, world):
    response = upload(api_as(world.member), world.application, docx_bytes(), name="scan.png", declared="image/png")
    assert response.status_code == 201, response.json()
    assert response.json()["content_type"].endswith("wordprocessingml.document")


def test_html_renamed_to_pdf_is_refused(api_as, world):
    html = b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"
    response = upload(api_as(world.member), world.application, html, name="filing.pdf")
    assert response.status_code == 400
    assert "file" in response.json()
    assert not Document.objects.exists()


def test_an_oversized_file_is_refused_naming_the_limit(api_as, world, settings):
    settings.DOCUMENT_MAX_BYTES = 1024
    response = upload(api_as(world.member), world.application, PDF + b"0" * 2048)
    assert response.status_code == 400
    assert "1.0" in response.json()["file"][0]  # "… the limit is 1.0 KB."
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [({"kind": "selfie"}, "kind"), ({"title": ""}, "title"), ({"title": "x" * 201}, "title")],
)
def test_bad_upload_fields_are_a_400_naming_them(api_as, world, fields, field):
    response = upload(api_as(world.member), world.application, PDF, **fields)
    assert response.status_code == 400
    assert field in response.json()
    assert not Document.objects.exists()


def test_an_empty_or_missing_file_is_a_400(api_as, world):
    client = api_as(world.member)
    assert "file" in upload(client, world.application, b"").json()
    response = client.post(upload_url(world.application), {"kind": "filing", "title": "x"}, format="multipart")
    assert "file" in response.json()
    response = client.post(
        upload_url(world.application), {"kind": "filing", "title": "x", "file": "%PDF"}, format="json"
    )
    assert response.status_code == 400
    assert "file" in response.json()


def test_a_co_organizer_lists_and_downloads_but_may_not_upload(api_as, world):
    document_id = upload(api_as(world.member), world.application, PDF).json()["id"]
    client = api_as(world.co_member)
    assert [d["id"] for d in client.get(upload_url(world.application)).json()["results"]] == [document_id]
    assert client.get(f"/api/v1/documents/{document_id}/file").status_code == 200
    assert upload(client, world.application, PNG, name="x.png").status_code == 403
    assert Document.objects.count() == 1


def test_the_file_comes_back_as_a_private_attachment_whatever_the_accept_header(api_as, world):
    document_id = upload(api_as(world.member), world.application, PDF).json()["id"]
    response = api_as(world.coordinator).get(f"/api/v1/documents/{document_id}/file", HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert f"ruqsat-document-{document_id}.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_outsider_gets_404_for_the_file_and_the_list(api_as, world):
    document_id = upload(api_as(world.member), world.application, PDF).json()["id"]
    client = api_as(world.outsider)
    for method in ("get", "post", "put", "patch", "delete"):
        assert getattr(client, method)(f"/api/v1/documents/{document_id}/file").status_code == 404, method
        assert getattr(client, method)(upload_url(world.application)).status_code == 404, method
    assert upload(client, world.application, PDF).status_code == 404
    assert Document.objects.count() == 1


def test_a_missing_file_or_document_is_a_404(api_as, world):
    document_id = upload(api_as(world.member), world.application, PDF).json()["id"]
    document = Document.objects.get(pk=document_id)
    document.file.storage.delete(document.file.name)
    client = api_as(world.coordinator)
    assert client.get(f"/api/v1/documents/{document_id}/file").status_code == 404
    assert client.get("/api/v1/documents/99999999/file").status_code == 404


def test_deleting_a_draft_removes_its_stored_files(api_as, world, django_capture_on_commit_callbacks):
    draft = PermitApplicationFactory(organization=world.lead)
    document_id = upload(api_as(world.member), draft, PDF).json()["id"]
    document = Document.objects.get(pk=document_id)
    storage, name = document.file.storage, document.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        assert api_as(world.member).delete(f"/api/v1/applications/{draft.pk}/").status_code == 204
    assert not storage.exists(name)
