"""What the deadlines add elsewhere in the API: applications' response_due_on, latest_filing_on and
filed_late (read-only, bounded queries), an application PATCH recomputing deadlines through the same
edit rule as the page, and jurisdictions/ exposing their rules."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from permits.models import Authority, DeadlineKind, DeadlineRule, Jurisdiction
from tests.factories import PermitApplicationFactory

pytestmark = pytest.mark.django_db

# Every jurisdiction on one page: Kazakhstan's regions and cities (issue 16) fill more than a default one.
EVERY = {"page_size": 200}

ALMATY = ZoneInfo("Asia/Almaty")
D = dt.date
APPLICATIONS = "/api/v1/applications/"


def march_on_8_march_2022(world, filed_on=None):
    application = PermitApplicationFactory(
        organization=world.lead, event_type="march", starts_at=dt.datetime(2022, 3, 8, 12, tzinfo=ALMATY), ends_at=None
    )
    if filed_on:
        application.file(on=filed_on)
    else:
        application.refresh_deadlines()
    return application


def test_an_application_carries_its_answer_and_filing_days(api_as, world):
    application = march_on_8_march_2022(world, filed_on=D(2021, 11, 16))
    body = api_as(world.member).get(f"{APPLICATIONS}{application.pk}/").json()
    assert body["response_due_on"] == "2021-11-25"
    assert body["latest_filing_on"] == "2022-02-22"
    assert body["filed_late"] is False


def test_a_late_filing_and_a_draft(api_as, world):
    late = march_on_8_march_2022(world, filed_on=D(2022, 3, 1))
    draft = march_on_8_march_2022(world)
    client = api_as(world.member)
    assert client.get(f"{APPLICATIONS}{late.pk}/").json()["filed_late"] is True
    body = client.get(f"{APPLICATIONS}{draft.pk}/").json()
    assert (body["response_due_on"], body["latest_filing_on"], body["filed_late"]) == (None, "2022-02-22", False)


def test_the_deadline_fields_are_read_only(api_as, world):
    application = march_on_8_march_2022(world, filed_on=D(2021, 11, 16))
    body = {"response_due_on": "2030-01-01", "latest_filing_on": "2030-01-01", "filed_late": True}
    response = api_as(world.member).patch(f"{APPLICATIONS}{application.pk}/", body, format="json")
    assert response.status_code == 200
    assert response.json()["response_due_on"] == "2021-11-25"


def test_the_list_costs_the_same_queries_for_many_applications(api_as, world, django_assert_num_queries):
    march_on_8_march_2022(world, filed_on=D(2021, 11, 16))
    march_on_8_march_2022(world)
    client = api_as(world.member)
    with CaptureQueriesContext(connection) as few:
        client.get(APPLICATIONS)
    for _ in range(4):
        march_on_8_march_2022(world, filed_on=D(2021, 11, 16))
        march_on_8_march_2022(world)
        PermitApplicationFactory(organization=world.lead)  # a draft without deadline rows
    with django_assert_num_queries(len(few)):
        client.get(APPLICATIONS)


def test_patching_the_event_type_recomputes_the_answer_deadline(api_as, world):
    application = march_on_8_march_2022(world, filed_on=D(2021, 11, 16))
    response = api_as(world.member).patch(f"{APPLICATIONS}{application.pk}/", {"event_type": "picket"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["response_due_on"] == "2021-11-19"  # 3 working days (Art. 11 p. 1)
    assert "Art. 11" in application.deadlines.get(kind=DeadlineKind.AUTHORITY_RESPONSE).rule_source


def test_patching_the_authority_applies_the_other_jurisdictions_rules(api_as, world):
    place = Jurisdiction.objects.create(code="XX-TST", name="Testland", country="DE", time_zone="Europe/Berlin")
    DeadlineRule.objects.create(
        jurisdiction=place, code="answer", kind="authority_response", count=2, unit="calendar_days",
        counted_from="filed_on", roll_forward=False, law="Testland Assembly Act", article="§ 1",
        status="confirmed", counting_status="confirmed", description="Fictional.",
    )  # fmt: skip
    elsewhere = Authority.objects.create(jurisdiction=place, name="Testland town hall")
    application = march_on_8_march_2022(world, filed_on=D(2021, 11, 16))
    response = api_as(world.member).patch(
        f"{APPLICATIONS}{application.pk}/", {"authority": elsewhere.pk}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["response_due_on"] == "2021-11-18"


def test_patching_the_day_of_the_assembly_moves_the_latest_filing_day(api_as, world):
    application = march_on_8_march_2022(world)
    body = {"starts_at": "2022-03-15T12:00:00+06:00"}
    response = api_as(world.member).patch(f"{APPLICATIONS}{application.pk}/", body, format="json")
    assert response.status_code == 200, response.json()
    # Back from Mon 14 Mar: 14, 11, 10, 9 (8 Mar a holiday, 7 Mar off by decree), Sat 5 Mar worked, 4, 3, 2,
    # 1 Mar, 28 Feb: the 10th working day.
    assert response.json()["latest_filing_on"] == "2022-02-28"


def test_jurisdictions_expose_their_rules_with_sources(api_as, world):
    body = api_as(world.outsider).get("/api/v1/jurisdictions/", EVERY).json()["results"]
    almaty = next(j for j in body if j["code"] == "KZ-ALA")
    rules = {rule["code"]: rule for rule in almaty["rules"]}  # inherited from KZ
    answer = rules["approval-response"]
    assert {key: answer[key] for key in ("kind", "count", "unit", "counted_from", "roll_forward", "event_types")} == {
        "kind": "authority_response",
        "count": 7,
        "unit": "working_days",
        "counted_from": "filed_on",
        "roll_forward": True,
        "event_types": ["demonstration", "march"],
    }
    assert answer["source"] == "Law No. 333-VI of 25 May 2020 on peaceful assemblies, Art. 13, p. 1"
    assert answer["source_url"] == "https://adilet.zan.kz/rus/docs/Z2000000333"
    assert answer["needs_verification"] is True
    assert rules["approval-latest-filing"]["counted_from"] == "event_day"
    assert rules["court-claim"]["unit"] == "months"


def test_a_made_up_jurisdiction_lists_only_its_own_rules(api_as, world):
    place = Jurisdiction.objects.create(code="XX-TST", name="Testland", country="DE", time_zone="Europe/Berlin")
    DeadlineRule.objects.create(
        jurisdiction=place, code="answer", kind="authority_response", count=2, unit="calendar_days",
        counted_from="filed_on", law="Testland Assembly Act", article="§ 1", status="confirmed",
        description="Fictional.",
    )  # fmt: skip
    body = api_as(world.member).get("/api/v1/jurisdictions/", EVERY).json()["results"]
    testland = next(j for j in body if j["code"] == "XX-TST")
    assert [(r["code"], r["source"]) for r in testland["rules"]] == [("answer", "Testland Assembly Act, § 1")]
