"""Errors name the value and the parameter (issue 13, item 10): DRF fills `{value}`-style
placeholders, so a `%(value)s` reached the caller as it was written; a query parameter it did not
understand was ignored instead of refused."""

import pytest

pytestmark = pytest.mark.django_db

APPLICATION = {
    "title": "Picket",
    "event_type": "picket",
    "starts_at": "2027-03-08T10:00:00+05:00",
    "ends_at": "2027-03-08T12:00:00+05:00",
    "location": "Republic Square",
}


def test_an_unknown_authority_is_named_by_its_id(world, api_as):
    body = {**APPLICATION, "organization": world.lead.pk, "authority": 987654}
    response = api_as(world.coordinator).post("/api/v1/applications/", body, format="json")
    assert response.status_code == 400
    assert response.json()["authority"] == ["There is no authority with the id 987654."]


def test_an_unknown_jurisdiction_is_named_by_its_code(world, api_as):
    body = {"name": "Akimat of Nowhere", "jurisdiction": "KZ-NOPE", "organization": world.lead.pk}
    response = api_as(world.coordinator).post("/api/v1/authorities/", body, format="json")
    assert response.status_code == 400
    assert response.json()["jurisdiction"] == ["There is no jurisdiction with the code “KZ-NOPE”."]


def test_an_unknown_refusal_reason_is_named_by_its_code(world, api_as):
    client = api_as(world.coordinator)
    body = {
        "outcome": "refused",
        "decided_on": "2021-11-26",
        "received_on": "2021-11-26",
        "grounds": [{"reason": "weather", "quote": "Too cold"}],
    }
    response = client.post(f"/api/v1/applications/{world.application.pk}/decisions/", body, format="json")
    assert response.status_code == 400
    assert "“weather” is not a refusal reason code" in str(response.json())
    assert "%(" not in str(response.json())


@pytest.mark.parametrize("page_size", ["abc", "0", "-3", "1.5"])
def test_a_page_size_that_is_not_a_whole_number_from_1_is_a_400_naming_it(world, api_as, page_size):
    response = api_as(world.coordinator).get(f"/api/v1/applications/?page_size={page_size}")
    assert response.status_code == 400
    assert "page_size" in response.json()


def test_a_page_size_past_the_largest_gives_the_largest(world, api_as):
    response = api_as(world.coordinator).get("/api/v1/applications/?page_size=5000")
    assert response.status_code == 200


@pytest.mark.parametrize("parameter", ["upcoming", "overdue"])
def test_a_yes_no_filter_it_does_not_understand_is_a_400_naming_it(world, api_as, parameter):
    client = api_as(world.coordinator)
    refused = client.get(f"/api/v1/deadlines/?{parameter}=maybe")
    assert refused.status_code == 400
    assert parameter in refused.json()
    for value in ("1", "0", "true", "false"):
        assert client.get(f"/api/v1/deadlines/?{parameter}={value}").status_code == 200
