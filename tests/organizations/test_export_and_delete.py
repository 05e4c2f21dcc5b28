"""A coordinator takes everything of the group away as a ZIP, or deletes the group."""

import io
import json
import zipfile

import pytest
from auditlog.models import LogEntry
from django.core.files.base import ContentFile
from django.urls import reverse

from organizations.models import Invitation, Membership, Organization
from permits.models import Document, PermitApplication, RefusalReason, TimelineEntry
from tests.factories import PermitApplicationFactory, TimelineEntryFactory

pytestmark = pytest.mark.django_db


def add_document(application, content=b"%PDF-1.4\nthe refusal letter"):
    document = Document(
        application=application, kind="decision_letter", title="Refusal", content_type="application/pdf", size=9
    )
    document.file.save("refusal.pdf", ContentFile(content), save=True)
    return document


@pytest.fixture
def rich_group(world):
    application = world.application
    application.file(on=application.created_at.date(), by=world.member)
    application.record_decision(
        outcome="refused",
        decided_on=application.filed_on,
        grounds=[{"reason": RefusalReason.objects.get(code="repair_works"), "quote": "repair works"}],
        by=world.coordinator,
    )
    TimelineEntryFactory(application=application, summary="Meeting at the akimat", created_by=world.member)
    add_document(application)
    Invitation.objects.create(organization=world.lead, email="new@example.org", invited_by=world.coordinator)
    return world


def export(client, user, organization):
    client.force_login(user)
    return client.get(reverse("privacy:organization_export", args=[organization.pk]))


def test_a_coordinator_downloads_the_group_as_a_zip_of_json_and_documents(client, rich_group):
    response = export(client, rich_group.coordinator, rich_group.lead)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="ruqsat-feminita-')
    assert response["X-Content-Type-Options"] == "nosniff"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    group = json.loads(archive.read("group.json"))
    applications = json.loads(archive.read("applications.json"))
    assert group["organization"]["name"] == "Feminita"
    assert {m["username"] for m in group["members"]} == {"asel", "dana", "lawyer"}
    assert group["pending_invitations"][0]["email"] == "new@example.org"
    (record,) = applications
    assert record["applicants"] == ["Aruzhan"]
    assert record["co_organizers"] == ["KazFem"]
    assert record["decisions"][0]["grounds"][0]["quote"] == "repair works"
    assert any(e["summary"] == "Meeting at the akimat" for e in record["timeline"])
    assert {d["kind"] for d in record["deadlines"]} >= {"authority_response", "appeal_filing"}
    assert record["history"], "the audit trail travels with the data"
    (document,) = record["documents"]
    assert archive.read(document["file"]) == b"%PDF-1.4\nthe refusal letter"


def test_the_co_organizing_group_gets_the_application_but_not_the_lead_groups_files(client, rich_group):
    Membership.objects.filter(user=rich_group.co_member).update(role="coordinator")
    response = export(client, rich_group.co_member, rich_group.co_group)
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    (record,) = json.loads(archive.read("applications.json"))
    assert record["role_of_group"] == "co_organizer"
    assert record["documents"][0]["file"] is None
    assert not [name for name in archive.namelist() if name.startswith("documents/")]


def test_the_export_holds_nothing_of_other_groups(client, rich_group):
    PermitApplicationFactory(organization=rich_group.other_group, title="Someone else's march")
    response = export(client, rich_group.coordinator, rich_group.lead)
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert all(b"Someone else" not in archive.read(name) for name in archive.namelist())


def test_a_member_may_not_export_the_group(client, rich_group):
    assert export(client, rich_group.member, rich_group.lead).status_code == 403


def test_an_outsider_gets_404_on_the_export(client, rich_group):
    assert export(client, rich_group.outsider, rich_group.lead).status_code == 404


def test_a_lost_file_does_not_break_the_export(client, rich_group):
    document = Document.objects.get()
    document.file.storage.delete(document.file.name)
    response = export(client, rich_group.coordinator, rich_group.lead)
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert json.loads(archive.read("applications.json"))[0]["documents"][0]["title"] == "Refusal"


# --- deleting the group -----------------------------------------------------------------------------


