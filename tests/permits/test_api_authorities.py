"""authorities/: the shared authorities are added by site editors only; a group adds a missing one
for itself with "organization", and only that group sees it, offers it on its form and names it on
its applications, until a site editor publishes it."""

import pytest
from django.urls import reverse

from organizations.models import Membership
from permits.forms import ApplicationForm
from permits.models import Authority
from tests.factories import MembershipFactory, UserFactory, site_editor

pytestmark = pytest.mark.django_db

URL = "/api/v1/authorities/"
NAME = "Akimat of Medeu district"

APPLICATION = {
    "title": "Picket for clean air",
    "event_type": "picket",
    "starts_at": "2030-03-08T11:00:00+06:00",
    "ends_at": "2030-03-08T13:00:00+06:00",
    "location": "Republic square",
}


# The shared list (every akimat in Kazakhstan, issue 16) is longer than a default page: a test that
# looks for a name reads the whole list, or a name on page 2 would pass for one that is missing.
EVERY = {"page_size": 200}


def names(response):
    assert response.json()["next"] is None, "the list did not fit on one page"
    return {a["name"] for a in response.json()["results"]}


@pytest.fixture
def own_authority(world, api_as):
    """The lead group (A) adds an authority missing from the shared list."""
    response = api_as(world.member).post(
        URL, {"name": NAME, "jurisdiction": "KZ-ALA", "organization": world.lead.pk}, format="json"
    )
    assert response.status_code == 201, response.json()
    return Authority.objects.get(pk=response.json()["id"])


def test_a_stranger_cannot_add_an_authority_every_group_sees(world, api_as):
    stranger = UserFactory(username="mallory")
    for person in (stranger, world.coordinator, UserFactory(username="operator", is_staff=True)):
        response = api_as(person).post(URL, {"name": "Fake akimat", "jurisdiction": "KZ-ALA"}, format="json")
        assert response.status_code == 403
    assert not Authority.objects.filter(name="Fake akimat").exists()


def test_a_site_editor_adds_a_shared_authority_every_group_sees(world, api_as):
    response = api_as(site_editor()).post(URL, {"name": NAME, "jurisdiction": "KZ-ALA"}, format="json")
    assert response.status_code == 201 and response.json()["organization"] is None
    assert NAME in names(api_as(world.outsider).get(URL, {"jurisdiction": "KZ-ALA"}))


def test_a_groups_authority_is_in_its_list_and_not_in_another_groups(world, api_as, own_authority):
    assert own_authority.organization == world.lead and own_authority.created_by == world.member
    assert NAME in names(api_as(world.coordinator).get(URL, EVERY))
    assert NAME not in names(api_as(world.outsider).get(URL, EVERY))
    assert NAME not in names(api_as(world.outsider).get(URL, {"jurisdiction": "KZ-ALA"}))


def test_another_group_cannot_file_an_application_naming_it(world, api_as, own_authority):
    response = api_as(world.outsider).post(
        "/api/v1/applications/",
        {**APPLICATION, "organization": world.other_group.pk, "authority": own_authority.pk},
        format="json",
    )
    assert response.status_code == 400 and "authority" in response.json()
    ours = api_as(world.coordinator).post(
        "/api/v1/applications/",
        {**APPLICATION, "organization": world.lead.pk, "authority": own_authority.pk},
        format="json",
    )
    assert ours.status_code == 201, ours.json()


def test_a_member_of_both_groups_cannot_lend_one_groups_authority_to_the_other(world, api_as, own_authority):
    both = world.coordinator
    MembershipFactory(user=both, organization=world.other_group, role=Membership.Role.COORDINATOR)
    response = api_as(both).post(
        "/api/v1/applications/",
        {**APPLICATION, "organization": world.other_group.pk, "authority": own_authority.pk},
        format="json",
    )
    assert response.status_code == 400 and "authority" in response.json()
    patched = api_as(both).patch(
        f"/api/v1/applications/{world.application.pk}/", {"authority": own_authority.pk}, format="json"
    )
    assert patched.status_code == 200  # its own group's application may


def test_the_application_form_offers_it_to_its_group_only(world, own_authority, login):
    assert own_authority in ApplicationForm(user=world.coordinator).fields["authority"].queryset
    assert own_authority not in ApplicationForm(user=world.outsider).fields["authority"].queryset
    page = login(world.outsider).get(reverse("permits:application_create")).content.decode()
    assert NAME not in page
    response = login(world.outsider).post(
        reverse("permits:application_create"),
        {**APPLICATION, "organization": world.other_group.pk, "authority": own_authority.pk},
    )
    assert response.status_code == 200 and "authority" in response.context["form"].errors
    assert NAME in login(world.coordinator).get(reverse("permits:application_create")).content.decode()


def test_another_group_may_add_the_same_name_for_itself(world, api_as, own_authority):
    response = api_as(world.outsider).post(
        URL, {"name": NAME, "jurisdiction": "KZ-ALA", "organization": world.other_group.pk}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert Authority.objects.filter(name=NAME).count() == 2


def test_publishing_makes_it_shared_unless_the_name_is_taken(world, api_as, own_authority):
    editor = site_editor()
    assert Authority.objects.filter(pk=own_authority.pk).publish(by=editor) == (1, [])
    assert NAME in names(api_as(world.outsider).get(URL, EVERY))
    duplicate = Authority.objects.create(
        name=NAME, jurisdiction=own_authority.jurisdiction, organization=world.lead, review_status="pending"
    )
    assert Authority.objects.filter(pk=duplicate.pk).publish(by=editor) == (0, [duplicate])
