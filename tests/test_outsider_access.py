"""Every route that names an object, UI or API, walked from the URL resolver: an outsider gets 404
for GET, POST, PUT, PATCH and DELETE and nothing in the database changes; anonymous callers are sent
to log in (pages) or get 401 (API). The walker and how to teach it a new kind of argument: tests/route_walker.py."""

import pytest
from django.test import Client
from django.urls import reverse
from django.urls.resolvers import RoutePattern

from tests.route_walker import (
    EDITORS_ONLY,
    OPEN_TO_EVERYONE,
    PUBLIC_BY_DESIGN,
    ROUTES,
    ROUTES_WITH_KWARGS,
    STAFF_ONLY_ROUTES,
    Route,
    admin_values,
    build_url,
    exercise,
    is_401,
    is_404,
    is_admin_login,
    is_login_redirect,
    is_not_a_failure,
    is_refused_to_non_editors,
    made_up_values,
    make_lead_objects,
    object_values,
)


@pytest.fixture
def lead_objects(world):
    return make_lead_objects(world)


# --- The tests ----------------------------------------------------------------------------------


def test_the_walker_finds_the_routes_we_know(db):
    patterns = {route.pattern for route in ROUTES_WITH_KWARGS}
    for known in (
        "applications/<int:pk>/",
        "api/v1/^applications/(?P<pk>[0-9]+)/$",
        "api/v1/applications/<int:application_pk>/timeline/",
        "api/v1/documents/<int:pk>/file",
        "api/v1/organizations/<int:organization_pk>/members/<str:username>/",
        "api/v1/^notifications/(?P<pk>[^/.]+)/read/$",
        "authorities/<int:pk>/review/",
        "api/v1/^authorities/(?P<pk>[^/.]+)/publish/$",
    ):
        assert known in patterns, f"{known} not found among {sorted(patterns)}"
    names = {route.name for route in ROUTES_WITH_KWARGS}
    assert set(PUBLIC_BY_DESIGN) <= names, f"stale PUBLIC_BY_DESIGN entries: {set(PUBLIC_BY_DESIGN) - names}"
    assert set(EDITORS_ONLY) <= names, f"stale EDITORS_ONLY entries: {set(EDITORS_ONLY) - names}"


@pytest.mark.django_db
def test_a_route_with_an_argument_the_walker_cannot_fill_fails_loudly(world, lead_objects):
    route = Route(name="widgets:detail", chain=(RoutePattern("widgets/<int:widget_pk>/"),), kwargs=("widget_pk",),
                  is_api=False)  # fmt: skip
    with pytest.raises(pytest.fail.Exception, match="widget_pk"):
        object_values(route, lead_objects, world)


@pytest.mark.django_db
def test_the_walker_notices_a_caller_who_gets_in_and_changes_things(world, lead_objects):
    # The member stands in for a view that forgot the access rule: she is answered, and her
    # tempting PATCH renames the application.
    route = next(r for r in ROUTES if r.name == "application-detail")
    url = build_url(route, object_values(route, lead_objects, world))
    expected = {"outsider": is_404, "anonymous": is_401}
    failures = exercise(url, True, expected, world, lead_objects, caller=world.member)
    assert any("outsider GET" in line and "200" in line for line in failures), failures
    assert any("changed" in line and "permits_permitapplication" in line for line in failures), failures


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_an_outsider_gets_404_on_every_route_that_names_an_object(route, world, lead_objects):
    if route.name in PUBLIC_BY_DESIGN:
        url = build_url(route, made_up_values(route))
        expected = {"outsider": is_not_a_failure, "anonymous": is_not_a_failure}
    elif route.name in EDITORS_ONLY:
        url = build_url(route, object_values(route, lead_objects, world))
        expected = {"outsider": is_refused_to_non_editors, "anonymous": is_401}
    else:
        url = build_url(route, object_values(route, lead_objects, world))
        expected = {"outsider": is_404, "anonymous": is_401 if route.is_api else is_login_redirect}
    failures = exercise(url, route.is_api, expected, world, lead_objects)
    assert not failures, "\n".join(failures)


def is_200_for_get_else_405(response):
    expected = 200 if response.request["REQUEST_METHOD"] == "GET" else 405
    return None if response.status_code == expected else f"{response.status_code}, expected {expected}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(OPEN_TO_EVERYONE))
def test_the_public_statistics_answer_everyone_read_only_and_show_no_group_that_did_not_opt_in(
    name, world, lead_objects
):
    url = reverse(name)
    expected = {"outsider": is_200_for_get_else_405, "anonymous": is_200_for_get_else_405}
    failures = exercise(url, False, expected, world, lead_objects)
    assert not failures, "\n".join(failures)
    body = Client().get(url).content.decode()
    assert world.application.title not in body
    assert world.lead.name not in body


@pytest.mark.django_db
def test_the_admin_sends_outsiders_and_anonymous_callers_to_its_log_in(world, lead_objects):
    assert STAFF_ONLY_ROUTES, "no admin routes found: is the walker broken?"
    expected = {"outsider": is_admin_login, "anonymous": is_admin_login}
    failures = []
    for route in STAFF_ONLY_ROUTES:
        url = build_url(route, admin_values(route, lead_objects))
        failures += exercise(url, False, expected, world, lead_objects)
    assert not failures, "\n".join(failures)
