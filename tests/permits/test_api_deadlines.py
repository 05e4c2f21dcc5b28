"""deadlines/ (API.md): the contract fields, filters, a new date only with a reason and never before the
day it counts from, marking done, custom deadlines, 404 outside, 403 for readers, 400 naming the field,
bounded queries, and no 5xx for odd input."""

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from appeals.services import appeal_open
from permits.models import Deadline, DeadlineKind, RefusalReason, TimelineEntry
from tests.factories import PermitApplicationFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/deadlines/"
ALMATY = ZoneInfo("Asia/Almaty")
D = dt.date

CONTRACT_FIELDS = {
    "id",
    "application",
    "appeal",
    "kind",
    "due_on",
    "due_at",
    "rule_source",
    "computation",
    "override_reason",
    "done_at",
}


def detail(deadline) -> str:
    return f"{URL}{deadline.pk}/"


def almaty_march(world, **kwargs):
    application = PermitApplicationFactory(
        organization=world.lead,
        event_type="march",
        starts_at=dt.datetime(2022, 3, 8, 12, tzinfo=ALMATY),
        ends_at=None,
        **kwargs,
    )
    application.file(on=D(2021, 11, 16))
    return application


def answer_of(application) -> Deadline:
    return application.deadlines.get(kind=DeadlineKind.AUTHORITY_RESPONSE)


def test_a_deadline_shows_every_contract_field_with_its_source_and_computation(api_as, world):
    application = almaty_march(world)
    body = api_as(world.member).get(detail(answer_of(application))).json()
    assert set(body) >= CONTRACT_FIELDS
    assert body["application"] == application.pk
    assert body["appeal"] is None
    assert body["kind"] == "authority_response"
    assert body["due_on"] == "2021-11-25"
    assert body["due_at"] == "2021-11-25T23:59:59+06:00"  # the end of the day in Almaty
    assert body["rule_source"] == "Law No. 333-VI of 25 May 2020 on peaceful assemblies, Art. 13, p. 1"
    assert body["computation"].startswith("7 working days counted from the day after 16 Nov 2021")
    assert body["needs_verification"] is True
    assert body["override_reason"] == "" and body["done_at"] is None  # no answer recorded yet
    assert body["original_due_on"] is None


def test_the_list_is_every_visible_deadline_and_filters_by_application(api_as, world):
    world.application.refresh_deadlines()
    mine = almaty_march(world)
    co_organized = almaty_march(world, co_organizers=[world.co_group])
    almaty_march(world)
    outside = PermitApplicationFactory()
    outside.refresh_deadlines()
    client = api_as(world.co_member)
    listed = client.get(URL).json()["results"]
    assert {d["application"] for d in listed} == {world.application.pk, co_organized.pk}
    only = client.get(URL, {"application": co_organized.pk}).json()["results"]
    assert {d["application"] for d in only} == {co_organized.pk}
    assert client.get(URL, {"application": outside.pk}).json()["results"] == []
    assert client.get(URL, {"application": mine.pk}).json()["count"] == 0


def test_upcoming_lists_only_open_deadlines_not_yet_due_soonest_first(api_as, world):
    application = almaty_march(world)
    today = timezone.localdate()
    later = application.add_custom_deadline(title="Later", due_on=today + dt.timedelta(days=9))
    sooner = application.add_custom_deadline(title="Sooner", due_on=today + dt.timedelta(days=2))
    done = application.add_custom_deadline(title="Done", due_on=today + dt.timedelta(days=1))
    done.mark_done()
    body = api_as(world.member).get(URL, {"upcoming": "1", "application": application.pk}).json()
    assert [d["id"] for d in body["results"]] == [sooner.pk, later.pk]
    overdue = api_as(world.member).get(URL, {"overdue": "1", "application": application.pk}).json()["results"]
    assert {d["kind"] for d in overdue} == {"authority_response", "event"}  # the 2022 assembly day, too


def test_appeal_filter_and_field(api_as, world):
    application = almaty_march(world)
    decision = application.record_decision(
        outcome="refused",
        decided_on=D(2021, 11, 26),
        received_on=D(2021, 11, 26),
        grounds=[{"reason": RefusalReason.objects.get(code="conflicting_event"), "quote": "…"}],
    )
    appeal = appeal_open(decision=decision, venue="higher_authority", by=world.coordinator, language="en")
    body = api_as(world.member).get(URL, {"appeal": appeal.pk}).json()["results"]
    assert body and {d["appeal"] for d in body} == {appeal.pk}
    assert "appeal_filing" in {d["kind"] for d in body}


