"""applications/{id}/timeline/, decisions/ and withdraw/ (API.md): status only through the verbs,
every refused transition a 400, every bad input a 400 naming the field."""

import datetime as dt

import pytest

from permits.models import Decision, PermitApplication, Status, TimelineEntry
from tests.factories import TimelineEntryFactory, filed_application, refused_application

pytestmark = pytest.mark.django_db


def url(application, part) -> str:
    return f"/api/v1/applications/{application.pk}/{part}/"


REFUSAL = {
    "outcome": "refused",
    "decided_on": "2021-11-26",
    "received_on": "2021-11-26",
    "reference_number": "ЗТ-2021-123",
    "alternative_offered": "",
    "grounds": [
        {"reason": "conflicting_event", "quote": "в связи с проведением другого мероприятия", "note": ""},
        {"reason": "repair_works", "quote": "ремонтно-монтажные работы", "note": "No works were visible"},
    ],
}


@pytest.fixture
def filed(world):
    return filed_application(organization=world.lead, filed_on=dt.date(2021, 11, 16), co_organizers=[world.co_group])


# --- Timeline ------------------------------------------------------------------------------------


def test_a_member_adds_a_meeting_and_everyone_in_the_groups_reads_it(api_as, world):
    response = api_as(world.member).post(
        url(world.application, "timeline"),
        {"happened_on": "2021-11-19", "kind": "meeting", "summary": "Officials advise revising plans", "details": ""},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert set(body) == {"id", "happened_on", "kind", "summary", "details", "created_by", "created_at", "edited_at"}
    assert body["created_by"] == "dana"
    listed = api_as(world.co_member).get(url(world.application, "timeline")).json()
    assert [entry["summary"] for entry in listed["results"]] == ["Officials advise revising plans"]


def test_the_timeline_lists_only_its_own_application(api_as, world):
    TimelineEntryFactory(summary="Elsewhere")
    TimelineEntryFactory(application=world.application, summary="Here")
    listed = api_as(world.coordinator).get(url(world.application, "timeline")).json()
    assert [entry["summary"] for entry in listed["results"]] == ["Here"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "decision"}, "kind"),  # written by the verb, not by hand
        ({"kind": "filed"}, "kind"),
        ({"kind": "status"}, "kind"),
        ({"kind": "gossip"}, "kind"),
        ({"happened_on": "yesterday"}, "happened_on"),
        ({"happened_on": "2021-02-30"}, "happened_on"),
        ({"summary": ""}, "summary"),
        ({"summary": "x" * 301}, "summary"),
    ],
)
def test_a_bad_timeline_entry_is_a_400_naming_the_field(api_as, world, changes, field):
    body = {"happened_on": "2021-11-19", "kind": "meeting", "summary": "Meeting", **changes}
    response = api_as(world.coordinator).post(url(world.application, "timeline"), body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not TimelineEntry.objects.exists()


def test_a_kind_written_by_the_verbs_is_refused_with_the_manual_kinds_named(api_as, world):
    body = {"kind": "decision", "summary": "Refused"}
    message = api_as(world.coordinator).post(url(world.application, "timeline"), body, format="json").json()["kind"][0]
    assert "decision" in message
    assert "meeting" in message


def test_a_co_organizer_reads_the_timeline_but_may_not_add_to_it(api_as, world):
    client = api_as(world.co_member)
    assert client.get(url(world.application, "timeline")).status_code == 200
    body = {"kind": "note", "summary": "x"}
    assert client.post(url(world.application, "timeline"), body, format="json").status_code == 403
    assert not TimelineEntry.objects.exists()


# --- Decisions -----------------------------------------------------------------------------------


def test_a_refusal_with_two_grounds_sets_the_status_and_writes_the_timeline(api_as, world, filed):
    response = api_as(world.member).post(url(filed, "decisions"), REFUSAL, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["outcome"] == "refused"
    assert body["grounds"] == REFUSAL["grounds"]
    assert body["recorded_by"] == "dana"
    filed.refresh_from_db()
    assert filed.status == Status.REFUSED
    assert filed.timeline.filter(kind="decision").count() == 1
    listed = api_as(world.co_member).get(url(filed, "decisions")).json()["results"]
    assert [d["grounds"][1]["quote"] for d in listed] == ["ремонтно-монтажные работы"]


def test_an_approval_with_conditions_needs_them(api_as, world, filed):
    client = api_as(world.coordinator)
    body = {"outcome": "approved_with_conditions", "decided_on": "2021-11-25"}
    response = client.post(url(filed, "decisions"), body, format="json")
    assert response.status_code == 400
    assert "conditions" in response.json()
    response = client.post(url(filed, "decisions"), {**body, "conditions": "No sound equipment"}, format="json")
    assert response.status_code == 201
    filed.refresh_from_db()
    assert filed.status == Status.APPROVED_WITH_CONDITIONS


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"grounds": []}, "grounds"),  # a refusal with no ground
        ({"grounds": None}, "grounds"),
        ({"outcome": "approved"}, "grounds"),  # only a refusal has grounds
        ({"outcome": "rejected"}, "outcome"),
        ({"decided_on": "26.11.2021"}, "decided_on"),
        ({"decided_on": None}, "decided_on"),
        ({"received_on": "2021-11-25"}, "received_on"),  # before the decision
        ({"grounds": [{"reason": "weather", "quote": "rain"}]}, "grounds"),
        ({"grounds": [{"quote": "no reason"}]}, "grounds"),
        ({"grounds": "conflicting_event"}, "grounds"),
        ({"grounds": [{"reason": ["conflicting_event"]}]}, "grounds"),
    ],
)
def test_a_bad_decision_is_a_400_naming_the_field_and_changes_nothing(api_as, world, filed, changes, field):
    response = api_as(world.coordinator).post(url(filed, "decisions"), {**REFUSAL, **changes}, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    filed.refresh_from_db()
    assert filed.status == Status.FILED
    assert not Decision.objects.exists()


def test_deciding_a_withdrawn_application_is_a_400(api_as, world, filed):
    filed.withdraw(on=dt.date(2021, 11, 22))
    response = api_as(world.coordinator).post(url(filed, "decisions"), REFUSAL, format="json")
    assert response.status_code == 400
    assert "withdrawn" in response.json()["non_field_errors"][0].lower()
    assert PermitApplication.objects.get(pk=filed.pk).status == Status.WITHDRAWN
    assert not Decision.objects.exists()


def test_deciding_a_draft_is_a_400(api_as, world):
    response = api_as(world.coordinator).post(url(world.application, "decisions"), REFUSAL, format="json")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_a_co_organizer_may_not_record_a_decision(api_as, world, filed):
    assert api_as(world.co_member).post(url(filed, "decisions"), REFUSAL, format="json").status_code == 403
    assert not Decision.objects.exists()


# --- Withdraw ------------------------------------------------------------------------------------


def test_withdrawing_sets_the_status_and_keeps_the_note(api_as, world, filed):
    response = api_as(world.coordinator).post(
        url(filed, "withdraw"), {"on": "2021-11-22", "note": "Under pressure"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "withdrawn"
    entry = filed.timeline.get(kind="status")
    assert entry.happened_on == dt.date(2021, 11, 22)
    assert entry.details == "Under pressure"


def test_withdrawing_a_refused_application_is_a_400(api_as, world):
    refused = refused_application(organization=world.lead)
    response = api_as(world.coordinator).post(url(refused, "withdraw"), {"on": "2021-11-27"}, format="json")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()
    refused.refresh_from_db()
    assert refused.status == Status.REFUSED


@pytest.mark.parametrize("on", ["22/11/2021", "", "2021-11-31", "0000-01-01", 20211122])
def test_a_malformed_withdrawal_date_is_a_400(api_as, world, filed, on):
    response = api_as(world.coordinator).post(url(filed, "withdraw"), {"on": on}, format="json")
    assert response.status_code == 400
    assert "on" in response.json()
    filed.refresh_from_db()
    assert filed.status == Status.FILED


def test_a_co_organizer_may_not_withdraw(api_as, world, filed):
    assert api_as(world.co_member).post(url(filed, "withdraw"), {}, format="json").status_code == 403
    filed.refresh_from_db()
    assert filed.status == Status.FILED
