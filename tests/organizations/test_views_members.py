"""Coordinators add members by username, change roles and remove members; nobody else can."""

import pytest
from django.urls import reverse

from organizations.models import Membership
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def membership_of(world, user):
    return Membership.objects.get(organization=world.lead, user=user)


def add_url(world):
    return reverse("organizations:member_add", args=[world.lead.pk])


def role_url(world, user):
    return reverse("organizations:member_role", args=[world.lead.pk, membership_of(world, user).pk])


def remove_url(world, user):
    return reverse("organizations:member_remove", args=[world.lead.pk, membership_of(world, user).pk])


def test_adding_a_member_by_username_sends_an_invitation_and_enlists_nobody(login, world):
    newcomer = UserFactory(username="zhanna")
    response = login(world.coordinator).post(add_url(world), {"username": "Zhanna", "role": "legal"}, follow=True)
    assert response.status_code == 200
    assert world.lead.role_of(newcomer) is None
    invitation = world.lead.invitations.get()
    assert (invitation.email, invitation.role) == (newcomer.email, "legal")
    html = response.content.decode()
    assert newcomer.first_name not in html and newcomer.email not in html


def test_an_unknown_username_answers_like_a_known_one(login, world):
    client = login(world.coordinator)
    UserFactory(username="zhanna")
    known = client.post(add_url(world), {"username": "zhanna", "role": "member"}, follow=True)
    unknown = client.post(add_url(world), {"username": "nobody-here", "role": "member"}, follow=True)
    assert known.status_code == unknown.status_code == 200

    def said(response):
        return [str(m).replace("nobody-here", "zhanna") for m in response.context["messages"]]

    assert said(known) == said(unknown)
    assert "Nobody on Ruqsat" not in unknown.content.decode()
    assert world.lead.memberships.count() == 3


def test_adding_an_existing_member_or_an_unknown_role_is_refused(login, world):
    client = login(world.coordinator)
    response = client.post(add_url(world), {"username": "dana", "role": "member"})
    assert "already a member" in response.content.decode()
    UserFactory(username="zhanna")
    response = client.post(add_url(world), {"username": "zhanna", "role": "owner"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert world.lead.memberships.count() == 3


def test_coordinator_changes_a_role(login, world):
    response = login(world.coordinator).post(role_url(world, world.member), {"role": "coordinator"})
    assert response.status_code == 302
    assert world.lead.role_of(world.member) == "coordinator"


def test_an_unknown_role_code_changes_nothing(login, world):
    response = login(world.coordinator).post(role_url(world, world.member), {"role": "boss"}, follow=True)
    assert "Pick one of the roles" in response.content.decode()
    assert world.lead.role_of(world.member) == "member"


def test_the_last_coordinator_cannot_be_demoted(login, world):
    response = login(world.coordinator).post(role_url(world, world.coordinator), {"role": "member"}, follow=True)
    assert "needs at least one coordinator" in response.content.decode()
    assert world.lead.role_of(world.coordinator) == "coordinator"


def test_coordinator_removes_a_member_after_confirming(login, world):
    client = login(world.coordinator)
    url = remove_url(world, world.member)
    assert client.get(url).status_code == 200
    assert world.lead.role_of(world.member) == "member"
    assert client.post(url).status_code == 302
    assert world.lead.role_of(world.member) is None


def test_the_last_coordinator_cannot_be_removed(login, world):
    response = login(world.coordinator).post(remove_url(world, world.coordinator), follow=True)
    assert "needs at least one coordinator" in response.content.decode()
    assert world.lead.role_of(world.coordinator) == "coordinator"


def test_a_membership_of_another_group_is_404_through_this_group(login, world):
    other = Membership.objects.get(organization=world.other_group, user=world.outsider)
    client = login(world.coordinator)
    for name in ("organizations:member_role", "organizations:member_remove"):
        response = client.post(reverse(name, args=[world.lead.pk, other.pk]), {"role": "member"})
        assert response.status_code == 404
    assert world.other_group.role_of(world.outsider) == "coordinator"


@pytest.mark.parametrize("who", ["member", "legal"])
def test_members_without_the_role_get_403_on_management_and_nothing_changes(login, world, who):
    UserFactory(username="zhanna")
    client = login(getattr(world, who))
    responses = [
        client.post(add_url(world), {"username": "zhanna", "role": "member"}),
        client.post(role_url(world, world.coordinator), {"role": "member"}),
        client.post(role_url(world, getattr(world, who)), {"role": "coordinator"}),
        client.post(remove_url(world, world.coordinator)),
        client.get(remove_url(world, world.coordinator)),
        client.post(reverse("organizations:invitation_create", args=[world.lead.pk]), {"email": "", "role": "member"}),
    ]
    assert [response.status_code for response in responses] == [403] * len(responses)
    assert sorted(world.lead.memberships.values_list("user__username", "role")) == [
        ("asel", "coordinator"),
        ("dana", "member"),
        ("lawyer", "legal"),
    ]
    assert not world.lead.invitations.exists()


def test_management_urls_refuse_get_for_coordinators(login, world):
    client = login(world.coordinator)
    assert client.get(add_url(world)).status_code == 405
    assert client.get(role_url(world, world.member)).status_code == 405
