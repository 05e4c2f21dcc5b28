"""Correcting a recorded decision (issue 13): any field or ground through Decision.correct — on the
page and with PATCH applications/{id}/decisions/{id}/ — with the recording rules, the timeline naming
each change and the deadlines that follow moved; voiding (DELETE) files the application again."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from appeals.services import appeal_open
from permits.models import Deadline, DeadlineKind, Decision, Status, TimelineEntry
from tests.appeals.conftest import almaty_march, refuse

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def refused(world):
    application = almaty_march(world)
    decision = refuse(application, by=world.coordinator, received_on=D(2021, 11, 27))
    return application, decision


def api_url(decision):
    return f"/api/v1/applications/{decision.application_id}/decisions/{decision.pk}/"


def appeal_deadline(application):
    return application.deadlines.get(kind=DeadlineKind.APPEAL_FILING)


def corrections(application):
    return TimelineEntry.objects.filter(application=application, message__startswith="Decision corrected")


def test_correcting_received_on_moves_the_appeal_deadline_and_the_timeline_names_the_change(world, api_as, refused):
    application, decision = refused
    before = appeal_deadline(application)
    assert before.starts_on == D(2021, 11, 27)
    response = api_as(world.member).patch(api_url(decision), {"received_on": "2021-12-03"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["received_on"] == "2021-12-03"
    assert len(response.json()["grounds"]) == 2  # kept
    after = appeal_deadline(application)
    assert after.pk == before.pk and after.starts_on == D(2021, 12, 3)
    assert after.due_on == application.plan_deadlines()[DeadlineKind.APPEAL_FILING].due_on
    assert after.due_on > before.due_on
    (entry,) = corrections(application)
    assert entry.display_summary() == "Decision corrected: received on: 27 Nov 2021 → 3 Dec 2021"
    assert entry.created_by == world.member
    application.refresh_from_db()
    assert application.status == Status.REFUSED


def test_the_page_offers_correct_on_the_decision_card_and_a_pre_filled_form(world, login, refused):
    application, decision = refused
    client = login(world.member)
    page = client.get(reverse("permits:application_detail", args=[application.pk])).content.decode()
    url = reverse("permits:decision_correct", args=[application.pk, decision.pk])
    assert url in page and reverse("permits:decision_void", args=[application.pk, decision.pk]) in page
    form = client.get(url)
    assert form.status_code == 200
    html = form.content.decode()
    assert 'value="2021-11-27"' in html and "запланированы ремонтно-монтажные работы" in html
    data = {
        "outcome": "refused",
        "decided_on": "2021-11-26",
        "received_on": "2021-11-28",
        "reference_number": "",
        "conditions": "",
        "alternative_offered": "",
        "grounds-TOTAL_FORMS": "1",
        "grounds-INITIAL_FORMS": "0",
        "grounds-0-reason": decision.grounds.first().reason.pk,
        "grounds-0-quote": "Corrected quote",
        "grounds-0-note": "",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.received_on == D(2021, 11, 28)
    assert [g.quote for g in decision.grounds.all()] == ["Corrected quote"]
    assert appeal_deadline(application).starts_on == D(2021, 11, 28)
    (entry,) = corrections(application)
    assert entry.display_details() == "The grounds of the refusal were corrected."


def tomorrow():
    return (timezone.localdate() + dt.timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    "body, field",
    [
        ({"received_on": "__tomorrow__"}, "received_on"),
        ({"decided_on": "__tomorrow__"}, "decided_on"),
        ({"decided_on": "2021-11-29"}, "received_on"),  # decided after it was received
        ({"received_on": "2021-11-20"}, "received_on"),
        ({"grounds": []}, "grounds"),  # a refusal without a ground
        ({"outcome": "approved"}, "grounds"),  # an approval keeping the refusal's grounds
        ({"outcome": "approved_with_conditions", "grounds": []}, "conditions"),
        ({"outcome": "granted"}, "outcome"),
        ({"received_on": "28.11.2021"}, "received_on"),
    ],
)
def test_a_bad_correction_names_its_field_and_changes_nothing(world, api_as, login, refused, body, field):
    application, decision = refused
    body = {k: tomorrow() if v == "__tomorrow__" else v for k, v in body.items()}
    deadline_before = appeal_deadline(application).due_on
    entries_before = application.timeline.count()
    response = api_as(world.member).patch(api_url(decision), body, format="json")
    assert response.status_code == 400
    assert field in response.json(), response.json()
    stored = Decision.objects.get(pk=decision.pk)
    assert (stored.outcome, stored.decided_on, stored.received_on) == ("refused", D(2021, 11, 26), D(2021, 11, 27))
    assert stored.grounds.count() == 2
    assert appeal_deadline(application).due_on == deadline_before
    assert application.timeline.count() == entries_before


def test_a_received_on_in_the_future_is_refused_on_the_page_with_what_was_typed_kept(world, login, refused):
    application, decision = refused
    url = reverse("permits:decision_correct", args=[application.pk, decision.pk])
    ground = decision.grounds.first()
    data = {
        "outcome": "refused",
        "decided_on": "2021-11-26",
        "received_on": tomorrow(),
        "reference_number": "Typed reference",
        "grounds-TOTAL_FORMS": "1",
        "grounds-INITIAL_FORMS": "0",
        "grounds-0-reason": ground.reason.pk,
        "grounds-0-quote": ground.quote,
    }
    response = login(world.member).post(url, data)
    assert response.status_code == 400
    assert response.context["form"].errors["received_on"] == [
        "The decision cannot have been received on a day still to come."
    ]
    assert 'value="Typed reference"' in response.content.decode()
    decision.refresh_from_db()
    assert decision.received_on == D(2021, 11, 27) and decision.reference_number == ""


def test_a_refusal_corrected_to_an_approval_sets_the_status_and_drops_the_appeal_deadline(world, api_as, refused):
    application, decision = refused
    body = {"outcome": "approved", "grounds": []}
    response = api_as(world.member).patch(api_url(decision), body, format="json")
    assert response.status_code == 200, response.json()
    application.refresh_from_db()
    assert application.status == Status.APPROVED
    assert not application.deadlines.filter(kind=DeadlineKind.APPEAL_FILING).exists()
    assert corrections(application).get().display_summary() == "Decision corrected: outcome: Refused → Approved"


def test_an_appealed_refusal_keeps_its_outcome_and_cannot_be_voided(world, api_as, login, refused):
    application, decision = refused
    appeal_open(decision=decision, venue="higher_authority", by=world.coordinator, language="en")
    response = api_as(world.member).patch(api_url(decision), {"outcome": "approved", "grounds": []}, format="json")
    assert response.status_code == 400
    assert "appeal" in response.json()["outcome"][0]
    response = api_as(world.member).delete(api_url(decision))
    assert response.status_code == 400
    assert "correct the decision instead" in response.json()["non_field_errors"][0]
    response = login(world.member).post(reverse("permits:decision_void", args=[application.pk, decision.pk]))
    assert response.status_code == 400
    assert "correct the decision instead" in response.content.decode()
    assert Decision.objects.filter(pk=decision.pk).exists()
    application.refresh_from_db()
    assert application.status == Status.REFUSED


def test_correcting_received_on_moves_a_court_claims_deadline_too(
    world, api_as, refused, django_capture_on_commit_callbacks
):
    _application, decision = refused
    appeal = appeal_open(decision=decision, venue="court", by=world.coordinator, language="en")
    before = appeal.filing_deadline.due_on
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(world.member).patch(api_url(decision), {"received_on": "2021-12-03"}, format="json")
    assert response.status_code == 200
    appeal.refresh_from_db()
    assert appeal.filing_deadline.starts_on == D(2021, 12, 3)
    assert appeal.filing_deadline.due_on > before


def test_voiding_files_the_application_again_and_removes_the_decisions_deadlines(world, api_as, refused):
    application, decision = refused
    response = api_as(world.member).delete(api_url(decision))
    assert response.status_code == 204
    application.refresh_from_db()
    assert application.status == Status.FILED
    assert not Decision.objects.filter(pk=decision.pk).exists()
    assert not application.deadlines.filter(kind=DeadlineKind.APPEAL_FILING).exists()
    answer = application.deadlines.get(kind=DeadlineKind.AUTHORITY_RESPONSE)
    assert answer.done_at is None  # the authority's answer is awaited again
    entry = application.timeline.filter(kind=TimelineEntry.Kind.DECISION).first()
    assert entry.display_summary() == "Decision voided (Refused of 26 Nov 2021): the application is filed again"
    # …and the right decision can be recorded.
    refuse(application, by=world.member, received_on=D(2021, 11, 28))
    assert appeal_deadline(application).starts_on == D(2021, 11, 28)


def test_voiding_on_the_page_asks_first(world, login, refused):
    application, decision = refused
    client = login(world.member)
    url = reverse("permits:decision_void", args=[application.pk, decision.pk])
    assert client.get(url).status_code == 200
    assert Decision.objects.filter(pk=decision.pk).exists()
    assert client.post(url).status_code == 302
    application.refresh_from_db()
    assert application.status == Status.FILED


def test_outsiders_get_404_and_co_organizers_cannot_correct(world, api_as, login, refused):
    application, decision = refused
    for method in ("get", "patch", "delete"):
        assert getattr(api_as(world.outsider), method)(api_url(decision)).status_code == 404
    assert api_as(world.co_member).patch(api_url(decision), {"received_on": "2021-11-28"}).status_code == 403
    assert api_as(world.co_member).delete(api_url(decision)).status_code == 403
    for user in (world.outsider, world.co_member):
        for name in ("permits:decision_correct", "permits:decision_void"):
            assert login(user).post(reverse(name, args=[application.pk, decision.pk])).status_code == 404
    decision.refresh_from_db()
    assert decision.received_on == D(2021, 11, 27)
    assert Deadline.objects.filter(application=application, kind=DeadlineKind.APPEAL_FILING).exists()


def test_the_admin_neither_edits_nor_deletes_what_the_verbs_correct(world, client, refused):
    from django.contrib import admin

    from tests.factories import UserFactory

    _application, decision = refused
    model_admin = admin.site._registry[Decision]
    assert set(Decision.CORRECTABLE) <= set(model_admin.readonly_fields)
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    assert client.get(reverse("admin:permits_decision_delete", args=[decision.pk])).status_code == 403
    page = client.get(reverse("admin:permits_decision_change", args=[decision.pk]))
    assert page.status_code == 200
    assert 'name="received_on"' not in page.content.decode()
