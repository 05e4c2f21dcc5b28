"""A query parameter value the API does not understand is a 400 naming the parameter, never
ignored (issue 13, item 10; API.md): for every parameter of every GET operation the schema
documents, read from the schema itself, so a new filter is covered the day it is added."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from appeals.services import appeal_open
from tests.factories import refused_application

pytestmark = pytest.mark.django_db

# Words to search for: any text is a value they understand.
FREE_TEXT = {"q"}
NOT_A_VALUE = "zzz"


def documented_query_parameters():
    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    return [
        (path, parameter["name"])
        for path, item in paths.items()
        for parameter in item.get("get", {}).get("parameters", [])
        if parameter["in"] == "query" and parameter["name"] not in FREE_TEXT
    ]


@pytest.fixture
def case(world):
    """The lead group's refused application with an appeal, as its coordinator sees them."""
    application = refused_application(organization=world.lead, by=world.coordinator)
    appeal = appeal_open(decision=application.decisions.get(), venue="higher_authority", by=world.coordinator)
    return {"application_pk": application.pk, "appeal_pk": appeal.pk, "organization_pk": world.lead.pk}


@pytest.mark.parametrize(("path", "parameter"), documented_query_parameters())
def test_a_value_it_does_not_understand_is_a_400_naming_the_parameter(world, case, api_as, path, parameter):
    response = api_as(world.coordinator).get(path.format(**case), {parameter: NOT_A_VALUE})
    assert response.status_code == 400, (response.status_code, response.content[:300])
    assert parameter in response.json()


def test_every_list_is_covered():
    # The parametrization above is not empty for want of a schema: each list has page and page_size.
    covered = documented_query_parameters()
    assert ("/api/v1/applications/", "status") in covered
    assert ("/api/v1/arguments/", "reason") in covered
    assert ("/api/v1/appeals/", "mine") in covered
    assert {name for _path, name in covered} >= {"page", "page_size", "jurisdiction", "from", "old"}


def test_a_page_past_the_last_is_still_a_404(world, api_as):
    assert api_as(world.coordinator).get("/api/v1/applications/", {"page": 9}).status_code == 404
    assert api_as(world.coordinator).get("/api/v1/applications/", {"page": "last"}).status_code == 200


@pytest.mark.parametrize("page", ["0", "-1", "1.5", "²", "abc"])
def test_a_page_that_is_not_a_whole_number_from_1_is_a_400(world, api_as, page):
    response = api_as(world.coordinator).get("/api/v1/deadlines/", {"page": page})
    assert response.status_code == 400
    assert response.json() == {"page": ["Give a page number: a whole number from 1."]}


def test_an_outsiders_application_id_reads_like_one_that_does_not_exist(world, api_as, case):
    # Before: a choice among all applications answered "not a valid choice" for an id that does not
    # exist and an empty page for another group's, which told an outsider that the id is in use.
    client = api_as(world.outsider)
    theirs = client.get("/api/v1/appeals/", {"application": case["application_pk"]})
    nobodys = client.get("/api/v1/appeals/", {"application": 987654})
    assert theirs.status_code == nobodys.status_code == 200
    assert theirs.json() == nobodys.json()
    assert theirs.json()["count"] == 0


def test_the_appeal_filters_still_filter(world, api_as, case):
    client = api_as(world.coordinator)
    assert client.get("/api/v1/appeals/", {"application": case["application_pk"]}).json()["count"] == 1
    assert client.get("/api/v1/appeals/", {"status": "preparing"}).json()["count"] == 1
    assert client.get("/api/v1/appeals/", {"status": "decided"}).json()["count"] == 0
    assert client.get("/api/v1/appeals/", {"mine": "1"}).json()["count"] == 1
    assert client.get("/api/v1/appeals/", {"mine": "0"}).json()["count"] == 1
    assert api_as(world.outsider).get("/api/v1/appeals/", {"mine": "1"}).json()["count"] == 0


def test_the_argument_filters_still_filter(world, api_as):
    client = api_as(world.member)
    every = client.get("/api/v1/arguments/", {"page_size": 200}).json()
    assert every["count"] > 0
    for name, value, holds in (
        ("language", "ru", lambda argument: argument["language"] == "ru"),
        ("kind", "standard", lambda argument: argument["kind"] == "standard"),
        ("reason", "conflicting_event", lambda argument: "conflicting_event" in argument["reasons"]),
    ):
        chosen = client.get("/api/v1/arguments/", {name: value, "page_size": 200}).json()["results"]
        assert chosen, name
        assert all(holds(argument) for argument in chosen), name
        assert len(chosen) < every["count"], name


def test_an_unknown_jurisdiction_code_is_a_400_and_a_known_one_filters(world, api_as):
    client = api_as(world.member)
    assert client.get("/api/v1/authorities/", {"jurisdiction": "KZ-NOPE"}).status_code == 400
    almaty = client.get("/api/v1/authorities/", {"jurisdiction": "KZ-ALA"}).json()["results"]
    assert almaty
    assert {authority["jurisdiction"] for authority in almaty} == {"KZ-ALA"}


def test_the_400_is_in_the_callers_language(world, api_as):
    client = api_as(world.member)
    status = client.get("/api/v1/applications/", {"status": "zzz"}, HTTP_ACCEPT_LANGUAGE="ru")
    assert status.status_code == 400
    assert status.json()["status"][0].startswith("Выберите корректный вариант.")
    # Needs the Russian catalogue with this branch's strings compiled in.
    page = client.get("/api/v1/applications/", {"page": "zzz"}, HTTP_ACCEPT_LANGUAGE="ru")
    assert page.json() == {"page": ["Укажите номер страницы: целое число от 1."]}