def delete_group(client, user, organization, name):
    client.force_login(user)
    return client.post(reverse("privacy:organization_delete", args=[organization.pk]), {"name": name})


def test_deleting_the_group_asks_for_its_name(client, rich_group):
    response = delete_group(client, rich_group.coordinator, rich_group.lead, "feminita")
    assert response.status_code == 200
    assert "That is not the group&#x27;s name" in response.content.decode()
    assert 'value="feminita"' in response.content.decode()
    assert Organization.objects.filter(pk=rich_group.lead.pk).exists()


def test_the_confirmation_page_says_what_goes(client, rich_group):
    client.force_login(rich_group.coordinator)
    html = client.get(reverse("privacy:organization_delete", args=[rich_group.lead.pk])).content.decode()
    assert "application is deleted with it" in html
    assert "3 members lose access" in html
    assert reverse("privacy:organization_export", args=[rich_group.lead.pk]) in html


def test_a_coordinator_deletes_the_group_with_its_applications_documents_and_their_trail(
    client, rich_group, django_capture_on_commit_callbacks
):
    lead, application = rich_group.lead, rich_group.application
    document = Document.objects.get()
    storage, stored_name = document.file.storage, document.file.name
    other = PermitApplicationFactory(organization=rich_group.co_group, co_organizers=[lead], title="KazFem's picket")

    with django_capture_on_commit_callbacks(execute=True):
        response = delete_group(client, rich_group.coordinator, lead, "Feminita")

    assert response.status_code == 302 and response["Location"] == reverse("organizations:list")
    assert not Organization.objects.filter(pk=lead.pk).exists()
    assert not PermitApplication.objects.filter(pk=application.pk).exists()
    assert not TimelineEntry.objects.filter(application_id=application.pk).exists()
    assert not Membership.objects.filter(organization_id=lead.pk).exists()
    assert not Invitation.objects.filter(organization_id=lead.pk).exists()
    assert not storage.exists(stored_name)
    # Another group's application only loses it as a co-organizer.
    assert list(PermitApplication.objects.get(pk=other.pk).co_organizers.all()) == []
    # Nothing of the deleted applications is left in the trail; that the group was deleted, and by whom, is.
    assert not LogEntry.objects.filter(additional_data__application=application.pk).exists()
    trail = json.dumps(list(LogEntry.objects.values_list("object_repr", "changes")))
    assert "Aruzhan" not in trail and "repair works" not in trail
    deletion = LogEntry.objects.get(content_type__model="organization", object_pk=str(lead.pk), action=2)
    assert deletion.actor == rich_group.coordinator


def test_a_member_may_not_delete_the_group(client, rich_group):
    response = delete_group(client, rich_group.member, rich_group.lead, "Feminita")
    assert response.status_code == 403
    assert Organization.objects.filter(pk=rich_group.lead.pk).exists()


def test_an_outsider_gets_404_on_deleting_the_group(client, rich_group):
    response = delete_group(client, rich_group.outsider, rich_group.lead, "Feminita")
    assert response.status_code == 404
    assert Organization.objects.filter(pk=rich_group.lead.pk).exists()


def test_a_group_whose_application_was_appealed_is_deleted_too(client, rich_group):
    from appeals.services import appeal_open

    decision = rich_group.application.latest_decision
    appeal_open(decision=decision, venue="court", by=rich_group.coordinator)
    response = delete_group(client, rich_group.coordinator, rich_group.lead, "Feminita")
    assert response.status_code == 302
    assert not PermitApplication.objects.filter(pk=rich_group.application.pk).exists()


def test_the_group_page_offers_export_and_delete_to_coordinators_only(client, rich_group):
    client.force_login(rich_group.coordinator)
    html = client.get(reverse("organizations:detail", args=[rich_group.lead.pk])).content.decode()
    assert reverse("privacy:organization_export", args=[rich_group.lead.pk]) in html
    assert reverse("privacy:organization_delete", args=[rich_group.lead.pk]) in html
    client.force_login(rich_group.member)
    html = client.get(reverse("organizations:detail", args=[rich_group.lead.pk])).content.decode()
    assert reverse("privacy:organization_export", args=[rich_group.lead.pk]) not in html
