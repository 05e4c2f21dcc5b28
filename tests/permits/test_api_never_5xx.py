"""No request ever yields a 5xx (API.md): every writable field of every endpoint, given values of
the wrong type, out of range, or that databases refuse (NUL, lone surrogates, huge integers)."""

import datetime as dt
import json

import pytest
from django.core.cache import cache

from tests.factories import AuthorityFactory, filed_application

pytestmark = pytest.mark.django_db

ODD_VALUES = [
    None,
    "",
    "   ",
    "nul\x00byte",
    "lone \ud800 surrogate",
    "<script>alert(1)</script>",
    "x" * 5000,
    0,
    -1,
    1.5,
    10**30,
    -(10**30),
    True,
    [],
    [None],
    ["a", {"b": 1}],
    {},
    {"name": None},
    "0001-01-01",
    "0001-01-01T00:00:00",
    "9999-12-31T23:59:59-14:00",
    "2021-02-29",
    "2021-11-16T25:61:00",
    "NaN",
    "pasted\x0bfrom\x0cword\x07\ufffe",  # control characters, as text pasted from Word carries
    "header\r\nBcc: x@example.org",
]


def post_json(client, method, url, body):
    # ensure_ascii keeps the lone surrogate as the escape \ud800, as a real client would send it.
    return client.generic(method, url, json.dumps(body, ensure_ascii=True), content_type="application/json")


@pytest.fixture
def endpoints(world):
    filed = filed_application(organization=world.lead, filed_on=dt.date(2021, 11, 16))
    application = {
        "title": "March",
        "event_type": "march",
        "organization": world.lead.pk,
        "starts_at": "2030-03-08T11:00:00+06:00",
        "location": "Square",
        "authority": AuthorityFactory().pk,
    }
    day = "2021-11-19"
    refusal = {
        "outcome": "refused",
        "decided_on": "2021-11-26",
        "grounds": [{"reason": "conflicting_event", "quote": "another event"}],
    }
    return [
        ("POST", "/api/v1/organizations/", {"name": "Group", "kind": "group", "city": "Almaty"}),
        ("POST", f"/api/v1/organizations/{world.lead.pk}/members/", {"username": "aigerim", "role": "member"}),
        ("POST", "/api/v1/authorities/", {"name": "Akimat", "jurisdiction": "KZ-AST"}),
        ("POST", "/api/v1/applications/", {**application, "applicants": [{"name": "Дана"}], "filed_on": "2021-11-16"}),
        ("PATCH", f"/api/v1/applications/{world.application.pk}/", {**application, "co_organizers": []}),
        ("POST", f"/api/v1/applications/{filed.pk}/withdraw/", {"on": "2021-11-20", "note": "n"}),
        ("POST", f"/api/v1/applications/{filed.pk}/timeline/", {"kind": "note", "summary": "s", "happened_on": day}),
        ("POST", f"/api/v1/applications/{filed.pk}/decisions/", refusal),
    ]  # fmt: skip


def test_no_odd_value_in_any_field_is_a_5xx(api_as, world, endpoints):
    client = api_as(world.coordinator)
    failures = []
    for method, url, valid in endpoints:
        for field in valid:
            cache.clear()  # hundreds of requests: stay under the API throttle
            for value in ODD_VALUES:
                response = post_json(client, method, url, {**valid, field: value})
                if response.status_code >= 500:
                    failures.append(f"{method} {url} {field}={value!r}: {response.status_code}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("value", [*ODD_VALUES[:6], '{"reason": 1}', "conflicting_event"])
def test_no_odd_refusal_ground_is_a_5xx(api_as, world, value):
    filed = filed_application(organization=world.lead)
    url = f"/api/v1/applications/{filed.pk}/decisions/"
    client = api_as(world.coordinator)
    for ground in ({"reason": value}, {"reason": "repair_works", "quote": value}, {"reason": "other", "note": value}):
        body = {"outcome": "refused", "decided_on": "2021-11-26", "grounds": [ground]}
        assert post_json(client, "POST", url, body).status_code < 500, ground


@pytest.mark.parametrize(
    "query",
    ["status=%ED%A0%80", "status=", "status=%00", "q=%00",
     "organization=-1", "organization=" + "9" * 40, "q=" + "%" * 3000, "q=%ED%A0%80",
     "page=-1", "page=0", "page_size=-5", "page_size=" + "9" * 40, "organization=1&organization=2"],
)  # fmt: skip
def test_no_odd_query_is_a_5xx(api_as, world, query):
    response = api_as(world.coordinator).get(f"/api/v1/applications/?{query}")
    assert response.status_code < 500


@pytest.mark.parametrize(
    "path",
    ["applications/99999999999999999999999/", "applications/-1/", "documents/99999999999999999999999/file",
     "applications/99999999999999999999999/timeline/", "organizations/99999999999999999999999/members/",
     "organizations/1/members/%ED%A0%80/"],
)  # fmt: skip
def test_no_odd_id_is_a_5xx(api_as, world, path):
    client = api_as(world.coordinator)
    for method in ("get", "post", "patch", "delete"):
        assert getattr(client, method)(f"/api/v1/{path}").status_code in (404, 405), (method, path)


@pytest.mark.parametrize("path", ["organizations/1/members/%00/", "applications/?q=%00", "deadlines/?kind=%00"])
def test_a_nul_anywhere_in_the_address_is_a_400_for_every_method(api_as, world, path):
    # config/bad_input.py refuses it before routing (PostgreSQL refuses NUL in a lookup: a 500).
    client = api_as(world.coordinator)
    for method in ("get", "post", "patch", "delete"):
        response = getattr(client, method)(f"/api/v1/{path}")
        assert response.status_code == 400 and "NUL" in response.json()["detail"], (method, path)
