"""Correcting documents (issue 13): a wrong scan is deleted — its file gone from the disk at once,
its existence, kind and deleter kept in the audit trail — replaced or re-classified, on the page and
through applications/{id}/documents/{id}/, by the application's editors only."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from permits.models import Document, TimelineEntry

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def id_card(world):
    """A scan of someone's ID card uploaded by mistake as the filing, under a telling name."""
    return Document.objects.create(
        application=world.application,
        kind=Document.Kind.FILING,
        title="Aruzhan Seitkali ID card",
        file=SimpleUploadedFile("seitkali-id.png", PNG),
        original_name="seitkali-id.png",
        size=len(PNG),
        content_type="image/png",
        uploaded_by=world.member,
    )


def api_url(document):
    return f"/api/v1/applications/{document.application_id}/documents/{document.pk}/"


def stored(document) -> bool:
    return document.file.storage.exists(document.file.name)


def deletion_entries(document):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Document),
        object_pk=str(document.pk),
        action=LogEntry.Action.DELETE,
    )


def test_a_member_deletes_a_wrong_scan_on_the_page_and_its_file_leaves_the_disk(
    world, login, id_card, django_capture_on_commit_callbacks
):
    client = login(world.member)
    url = reverse("permits:document_delete", args=[world.application.pk, id_card.pk])
    assert client.get(url).status_code == 200  # the confirmation
    assert stored(id_card)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert not Document.objects.filter(pk=id_card.pk).exists()
    assert not stored(id_card)
    page = client.get(reverse("permits:application_detail", args=[world.application.pk])).content.decode()
    assert "Aruzhan Seitkali ID card" not in page
    # The timeline names the kind, never the title or the file's name.
    entry = TimelineEntry.objects.get(kind=TimelineEntry.Kind.DOCUMENT)
    assert entry.display_summary() == "Document deleted: Filing (stamped copy or e-government receipt)"
    assert entry.created_by == world.member
    assert "Seitkali" not in entry.summary and "seitkali" not in str(entry.params)


