"""Co-organizing by consent (issue 12): naming a group a co-organizer asks its coordinators; the
application reaches that group's dashboard, calendar and reminders only once one of them accepts."""

import pytest
from django.urls import reverse

from organizations.models import Membership
from permits.models import CoOrganizerInvitation, PermitApplication
from reminders.recipients import ApplicationPeople
from tests.factories import AuthorityFactory, MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/applications/"
INVITATIONS = "/api/v1/co-organizer-invitations/"


@pytest.fixture
def mallory(world):
    """A plain member of KazFem, turned hostile: she leads a group of her own."""
    user = UserFactory(username="mallory")
    MembershipFactory(user=user, organization=world.co_group, role=Membership.Role.MEMBER)
    own = OrganizationFactory(name="Mallory's front")
    MembershipFactory(user=user, organization=own, role=Membership.Role.COORDINATOR)
    user.own_group = own
    return user


@pytest.fixture
def kazfem_coordinator(world):
    user = UserFactory(username="kazfem-lead")
    MembershipFactory(user=user, organization=world.co_group, role=Membership.Role.COORDINATOR)
    return user


def post_application(client, lead, co_organizers):
    body = {
        "title": "Front's picket",
        "event_type": "picket",
        "organization": lead.pk,
        "co_organizers": [group.pk for group in co_organizers],
        "starts_at": "2030-03-08T11:00:00+06:00",
        "ends_at": "2030-03-08T13:00:00+06:00",
        "location": "Republic Square",
        "authority": AuthorityFactory().pk,
        "filed_on": "2025-02-01",  # a day that has come: a date still to come is refused
    }
    return client.post(URL, body, format="json")


def test_a_member_cannot_put_her_groups_name_on_a_strangers_application(
    api_as, world, mallory, kazfem_coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_application(api_as(mallory), mallory.own_group, [world.co_group])
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["co_organizers"], body["pending_co_organizers"]) == ([], [world.co_group.pk])
    application = PermitApplication.objects.get(pk=body["id"])
    # Nothing reaches KazFem's people until a coordinator of KazFem says yes.
    assert not PermitApplication.objects.visible_to(world.co_member).filter(pk=application.pk).exists()
    assert world.co_member.pk not in ApplicationPeople.of(application).everyone
    assert application.title not in api_as(world.co_member).get(URL).content.decode()
    # Its coordinators are asked by email, which names the asking group but not the plans.
    assert [m.to for m in mailoutbox] == [[kazfem_coordinator.email]]
    assert "Mallory's front" in mailoutbox[0].subject
    assert application.title not in mailoutbox[0].body


def test_a_coordinator_of_the_invited_group_accepts_on_the_page(client, api_as, world, mallory, kazfem_coordinator):
    post_application(api_as(mallory), mallory.own_group, [world.co_group])
    invitation = CoOrganizerInvitation.objects.get()
    client.force_login(kazfem_coordinator)
    page = client.get(invitation.get_absolute_url())
    assert page.status_code == 200 and "Front&#x27;s picket" in page.content.decode()
    response = client.post(invitation.get_absolute_url(), {"answer": "accept"})
    assert response["Location"] == reverse("permits:application_detail", args=[invitation.application_id])
    assert list(invitation.application.co_organizers.all()) == [world.co_group]
    assert PermitApplication.objects.visible_to(world.co_member).filter(pk=invitation.application_id).exists()
    assert world.co_member.pk in ApplicationPeople.of(invitation.application).everyone
    # Used once: a second answer changes nothing.
    assert client.post(invitation.get_absolute_url(), {"answer": "decline"}).status_code == 410


def test_declining_keeps_the_group_off_the_application(client, api_as, world, mallory, kazfem_coordinator):
    post_application(api_as(mallory), mallory.own_group, [world.co_group])
    invitation = CoOrganizerInvitation.objects.get()
    client.force_login(kazfem_coordinator)
    response = client.post(invitation.get_absolute_url(), {"answer": "decline"})
    assert response["Location"] == reverse("organizations:detail", args=[world.co_group.pk])
    assert not invitation.application.co_organizers.exists()
    assert api_as(mallory).get(f"{URL}{invitation.application_id}/").json()["pending_co_organizers"] == []


