"""Editing and deleting timeline entries (issue 13): one's own, or any as a coordinator of the lead
group; what Ruqsat wrote (filing, decisions, status changes) by nobody; an edit says "edited" and
the audit trail keeps what the entry said."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from permits.models import TimelineEntry
from tests.factories import TimelineEntryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_entry(world):
    return TimelineEntryFactory(
        application=world.application, created_by=world.member, summary="Meeting at the akimat on Monday"
    )


@pytest.fixture
def system_entry(world):
    world.application.file(on=timezone.localdate(), by=world.member)
    return TimelineEntry.objects.get(application=world.application, kind=TimelineEntry.Kind.FILED)


def api_url(entry):
    return f"/api/v1/applications/{entry.application_id}/timeline/{entry.pk}/"


def audit_entries(entry):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(TimelineEntry), object_pk=str(entry.pk)
    )


def test_an_author_edits_their_entry_which_then_says_edited_and_keeps_its_old_text_in_the_trail(
    world, api_as, login, own_entry
):
    response = api_as(world.member).patch(api_url(own_entry), {"summary": "Meeting at the akimat on Tuesday"})
    assert response.status_code == 200, response.json()
    assert response.json()["summary"] == "Meeting at the akimat on Tuesday"
    assert response.json()["edited_at"] is not None
    update = audit_entries(own_entry).get(action=LogEntry.Action.UPDATE)
    assert update.changes_dict["summary"] == ["Meeting at the akimat on Monday", "Meeting at the akimat on Tuesday"]
    assert update.actor == world.member
    page = login(world.member).get(reverse("permits:application_detail", args=[world.application.pk]))
    assert "edited" in page.content.decode()


def test_an_author_edits_and_deletes_on_the_page(world, login, own_entry):
    client = login(world.member)
    page = client.get(reverse("permits:application_detail", args=[world.application.pk])).content.decode()
    edit_url = reverse("permits:timeline_edit", args=[world.application.pk, own_entry.pk])
    assert edit_url in page
    assert 'value="Meeting at the akimat on Monday"' in client.get(edit_url).content.decode()
    data = {"happened_on": own_entry.happened_on.isoformat(), "kind": "call", "summary": "A call", "details": ""}
    assert client.post(edit_url, data).status_code == 302
    own_entry.refresh_from_db()
    assert (own_entry.kind, own_entry.summary, own_entry.edited_at is not None) == ("call", "A call", True)
    delete_url = reverse("permits:timeline_delete", args=[world.application.pk, own_entry.pk])
    assert client.get(delete_url).status_code == 200
    assert client.post(delete_url).status_code == 302
    assert not TimelineEntry.objects.filter(pk=own_entry.pk).exists()
    deletion = audit_entries(own_entry).get(action=LogEntry.Action.DELETE)
    assert deletion.actor == world.member


def test_a_bad_edit_names_its_field_and_changes_nothing(world, api_as, login, own_entry):
    for body, field in (
        ({"summary": ""}, "summary"),
        ({"kind": "decision"}, "kind"),
        ({"happened_on": "x"}, "happened_on"),
    ):
        response = api_as(world.member).patch(api_url(own_entry), body)
        assert response.status_code == 400 and field in response.json()
    client = login(world.member)
    url = reverse("permits:timeline_edit", args=[world.application.pk, own_entry.pk])
    response = client.post(url, {"happened_on": own_entry.happened_on.isoformat(), "kind": "note", "summary": ""})
    assert response.status_code == 400
    own_entry.refresh_from_db()
    assert (own_entry.summary, own_entry.edited_at) == ("Meeting at the akimat on Monday", None)


def test_another_members_entry_is_refused_to_a_plain_member_but_not_to_a_coordinator(world, api_as, login, own_entry):
    from organizations.models import Membership
    from tests.factories import MembershipFactory, UserFactory

    other_member = UserFactory(username="bota")
    MembershipFactory(user=other_member, organization=world.lead, role=Membership.Role.MEMBER)
    response = api_as(other_member).patch(api_url(own_entry), {"summary": "Rewritten"})
    assert response.status_code == 403
    assert response.json()["detail"] == "Only its author or a coordinator of the lead group can change this entry."
    assert api_as(other_member).delete(api_url(own_entry)).status_code == 403
    client = login(other_member)
    page = client.get(reverse("permits:application_detail", args=[world.application.pk])).content.decode()
    assert reverse("permits:timeline_edit", args=[world.application.pk, own_entry.pk]) not in page
    response = client.post(reverse("permits:timeline_delete", args=[world.application.pk, own_entry.pk]), follow=True)
    assert "Only its author or a coordinator" in response.content.decode()
    own_entry.refresh_from_db()
    assert own_entry.summary == "Meeting at the akimat on Monday"
    # A coordinator of the lead group may put anyone's entry right.
    assert api_as(world.coordinator).patch(api_url(own_entry), {"summary": "Fixed"}).status_code == 200
    assert api_as(world.coordinator).delete(api_url(own_entry)).status_code == 204


def test_nobody_edits_or_deletes_what_ruqsat_wrote(world, api_as, login, system_entry):
    for user in (world.member, world.coordinator):
        response = api_as(user).patch(api_url(system_entry), {"summary": "Never filed"})
        assert response.status_code == 400
        assert "cannot be edited or deleted" in response.json()["non_field_errors"][0]
        assert api_as(user).delete(api_url(system_entry)).status_code == 400
        url = reverse("permits:timeline_delete", args=[world.application.pk, system_entry.pk])
        response = login(user).post(url, follow=True)
        assert "cannot be edited or deleted" in response.content.decode()
    system_entry.refresh_from_db()
    assert system_entry.message == "Filed with %(authority)s" and system_entry.edited_at is None


def test_outsiders_get_404_and_co_organizers_cannot_change_entries(world, api_as, login, own_entry):
    for method in ("get", "patch", "delete"):
        assert getattr(api_as(world.outsider), method)(api_url(own_entry)).status_code == 404
    assert api_as(world.co_member).patch(api_url(own_entry), {"summary": "x"}).status_code == 403
    for user in (world.outsider, world.co_member):
        for name in ("permits:timeline_edit", "permits:timeline_delete"):
            assert login(user).post(reverse(name, args=[world.application.pk, own_entry.pk])).status_code == 404
    assert TimelineEntry.objects.get(pk=own_entry.pk).summary == "Meeting at the akimat on Monday"