def test_the_audit_trail_keeps_that_the_document_existed_its_kind_and_who_deleted_it(
    world, api_as, id_card, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(world.coordinator).delete(api_url(id_card))
    assert response.status_code == 204
    assert not stored(id_card)
    (entry,) = deletion_entries(id_card)
    assert entry.actor == world.coordinator
    assert entry.changes_dict["kind"][0] == "filing"
    assert entry.additional_data["application"] == world.application.pk
    assert "file" not in entry.changes_dict  # the stored path is never in the trail
    listed = api_as(world.coordinator).get(f"/api/v1/applications/{world.application.pk}/documents/").json()
    assert listed["results"] == []


def test_a_replaced_file_takes_the_old_ones_place_and_the_old_file_leaves_the_disk(
    world, api_as, id_card, django_capture_on_commit_callbacks
):
    old_name = id_card.file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(world.member).patch(
            api_url(id_card), {"file": SimpleUploadedFile("filing.pdf", PDF, "application/pdf")}, format="multipart"
        )
    assert response.status_code == 200, response.json()
    id_card.refresh_from_db()
    assert (id_card.content_type, id_card.size, id_card.original_name) == ("application/pdf", len(PDF), "filing.pdf")
    assert id_card.file.name != old_name and id_card.file.name.endswith(".pdf")
    assert stored(id_card)
    assert not id_card.file.storage.exists(old_name)
    assert TimelineEntry.objects.get(kind=TimelineEntry.Kind.DOCUMENT).message == "Document replaced: %(kind)s"


def test_a_replacement_that_fails_the_upload_checks_changes_nothing(world, api_as, login, id_card):
    old_name = id_card.file.name
    html = SimpleUploadedFile("filing.pdf", b"<!doctype html><script>alert(1)</script>", "application/pdf")
    response = api_as(world.member).patch(api_url(id_card), {"file": html, "title": "New"}, format="multipart")
    assert response.status_code == 400
    assert "file" in response.json()
    id_card.refresh_from_db()
    assert (id_card.file.name, id_card.title) == (old_name, "Aruzhan Seitkali ID card")
    assert stored(id_card)

    client = login(world.member)
    url = reverse("permits:document_edit", args=[world.application.pk, id_card.pk])
    html = SimpleUploadedFile("filing.pdf", b"<!doctype html><script>alert(1)</script>", "application/pdf")
    response = client.post(url, {"kind": "evidence", "title": "Typed title", "file": html})
    assert response.status_code == 400
    assert response.context["form"].errors["file"]
    assert 'value="Typed title"' in response.content.decode()  # nothing typed is lost
    id_card.refresh_from_db()
    assert (id_card.kind, id_card.file.name) == ("filing", old_name)


def test_re_classifying_changes_kind_and_title_on_the_page_and_in_the_api(world, api_as, login, id_card):
    response = api_as(world.member).patch(api_url(id_card), {"kind": "evidence"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["kind"] == "evidence"
    client = login(world.member)
    url = reverse("permits:document_edit", args=[world.application.pk, id_card.pk])
    page = client.get(url)
    assert 'value="Aruzhan Seitkali ID card"' in page.content.decode()  # pre-filled
    response = client.post(url, {"kind": "decision_letter", "title": "Refusal letter"})
    assert response.status_code == 302
    id_card.refresh_from_db()
    assert (id_card.kind, id_card.title) == ("decision_letter", "Refusal letter")
    assert stored(id_card)


@pytest.mark.parametrize(
    "body, field",
    [({"kind": "selfie"}, "kind"), ({"title": ""}, "title"), ({"title": "x" * 201}, "title")],
)
def test_a_bad_re_classification_names_its_field_and_changes_nothing(world, api_as, id_card, body, field):
    response = api_as(world.member).patch(api_url(id_card), body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    id_card.refresh_from_db()
    assert (id_card.kind, id_card.title) == ("filing", "Aruzhan Seitkali ID card")


def test_outsiders_get_404_and_co_organizers_cannot_change_documents(world, api_as, login, id_card):
    for method in ("get", "patch", "delete"):
        assert getattr(api_as(world.outsider), method)(api_url(id_card)).status_code == 404
    assert api_as(world.co_member).get(api_url(id_card)).status_code == 200  # they may read it
    assert api_as(world.co_member).patch(api_url(id_card), {"kind": "other"}, format="json").status_code == 403
    assert api_as(world.co_member).delete(api_url(id_card)).status_code == 403
    for user in (world.outsider, world.co_member, world.legal):
        client = login(user)
        for name in ("permits:document_edit", "permits:document_delete"):
            url = reverse(name, args=[world.application.pk, id_card.pk])
            assert client.get(url).status_code == 404
            assert client.post(url, {"kind": "other", "title": "x"}).status_code == 404
    id_card.refresh_from_db()
    assert (id_card.kind, stored(id_card)) == ("filing", True)


def test_a_document_of_another_application_is_a_404_through_this_one(world, api_as, login, id_card):
    from tests.factories import PermitApplicationFactory

    mine = PermitApplicationFactory(organization=world.lead)
    assert api_as(world.member).delete(f"/api/v1/applications/{mine.pk}/documents/{id_card.pk}/").status_code == 404
    url = reverse("permits:document_delete", args=[mine.pk, id_card.pk])
    assert login(world.member).post(url).status_code == 404
    assert Document.objects.filter(pk=id_card.pk).exists()


def test_deleting_in_the_admin_also_removes_the_file_at_once(
    world, client, id_card, django_capture_on_commit_callbacks
):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    url = reverse("admin:permits_document_delete", args=[id_card.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not Document.objects.filter(pk=id_card.pk).exists()
    assert not stored(id_card)
    assert TimelineEntry.objects.get(kind=TimelineEntry.Kind.DOCUMENT).message == "Document deleted: %(kind)s"


def test_deleting_a_draft_on_the_page_removes_its_files_from_the_disk(
    world, login, id_card, django_capture_on_commit_callbacks
):
    url = reverse("permits:application_delete", args=[world.application.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert login(world.member).post(url).status_code == 302
    assert not Document.objects.filter(pk=id_card.pk).exists()
    assert not stored(id_card)