def test_only_a_coordinator_of_the_invited_group_reaches_the_request(client, api_as, world, mallory):
    post_application(api_as(mallory), mallory.own_group, [world.co_group])
    invitation = CoOrganizerInvitation.objects.get()
    assert client.get(invitation.get_absolute_url())["Location"].startswith(reverse("account_login"))
    for person in (world.co_member, mallory, world.coordinator, world.outsider):
        client.force_login(person)
        assert client.get(invitation.get_absolute_url()).status_code == 404, person
        assert client.post(invitation.get_absolute_url(), {"answer": "accept"}).status_code == 404, person
        api = api_as(person)
        assert api.post(f"{INVITATIONS}{invitation.pk}/accept/").status_code == 404, person
        assert api.get(f"{INVITATIONS}{invitation.pk}/").status_code == 404, person
    assert not invitation.application.co_organizers.exists()


def test_the_coordinators_answer_through_the_api(api_as, world, mallory, kazfem_coordinator):
    post_application(api_as(mallory), mallory.own_group, [world.co_group])
    client = api_as(kazfem_coordinator)
    listed = client.get(INVITATIONS).json()
    assert [(i["lead"], i["organization"], i["state"]) for i in listed["results"]] == [
        ("Mallory's front", world.co_group.pk, "pending")
    ]
    pk = listed["results"][0]["id"]
    response = client.post(f"{INVITATIONS}{pk}/decline/")
    assert response.status_code == 200 and response.json()["state"] == "revoked"
    assert client.post(f"{INVITATIONS}{pk}/accept/").status_code == 400
    assert client.get(INVITATIONS).json()["count"] == 0


def test_accepting_through_the_api_makes_the_group_a_co_organizer(api_as, world, mallory, kazfem_coordinator):
    created = post_application(api_as(mallory), mallory.own_group, [world.co_group]).json()
    pk = CoOrganizerInvitation.objects.get().pk
    response = api_as(kazfem_coordinator).post(f"{INVITATIONS}{pk}/accept/")
    assert response.status_code == 200 and response.json()["state"] == "accepted"
    body = api_as(mallory).get(f"{URL}{created['id']}/").json()
    assert (body["co_organizers"], body["pending_co_organizers"]) == ([world.co_group.pk], [])


def test_a_group_the_author_coordinates_joins_at_once(api_as, world, mallory):
    response = post_application(api_as(world.coordinator), world.lead, [])
    assert response.status_code == 201
    other = OrganizationFactory(name="Asel's second group")
    MembershipFactory(user=world.coordinator, organization=other, role=Membership.Role.COORDINATOR)
    patched = api_as(world.coordinator).patch(
        f"{URL}{response.json()['id']}/", {"co_organizers": [other.pk]}, format="json"
    )
    assert (patched.json()["co_organizers"], patched.json()["pending_co_organizers"]) == ([other.pk], [])
    assert not CoOrganizerInvitation.objects.exists()


def test_leaving_a_pending_group_out_withdraws_the_request_and_naming_it_again_asks_once(api_as, world, mallory):
    client = api_as(mallory)
    created = post_application(client, mallory.own_group, [world.co_group]).json()
    url = f"{URL}{created['id']}/"
    assert client.patch(url, {"co_organizers": [world.co_group.pk]}, format="json").status_code == 200
    assert CoOrganizerInvitation.objects.open().count() == 1  # sending the list back asks nobody twice
    assert client.patch(url, {"co_organizers": []}, format="json").json()["pending_co_organizers"] == []
    assert CoOrganizerInvitation.objects.get().state == "revoked"


def test_a_group_the_author_does_not_belong_to_reads_like_no_group(api_as, world, mallory):
    response = post_application(api_as(mallory), mallory.own_group, [world.other_group])
    assert response.status_code == 400
    assert "co_organizers" in response.json()
    assert not CoOrganizerInvitation.objects.exists()


def test_the_group_page_shows_requests_to_its_coordinators(client, api_as, world, mallory, kazfem_coordinator):
    post_application(api_as(mallory), mallory.own_group, [world.co_group])
    client.force_login(kazfem_coordinator)
    page = client.get(reverse("organizations:detail", args=[world.co_group.pk])).content.decode()
    assert "Requests to co-organize" in page and CoOrganizerInvitation.objects.get().get_absolute_url() in page
