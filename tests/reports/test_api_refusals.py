"""GET /api/v1/reports/refusals/: [{"key", "label", "count"}] over what the caller may see; a
bad `by`, date, jurisdiction or group is a 400 naming the field."""

import pytest

from tests.reports.conftest import as_dict

pytestmark = pytest.mark.django_db
URL = "/api/v1/reports/refusals/"


def test_it_counts_by_reason_by_default_with_key_label_and_count(api_as, world, refusals):
    response = api_as(world.coordinator).get(URL)
    assert response.status_code == 200
    assert response.json()[0] == {"key": "repair_works", "label": "Repair or construction works", "count": 2}
    assert as_dict(response.json()) == {
        "repair_works": 2,
        "conflicting_event": 1,
        "public_health": 1,
        "public_order": 1,
    }


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        ("year", {"2021": 2, "2022": 2}),
        ("event_type", {"march": 1, "picket": 1, "rally": 1, "meeting": 1}),
    ],
)
def test_it_counts_refusals_by_year_and_event_type(api_as, world, refusals, by, expected):
    assert as_dict(api_as(world.coordinator).get(URL, {"by": by}).json()) == expected


def test_it_counts_by_authority_with_filters(api_as, world, refusals):
    response = api_as(world.coordinator).get(
        URL, {"by": "authority", "from": "2021-12-01", "to": "2022-12-31", "jurisdiction": "KZ-ALA"}
    )
    assert response.json() == [{"key": str(refusals.almaty.pk), "label": "Akimat of Almaty city", "count": 2}]


def test_the_group_filter_takes_one_of_the_callers_groups(api_as, world, refusals):
    response = api_as(world.coordinator).get(URL, {"by": "year", "organization": world.co_group.pk})
    assert response.status_code == 400
    assert "organization" in response.json()
    response = api_as(world.co_member).get(URL, {"by": "year", "organization": world.co_group.pk})
    assert response.json() == [{"key": "2022", "label": "2022", "count": 1}]


def test_an_outsider_counts_nothing_of_another_groups_refusals(api_as, world, refusals):
    response = api_as(world.outsider).get(URL)
    assert as_dict(response.json()) == {"repair_works": 1, "late_filing": 1}


def test_someone_in_no_group_gets_an_empty_list(api_as, refusals):
    from tests.factories import UserFactory

    assert api_as(UserFactory()).get(URL).json() == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"by": "colour"}, "by"),
        ({"from": "26.11.2021x"}, "from"),
        ({"to": "2021-02-30"}, "to"),
        ({"from": "0021-01-01"}, "from"),
        ({"from": "2022-01-01", "to": "2021-01-01"}, "to"),
        ({"jurisdiction": "XX-NOPE"}, "jurisdiction"),
        ({"organization": "abc"}, "organization"),
        ({"organization": "999999999999999999999999"}, "organization"),
    ],
)
def test_bad_parameters_are_a_400_naming_the_field(api_as, world, params, field):
    response = api_as(world.coordinator).get(URL, params)
    assert response.status_code == 400
    body = response.json()
    assert list(body) == [field]
    assert body[field] and all(isinstance(message, str) for message in body[field])


def test_a_bad_by_lists_the_choices(api_as, world):
    message = api_as(world.coordinator).get(URL, {"by": "colour"}).json()["by"][0]
    assert "reason, authority, year, event_type" in message


def test_without_credentials_it_is_a_401(api_client, refusals):
    assert api_client.get(URL).status_code == 401


def test_the_schema_describes_the_report(api_as, world):
    schema = api_as(world.coordinator).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    operation = schema["paths"]["/api/v1/reports/refusals/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"by", "from", "to", "jurisdiction", "organization"}
    assert {"200", "400", "401"} <= set(operation["responses"])
