"""The appeal pages: my appeals, opening an appeal, the workspace (save, conflict side by side,
volunteers), revisions, the Word file; outsiders get 404, readers 403 on changes."""

import pytest
from django.urls import reverse

from appeals.drafts import draft_save
from appeals.models import Appeal, AppealDraft, AppealVolunteer
from tests.appeals.conftest import CONFLICT_QUOTE, assign_by_invitation

pytestmark = pytest.mark.django_db


def url(name, appeal, *args):
    return reverse(f"appeals:{name}", args=[appeal.pk, *args])


def test_my_appeals_lists_the_volunteers_work(world, appeal, volunteer, login):
    assign_by_invitation(appeal=appeal, username="gulnar", by=world.coordinator)
    page = login(volunteer).get(reverse("appeals:list"))
    assert page.status_code == 200
    assert "Women&#x27;s march on 8 March 2022" in page.content.decode()


def test_opening_an_appeal_from_the_refusal(world, refused, login):
    client = login(world.coordinator)
    open_url = reverse("appeals:open", args=[refused[1].pk])
    assert client.get(open_url).status_code == 200
    response = client.post(open_url, {"venue": "court", "language": "en"})
    appeal = Appeal.objects.get()
    assert response.status_code == 302 and response["Location"] == url("workspace", appeal)
    bad = client.post(open_url, {"venue": "ombudsman", "language": "en", "filing_due_on": "31.12"})
    assert bad.status_code == 200 and "filing_due_on" in bad.context["form"].errors
    again = client.post(open_url, {"venue": "court", "language": "en"})
    assert "There is already an appeal against this refusal to that venue." in again.content.decode()


def test_the_workspace_shows_grounds_arguments_deadline_and_the_draft(world, appeal, login):
    page = login(world.legal).get(url("workspace", appeal)).content.decode()
    assert CONFLICT_QUOTE in page
    assert "The authority must prove the conflict" in page
    assert "The time to file it ended on 28 Feb 2022" in page and "days overdue" in page  # seen after 2022
    assert "Check this date against the current law." in page
    assert 'name="version" value="1"' in page


def test_saving_and_meeting_a_conflict_keeps_both_texts(world, appeal, login):
    client = login(world.legal)
    saved = client.post(url("workspace", appeal), {"text": "Mine, first.", "version": 1})
    assert saved.status_code == 302
    draft_save(draft=appeal.draft, text="A colleague's text.", based_on_version=2, by=world.member)
    conflict = client.post(url("workspace", appeal), {"text": "Mine, second.", "version": 2})
    assert conflict.status_code == 409
    page = conflict.content.decode()
    assert "A colleague&#x27;s text." in page and "Mine, second." in page
    assert 'name="version" value="3"' in page  # the editor now stands on the current version
    assert AppealDraft.objects.get(pk=appeal.draft.pk).text == "A colleague's text."
    merged = client.post(url("workspace", appeal), {"text": "A colleague's text.\nMine, second.", "version": 3})
    assert merged.status_code == 302


def test_a_save_without_a_version_is_a_form_error(world, appeal, login):
    response = login(world.legal).post(url("workspace", appeal), {"text": "x"})
    assert response.status_code == 400
    assert AppealDraft.objects.get(pk=appeal.draft.pk).version == 1


def test_volunteers_are_assigned_by_username_with_a_clear_error(world, appeal, volunteer, login):
    client = login(world.coordinator)
    wrong = client.post(url("volunteer_add", appeal), {"username": "nobody-here"})
    assert wrong.status_code == 400
    assert "“nobody-here” cannot be assigned directly" in wrong.content.decode()
    assert 'value="nobody-here"' in wrong.content.decode()
    stranger = client.post(url("volunteer_add", appeal), {"username": "gulnar"})  # legal aid, not on the case
    assert stranger.status_code == 400
    assert "“gulnar” cannot be assigned directly" in stranger.content.decode()
    assert client.post(url("volunteer_add", appeal), {"username": "lawyer"}).status_code == 302
    assert client.post(url("volunteer_remove", appeal, "lawyer")).status_code == 302
    assert not AppealVolunteer.objects.exists()
    assert login(world.member).post(url("volunteer_add", appeal), {"username": "lawyer"}).status_code == 403


def test_a_proposal_is_compared_and_adopted(world, appeal, login):
    client = login(world.legal)
    draft_save(draft=appeal.draft, text="Edited by hand.", based_on_version=1, by=world.legal)
    response = client.post(url("regenerate", appeal))
    proposal = appeal.draft.revisions.proposals().get()
    assert response["Location"] == url("revision", appeal, proposal.pk)
    page = client.get(url("revision", appeal, proposal.pk)).content.decode()
    assert "Edited by hand." in page and "Use this draft" in page
    stale = client.post(url("revision", appeal, proposal.pk), {"version": 1}, follow=True)
    assert "Someone saved the draft meanwhile" in stale.content.decode()
    assert client.post(url("revision", appeal, proposal.pk), {"version": 2}).status_code == 302
    draft = AppealDraft.objects.get(pk=appeal.draft.pk)
    assert draft.version == 3 and CONFLICT_QUOTE in draft.text


def test_the_word_file_and_an_empty_draft(world, appeal, login):
    client = login(world.legal)
    assert client.get(url("draft_docx", appeal))["Content-Disposition"].startswith("attachment;")
    draft_save(draft=appeal.draft, text="", based_on_version=1, by=world.legal)
    response = client.get(url("draft_docx", appeal), follow=True)
    assert "The draft is empty" in response.content.decode()


def test_outsiders_get_404_and_co_organizers_read_only(world, appeal, login):
    assert login(world.outsider).get(url("workspace", appeal)).status_code == 404
    reader = login(world.co_member)
    page = reader.get(url("workspace", appeal))
    assert page.status_code == 200 and "<textarea" not in page.content.decode()
    assert reader.post(url("workspace", appeal), {"text": "x", "version": 1}).status_code == 403
