"""authorities/: a group's member who files its applications adds a missing authority with
"organization"; site editors publish, merge or decline it (publish/, merge/, decline/), others get a 403."""

import pytest

from permits.models import Authority, Jurisdiction
from tests.factories import AuthorityFactory, PermitApplicationFactory, UserFactory, site_editor

pytestmark = pytest.mark.django_db

URL = "/api/v1/authorities/"
NAME = "Akimat of Medeu district"


@pytest.fixture
def requested(world):
    return Authority.add_for_group(
        organization=world.lead, name=NAME, jurisdiction=Jurisdiction.objects.get(code="KZ-ALA"), by=world.member
    )


def test_a_member_adds_one_that_waits_for_review(world, api_as):
    response = api_as(world.member).post(
        URL, {"name": NAME, "jurisdiction": "KZ-ALA", "organization": world.lead.pk}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["review_status"] == "pending"
    assert Authority.objects.get(pk=response.json()["id"]).organization == world.lead


def test_a_legal_volunteer_of_the_group_may_not_add_one(world, api_as):
    response = api_as(world.legal).post(
        URL, {"name": NAME, "jurisdiction": "KZ-ALA", "organization": world.lead.pk}, format="json"
    )
    assert response.status_code == 403
    assert not Authority.objects.filter(name=NAME).exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "", "jurisdiction": "KZ-ALA"}, "name"),
        ({"name": NAME, "jurisdiction": "XX-NONE"}, "jurisdiction"),
        ({"name": NAME}, "jurisdiction"),
        ({"name": NAME, "jurisdiction": "KZ-ALA", "organization": "x"}, "organization"),
    ],
)
def test_a_bad_request_names_the_field(world, api_as, body, field):
    response = api_as(world.member).post(URL, {"organization": world.lead.pk, **body}, format="json")
    assert response.status_code == 400 and field in response.json()


def test_another_groups_id_reads_like_none(world, api_as):
    response = api_as(world.outsider).post(
        URL, {"name": NAME, "jurisdiction": "KZ-ALA", "organization": world.lead.pk}, format="json"
    )
    assert response.status_code == 400 and "organization" in response.json()
    assert not Authority.objects.filter(name=NAME).exists()


def test_nobody_renames_one_through_the_api(world, api_as, requested):
    for person in (world.outsider, world.coordinator):
        for method in ("patch", "put", "delete"):
            response = getattr(api_as(person), method)(f"{URL}{requested.pk}/", {"name": "Renamed"}, format="json")
            assert response.status_code in (404, 405)
    requested.refresh_from_db()
    assert requested.name == NAME


def test_non_editors_cannot_publish_merge_or_decline(world, api_as, requested):
    shared = AuthorityFactory()
    staff = UserFactory(username="staff", is_staff=True)
    for person in (world.coordinator, world.member, world.outsider, staff):
        client = api_as(person)
        assert client.post(f"{URL}{requested.pk}/publish/").status_code == 403
        assert client.post(f"{URL}{requested.pk}/merge/", {"into": shared.pk}, format="json").status_code == 403
        assert client.post(f"{URL}{requested.pk}/decline/", {"note": "no"}, format="json").status_code == 403
    requested.refresh_from_db()
    assert requested.organization == world.lead and requested.review_status == Authority.Review.PENDING


def test_an_editor_publishes(world, api_as, requested):
    response = api_as(site_editor()).post(f"{URL}{requested.pk}/publish/")
    assert response.status_code == 200, response.json()
    assert response.json()["organization"] is None and response.json()["review_status"] == "published"
    assert NAME in {a["name"] for a in api_as(world.outsider).get(URL, {"page_size": 200}).json()["results"]}


def test_an_editor_merges_and_the_groups_applications_follow(world, api_as, requested):
    application = PermitApplicationFactory(organization=world.lead, authority=requested)
    shared = AuthorityFactory()
    response = api_as(site_editor()).post(f"{URL}{requested.pk}/merge/", {"into": shared.pk}, format="json")
    assert response.status_code == 204
    application.refresh_from_db()
    assert application.authority == shared
    assert api_as(site_editor()).post(f"{URL}{requested.pk}/publish/").status_code == 404  # gone


@pytest.mark.parametrize("into", [None, "x", 99999, "own"])
def test_a_merge_into_anything_but_a_shared_authority_is_a_400(world, api_as, requested, into):
    if into == "own":
        into = requested.pk
    response = api_as(site_editor()).post(f"{URL}{requested.pk}/merge/", {"into": into}, format="json")
    assert response.status_code == 400 and "into" in response.json()
    assert Authority.objects.filter(pk=requested.pk, review_status="pending").exists()


def test_an_editor_declines_with_a_note_the_group_then_reads(world, api_as, requested):
    response = api_as(site_editor()).post(f"{URL}{requested.pk}/decline/", {"note": "Not a body."}, format="json")
    assert response.status_code == 200 and response.json()["review_status"] == "declined"
    listed = {a["name"]: a for a in api_as(world.coordinator).get(URL, {"page_size": 200}).json()["results"]}
    assert listed[NAME]["review_note"] == "Not a body."
    again = api_as(site_editor()).post(f"{URL}{requested.pk}/decline/", {}, format="json")
    assert again.status_code == 400


def test_an_editor_cannot_review_a_shared_one(api_as):
    shared = AuthorityFactory()
    assert api_as(site_editor()).post(f"{URL}{shared.pk}/publish/").status_code == 404
    assert api_as(site_editor()).post(f"{URL}abc/publish/").status_code == 404