def test_a_new_date_with_a_reason_is_an_override_kept_on_the_timeline(api_as, world):
    application = almaty_march(world)
    answer = answer_of(application)
    body = {"due_on": "2021-11-26", "override_reason": "Registered a day late by the akimat."}
    response = api_as(world.member).patch(detail(answer), body, format="json")
    assert response.status_code == 200, response.json()
    data = response.json()
    assert (data["due_on"], data["original_due_on"]) == ("2021-11-26", "2021-11-25")
    assert data["override_reason"] == "Registered a day late by the akimat."
    assert data["overridden_by"] == world.member.username
    assert data["due_at"] == "2021-11-26T23:59:59+06:00"
    assert application.timeline.filter(kind=TimelineEntry.Kind.DEADLINE).exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"due_on": "2021-11-29"}, "override_reason"),
        ({"due_on": "2021-11-29", "override_reason": "   "}, "override_reason"),
        ({"due_on": "2021-11-10", "override_reason": "Earlier"}, "due_on"),  # before the registration
        ({"due_on": "0021-11-29", "override_reason": "Typo"}, "due_on"),
        ({"due_on": "29.11.2021", "override_reason": "Format"}, "due_on"),
        ({"override_reason": "A reason without a date"}, "due_on"),
        ({"kind": "custom"}, "kind"),
        ({"application": 1}, "application"),
        ({"done_at": "not a moment"}, "done_at"),
    ],
)
def test_a_bad_change_is_a_400_naming_the_field_and_nothing_changes(api_as, world, body, field):
    answer = answer_of(almaty_march(world))
    before = Deadline.objects.filter(pk=answer.pk).values().get()
    response = api_as(world.member).patch(detail(answer), body, format="json")
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert Deadline.objects.filter(pk=answer.pk).values().get() == before


def test_the_day_of_the_assembly_cannot_be_overridden(api_as, world):
    event = almaty_march(world).deadlines.get(kind=DeadlineKind.EVENT)
    body = {"due_on": "2022-03-09", "override_reason": "Moved"}
    response = api_as(world.member).patch(detail(event), body, format="json")
    assert response.status_code == 400
    assert "due_on" in response.json()


def test_sending_the_deadline_back_unchanged_changes_nothing(api_as, world):
    answer = answer_of(almaty_march(world))
    client = api_as(world.member)
    current = client.get(detail(answer)).json()
    writable = {k: current[k] for k in ("application", "kind", "title", "due_on", "override_reason")}
    response = client.patch(detail(answer), writable, format="json")
    assert response.status_code == 200, response.json()
    answer.refresh_from_db()
    assert not answer.is_overridden


def test_done_at_marks_it_done_and_it_cannot_be_reopened(api_as, world):
    application = almaty_march(world)
    custom = application.add_custom_deadline(title="Print banners", due_on=D(2021, 12, 1))
    client = api_as(world.member)
    response = client.patch(detail(custom), {"done_at": "2021-11-30T10:00:00+06:00"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["done_by"] == world.member.username
    custom.refresh_from_db()
    assert custom.is_done
    again = client.patch(detail(custom), {"done_at": None}, format="json")
    assert again.status_code == 400 and "done_at" in again.json()


def test_a_custom_deadline_is_added(api_as, world):
    application = almaty_march(world)
    body = {"application": application.pk, "title": "Meeting at the akimat", "due_on": "2021-11-22"}
    response = api_as(world.member).post(URL, body, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["kind"], data["title"], data["due_on"]) == ("custom", "Meeting at the akimat", "2021-11-22")
    assert data["computation"] == "Added by a person; not computed."
    assert Deadline.objects.get(pk=data["id"]).created_by == world.member


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "", "due_on": "2021-11-22"}, "title"),
        ({"title": "No date"}, "due_on"),
        ({"title": "Computed?", "due_on": "2021-11-22", "kind": "appeal_filing"}, "kind"),
        ({"title": "Odd kind", "due_on": "2021-11-22", "kind": "parade"}, "kind"),
        ({"title": "x" * 201, "due_on": "2021-11-22"}, "title"),
        ({"title": "Done at once", "due_on": "2021-11-22", "done_at": "2021-11-22T10:00:00Z"}, "done_at"),
        ({"title": "Why", "due_on": "2021-11-22", "override_reason": "x"}, "override_reason"),
    ],
)
def test_a_bad_custom_deadline_is_a_400_naming_the_field(api_as, world, body, field):
    application = almaty_march(world)
    before = Deadline.objects.count()
    response = api_as(world.member).post(URL, {"application": application.pk, **body}, format="json")
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert Deadline.objects.count() == before


