"""Issue 12, item 4: a volunteer assigned to one appeal of an application read its other appeals.

The rule now (organizations/access.py): members of the lead and co-organizing groups see the
application and all its appeals; a volunteer assigned to appeal A who belongs to none of those
groups sees the application, read-only, and appeal A — not appeal B, nor its draft, revisions,
hearings, invitations or deadlines, on any page, in the API, the calendar feed or the reminders."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from appeals.models import Appeal, AppealInvitation, AppealVolunteer
from appeals.services import appeal_open
from permits.models import Deadline, RefusalReason
from reminders.calendar import user_calendar
from reminders.delivery import acknowledge_token
from reminders.models import Acknowledgement, Reminder
from reminders.services import reminders_sync

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(world, volunteer):
    """A refusal received today with two appeals: A (higher authority) assigned to the volunteer,
    B (court), filed, with a hearing ahead and an invitation out."""
    application = world.application
    application.file(on=timezone.localdate() - dt.timedelta(days=3), by=world.coordinator)
    decision = application.record_decision(
        outcome="refused",
        decided_on=timezone.localdate(),
        received_on=timezone.localdate(),
        grounds=[{"reason": RefusalReason.objects.get(code="conflicting_event"), "quote": "another event"}],
        by=world.coordinator,
    )
    mine = appeal_open(decision=decision, venue="higher_authority", by=world.coordinator, language="en")
    other = appeal_open(decision=decision, venue="court", by=world.coordinator, language="en")
    # The assignment as accepting an invitation makes it: the volunteer is in none of the groups.
    AppealVolunteer.objects.create(appeal=mine, user=volunteer, assigned_by=world.coordinator)
    other.file(on=timezone.localdate(), case_number="2-999/21", by=world.coordinator)
    hearing = other.schedule_hearing(
        starts_at=timezone.now() + dt.timedelta(days=20), place="Almaly district court", by=world.coordinator
    )
    invitation = AppealInvitation.objects.create(appeal=other, email="lawyer@example.org", invited_by=world.coordinator)
    return {
        "application": application,
        "mine": mine,
        "other": Appeal.objects.get(pk=other.pk),
        "hearing": hearing,
        "invitation": invitation,
        "revision": other.draft.revisions.get(),
        "other_deadlines": list(Deadline.objects.filter(appeal=other)),
    }


# --- Pages ----------------------------------------------------------------------------------------


def test_a_volunteer_opens_their_appeal_but_gets_404_on_the_other_appeal_of_the_application(login, volunteer, case):
    client = login(volunteer)
    assert client.get(reverse("appeals:workspace", args=[case["mine"].pk])).status_code == 200
    assert client.get(reverse("appeals:workspace", args=[case["other"].pk])).status_code == 404


def test_a_volunteer_gets_404_on_the_other_appeals_draft_docx_and_revisions(login, volunteer, case):
    client = login(volunteer)
    other = case["other"]
    assert client.get(reverse("appeals:draft_docx", args=[other.pk])).status_code == 404
    assert client.get(reverse("appeals:revision", args=[other.pk, case["revision"].pk])).status_code == 404
    assert client.get(reverse("appeals:draft_docx", args=[case["mine"].pk])).status_code == 200


def test_a_volunteer_cannot_record_the_other_appeals_hearing_or_revoke_its_invitation(login, volunteer, case):
    client = login(volunteer)
    other = case["other"]
    url = reverse("appeals:hearing_result", args=[other.pk, case["hearing"].pk])
    assert client.post(url, {f"hearing-{case['hearing'].pk}-result": "Adjourned"}).status_code == 404
    url = reverse("appeals:invitation_revoke", args=[other.pk, case["invitation"].pk])
    assert client.post(url).status_code == 404
    case["hearing"].refresh_from_db()
    case["invitation"].refresh_from_db()
    assert case["hearing"].result == "" and case["invitation"].state == "pending"


def test_the_application_page_lists_only_the_volunteers_own_appeal(login, volunteer, case):
    response = login(volunteer).get(reverse("permits:application_detail", args=[case["application"].pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert reverse("appeals:workspace", args=[case["mine"].pk]) in page
    assert reverse("appeals:workspace", args=[case["other"].pk]) not in page


def test_my_appeals_and_the_dashboard_show_a_volunteer_nothing_of_the_other_appeal(login, volunteer, case):
    client = login(volunteer)
    page = client.get(reverse("appeals:list")).content.decode()
    assert reverse("appeals:workspace", args=[case["mine"].pk]) in page
    assert reverse("appeals:workspace", args=[case["other"].pk]) not in page
    response = client.get(reverse("dashboard"))
    shown = {d.pk for d in [*response.context["due_next"], *response.context["overdue_deadlines"]]}
    assert shown, "the volunteer's own deadlines are on the dashboard"
    assert not shown & {d.pk for d in case["other_deadlines"]}


def test_the_calendar_feed_of_a_volunteer_leaves_out_the_other_appeals_deadlines(volunteer, case):
    feed = user_calendar(volunteer).decode()
    assert f"deadline-{case['mine'].filing_deadline_id}@" in feed
    for deadline in case["other_deadlines"]:
        assert f"deadline-{deadline.pk}@" not in feed


def test_a_member_of_a_co_organizing_group_still_sees_every_appeal(login, world, case):
    client = login(world.co_member)
    for appeal in (case["mine"], case["other"]):
        assert client.get(reverse("appeals:workspace", args=[appeal.pk])).status_code == 200


# --- API ------------------------------------------------------------------------------------------


def test_the_api_answers_404_for_the_other_appeal_and_everything_under_it(api_as, volunteer, case):
    client = api_as(volunteer)
    other = case["other"].pk
    for url in (
        f"/api/v1/appeals/{other}/",
        f"/api/v1/appeals/{other}/draft/",
        f"/api/v1/appeals/{other}/draft.docx",
        f"/api/v1/appeals/{other}/draft/revisions/",
        f"/api/v1/appeals/{other}/draft/revisions/{case['revision'].pk}/",
        f"/api/v1/appeals/{other}/hearings/",
        f"/api/v1/appeals/{other}/invitations/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.get(f"/api/v1/appeals/{case['mine'].pk}/draft/").status_code == 200


def test_the_api_lists_only_the_volunteers_appeal_and_its_deadlines(api_as, volunteer, case):
    client = api_as(volunteer)
    listed = client.get(f"/api/v1/appeals/?application={case['application'].pk}").json()["results"]
    assert [row["id"] for row in listed] == [case["mine"].pk]
    assert [row["id"] for row in client.get("/api/v1/appeals/?mine=1").json()["results"]] == [case["mine"].pk]
    assert client.get(f"/api/v1/deadlines/?appeal={case['other'].pk}").json()["results"] == []
    everything = {row["id"] for row in client.get("/api/v1/deadlines/?page_size=200").json()["results"]}
    assert case["mine"].filing_deadline_id in everything
    assert not everything & {d.pk for d in case["other_deadlines"]}
    for deadline in case["other_deadlines"]:
        assert client.get(f"/api/v1/deadlines/{deadline.pk}/").status_code == 404


# --- Reminders and the acknowledge link -----------------------------------------------------------


def test_a_volunteer_is_not_reminded_of_the_other_appeals_deadlines(world, volunteer, case):
    # A third appeal still to be filed: its filing date asks for acknowledgement, and nobody's
    # acknowledgement escalates to everyone who sees it — not to the volunteer of another appeal.
    ombudsman = appeal_open(
        decision=case["mine"].decision,
        venue="ombudsman",
        filing_due_on=timezone.localdate() + dt.timedelta(days=20),
        by=world.coordinator,
    )
    reminders_sync(application_id=case["application"].pk)
    theirs = set(Reminder.objects.filter(recipient=volunteer).values_list("deadline_id", flat=True))
    assert case["mine"].filing_deadline_id in theirs
    assert Reminder.objects.filter(deadline_id=ombudsman.filing_deadline_id, recipient=world.co_member).exists()
    assert ombudsman.filing_deadline_id not in theirs
    assert not theirs & {d.pk for d in case["other_deadlines"]}


def test_the_emailed_acknowledge_link_stops_working_when_the_volunteer_is_removed(client, world, volunteer, case):
    reminders_sync(application_id=case["application"].pk)
    reminder = Reminder.objects.filter(
        recipient=volunteer, deadline_id=case["mine"].filing_deadline_id, asks_acknowledgement=True
    ).first()
    assert reminder is not None
    token = acknowledge_token(reminder)
    case["mine"].volunteer_assignments.filter(user=volunteer).delete()

    response = client.post(reverse("reminders:acknowledge"), {"t": token})
    assert response.status_code == 404
    assert not Acknowledgement.objects.exists()


# --- The application's history -------------------------------------------------------------------


def test_the_application_history_shows_a_volunteer_nothing_of_the_other_appeal(login, world, volunteer, case):
    url = reverse("audit:application_history", args=[case["application"].pk])
    page = login(volunteer).get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "lawyer@example.org" not in html and "Almaly district court" not in html
    kinds = {(entry.content_type.model, entry.object_pk) for entry in page.context["page"].object_list}
    assert ("permitapplication", str(case["application"].pk)) in kinds  # the application's own history stays
    assert ("appeal", str(case["mine"].pk)) in kinds and ("appeal", str(case["other"].pk)) not in kinds
    assert ("deadline", str(case["other_deadlines"][0].pk)) not in kinds
    member = login(world.co_member).get(url)
    assert "Almaly district court" in member.content.decode()
    assert ("appeal", str(case["other"].pk)) in {
        (e.content_type.model, e.object_pk) for e in member.context["page"].object_list
    }


def test_the_application_page_and_timeline_show_a_volunteer_no_deadline_or_entry_of_the_other_appeal(
    login, api_as, world, volunteer, case
):
    # The timeline does not record which appeal an entry is about ("Hearing scheduled: Almaly
    # district court" is appeal B's): a volunteer reads the rest of it; members read it all.
    application = case["application"]
    page = login(volunteer).get(reverse("permits:application_detail", args=[application.pk])).content.decode()
    assert "Almaly district court" not in page
    rows = api_as(volunteer).get(f"/api/v1/applications/{application.pk}/timeline/?page_size=200").json()["results"]
    assert rows and not [row for row in rows if row["kind"] in ("appeal", "hearing")]
    assert {"filed", "decision"} <= {row["kind"] for row in rows}
    member_page = login(world.co_member).get(reverse("permits:application_detail", args=[application.pk]))
    assert "Almaly district court" in member_page.content.decode()
