"""jurisdictions/, authorities/ and refusal-reasons/ (API.md): looked up and written by code."""

import pytest

from permits.models import Authority

pytestmark = pytest.mark.django_db

# Every jurisdiction on one page: Kazakhstan's regions and cities (issue 16) fill more than a default one.
EVERY = {"page_size": 200}


def test_jurisdictions_are_listed_by_code(api_as, world):
    body = api_as(world.outsider).get("/api/v1/jurisdictions/", EVERY).json()
    almaty = next(j for j in body["results"] if j["code"] == "KZ-ALA")
    almaty.pop("rules")  # tests/permits/test_api_deadlines_rules.py
    assert almaty == {"code": "KZ-ALA", "name": "Almaty", "country": "KZ", "time_zone": "Asia/Almaty"}
    assert {"KZ", "KZ-AST", "KZ-SHY"} <= {j["code"] for j in body["results"]}


def test_refusal_reasons_carry_code_name_and_description(api_as, world):
    body = api_as(world.outsider).get("/api/v1/refusal-reasons/").json()
    codes = {r["code"] for r in body["results"]}
    assert {"conflicting_event", "repair_works", "public_health", "public_order", "late_filing", "other"} <= codes
    reason = body["results"][0]
    assert {"code", "name", "description"} <= set(reason)
    assert reason["description"]


def test_an_authority_is_added_in_a_jurisdiction_by_code(api_as, world):
    client = api_as(world.coordinator)
    body = {"name": "Department of internal policy of Almaty", "jurisdiction": "KZ-ALA", "organization": world.lead.pk}
    response = client.post("/api/v1/authorities/", body, format="json")
    assert response.status_code == 201, response.json()
    assert set(response.json()) == {"id", "name", "jurisdiction", "organization", "review_status", "review_note"}
    assert response.json()["review_status"] == "pending"
    assert response.json()["jurisdiction"] == "KZ-ALA" and response.json()["organization"] == world.lead.pk
    assert Authority.objects.get(pk=response.json()["id"]).created_by == world.coordinator
    listed = client.get("/api/v1/authorities/", {"jurisdiction": "KZ-ALA"}).json()["results"]
    assert {a["jurisdiction"] for a in listed} == {"KZ-ALA"}
    assert "Department of internal policy of Almaty" in {a["name"] for a in listed}


@pytest.mark.parametrize(
    ("body", "field"),
    [({"name": "Akimat", "jurisdiction": "KZ-XXX"}, "jurisdiction"), ({"name": "", "jurisdiction": "KZ"}, "name"),
     ({"name": "Akimat", "jurisdiction": 1}, "jurisdiction"), ({"name": "Akimat"}, "jurisdiction"),
     ({"name": "Akimat of Almaty city", "jurisdiction": "KZ-ALA"}, "name"),
     ({"name": "akimat of almaty city", "jurisdiction": "KZ-ALA", "organization": "lead"}, "name"),
     ({"name": "Akimat", "jurisdiction": "KZ-ALA", "organization": "other"}, "organization")],
)  # fmt: skip
def test_a_bad_authority_is_a_400_naming_the_field(api_as, world, body, field):
    groups = {"lead": world.lead.pk, "other": world.other_group.pk}
    if "organization" in body:
        body = {**body, "organization": groups[body["organization"]]}
    before = Authority.objects.count()
    response = api_as(world.coordinator).post("/api/v1/authorities/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert Authority.objects.count() == before


def test_lookups_need_credentials(api_client, db):
    for path in ("jurisdictions", "authorities", "refusal-reasons"):
        assert api_client.get(f"/api/v1/{path}/").status_code == 401