def test_an_application_outside_mine_is_a_400_as_if_it_did_not_exist(api_as, world):
    outside = PermitApplicationFactory()
    body = {"application": outside.pk, "title": "Sneaky", "due_on": "2021-11-22"}
    response = api_as(world.member).post(URL, body, format="json")
    assert response.status_code == 400
    assert "application" in response.json()
    assert not outside.deadlines.filter(kind="custom").exists()


def test_an_outsider_gets_404_for_every_method_on_a_deadline(api_as, world):
    answer = answer_of(almaty_march(world))
    client = api_as(world.outsider)
    for method in ("get", "patch", "put", "post", "delete"):
        response = getattr(client, method)(detail(answer), {"due_on": "2021-12-01", "override_reason": "x"})
        assert response.status_code == 404, method
    assert client.get(URL, {"application": answer.application_id}).json()["results"] == []
    answer.refresh_from_db()
    assert not answer.is_overridden


def test_readers_see_but_may_not_change_or_add(api_as, world):
    application = almaty_march(world, co_organizers=[world.co_group])
    answer = answer_of(application)
    for reader in (world.co_member, world.legal):
        client = api_as(reader)
        assert client.get(detail(answer)).status_code == 200
        change = client.patch(detail(answer), {"due_on": "2021-12-01", "override_reason": "x"}, format="json")
        assert change.status_code == 403
        bad_change = client.patch(detail(answer), {"due_on": "nonsense"}, format="json")
        assert bad_change.status_code == 403
        add = client.post(URL, {"application": application.pk, "title": "x", "due_on": "2021-12-01"}, format="json")
        assert add.status_code == 403
    answer.refresh_from_db()
    assert not answer.is_overridden
    assert not application.deadlines.filter(kind="custom").exists()


def test_anonymous_callers_get_401(api_client, world):
    answer = answer_of(almaty_march(world))
    assert api_client.get(URL).status_code == 401
    assert api_client.patch(detail(answer), {"done_at": "2021-12-01T00:00:00Z"}, format="json").status_code == 401


def test_the_list_costs_the_same_queries_for_many_deadlines(api_as, world, django_assert_num_queries):
    almaty_march(world)
    client = api_as(world.member)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for _ in range(6):
        application = almaty_march(world)
        application.add_custom_deadline(title="More", due_on=D(2021, 12, 1)).override(
            due_on=D(2021, 12, 2), reason="Moved", by=world.member
        )
    with django_assert_num_queries(len(few)):
        assert client.get(URL).json()["count"] > 20


ODD = [None, "", "nul\x00byte", "lone \ud800 surrogate", "x" * 5000, 0, -1, 10**30, True, [], {}, "0001-01-01",
       "9999-12-31", "9999-12-31T23:59:59-14:00", "2021-02-29", "NaN"]  # fmt: skip


def test_no_odd_value_in_any_field_is_a_5xx(api_as, world):
    application = almaty_march(world)
    custom = application.add_custom_deadline(title="Banners", due_on=D(2021, 12, 1))
    client = api_as(world.member)
    valid_new = {"application": application.pk, "title": "T", "due_on": "2021-12-01"}
    valid_change = {"due_on": "2021-12-02", "override_reason": "r", "done_at": "2021-12-01T10:00:00Z"}
    failures = []
    for method, url, valid in (("POST", URL, valid_new), ("PATCH", detail(custom), valid_change)):
        for field in [*valid, "kind", "application"]:
            cache.clear()  # stay under the API throttle
            for value in ODD:
                body = json.dumps({**valid, field: value}, ensure_ascii=True)
                response = client.generic(method, url, body, content_type="application/json")
                if response.status_code >= 500:
                    failures.append(f"{method} {field}={value!r}: {response.status_code}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(
    "query",
    ["application=-1", "application=" + "9" * 40, "appeal=x", "upcoming=maybe", "kind=parade", "overdue=%00",
     "application=%ED%A0%80", "page_size=-5"],
)  # fmt: skip
def test_no_odd_query_is_a_5xx(api_as, world, query):
    assert api_as(world.member).get(f"{URL}?{query}").status_code < 500
