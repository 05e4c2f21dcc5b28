"""My groups, creating a group, and the group page as coordinators, members and outsiders see it."""

import pytest
from django.urls import reverse

from organizations.models import Membership, Organization
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def detail_url(organization):
    return reverse("organizations:detail", args=[organization.pk])


def test_list_shows_only_my_groups_with_my_role(login, world):
    html = login(world.member).get(reverse("organizations:list")).content.decode()
    assert "Feminita" in html
    assert "KazFem" not in html
    assert "Elsewhere" not in html
    assert "Member" in html


def test_list_asks_anonymous_visitors_to_log_in(client):
    response = client.get(reverse("organizations:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_user_creates_a_group_and_becomes_its_coordinator(login):
    user = UserFactory(username="zhanna")
    client = login(user)
    response = client.post(reverse("organizations:create"), {"name": "Almaty Women", "kind": "initiative", "city": ""})
    organization = Organization.objects.get(name="Almaty Women")
    assert response.status_code == 302
    assert response["Location"] == detail_url(organization)
    assert organization.memberships.get().user == user
    assert organization.is_coordinator(user)


def test_creating_a_group_without_a_name_or_with_an_unknown_kind_shows_errors(login):
    client = login(UserFactory())
    response = client.post(reverse("organizations:create"), {"name": "", "kind": "cult", "city": "Typed city"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "This field is required." in html
    assert "Select a valid choice" in html
    assert 'value="Typed city"' in html
    assert not Organization.objects.exists()


def test_coordinator_sees_management_controls(login, world):
    html = login(world.coordinator).get(detail_url(world.lead)).content.decode()
    for name in ("asel", "dana", "lawyer"):
        assert f"@{name}" in html
    assert reverse("organizations:member_add", args=[world.lead.pk]) in html
    assert reverse("organizations:invitation_create", args=[world.lead.pk]) in html
    assert reverse("organizations:edit", args=[world.lead.pk]) in html


@pytest.mark.parametrize("who", ["member", "legal"])
def test_a_member_without_the_role_sees_members_but_no_controls(login, world, who):
    response = login(getattr(world, who)).get(detail_url(world.lead))
    assert response.status_code == 200
    html = response.content.decode()
    assert "@asel" in html
    assert reverse("organizations:member_add", args=[world.lead.pk]) not in html
    assert reverse("organizations:invitation_create", args=[world.lead.pk]) not in html
    assert "/role/" not in html
    assert "/remove/" not in html
    assert reverse("organizations:leave", args=[world.lead.pk]) in html


def test_coordinator_edits_the_group(login, world):
    client = login(world.coordinator)
    response = client.post(
        reverse("organizations:edit", args=[world.lead.pk]), {"name": "Feminita KZ", "kind": "ngo", "city": "Almaty"}
    )
    assert response.status_code == 302
    world.lead.refresh_from_db()
    assert (world.lead.name, world.lead.kind) == ("Feminita KZ", "ngo")


def test_a_member_cannot_edit_the_group(login, world):
    response = login(world.member).post(
        reverse("organizations:edit", args=[world.lead.pk]), {"name": "Hijacked", "kind": "ngo", "city": ""}
    )
    assert response.status_code == 403
    world.lead.refresh_from_db()
    assert world.lead.name == "Feminita"


def test_a_member_leaves_after_confirming(login, world):
    client = login(world.member)
    url = reverse("organizations:leave", args=[world.lead.pk])
    assert client.get(url).status_code == 200
    assert Membership.objects.filter(user=world.member, organization=world.lead).exists()
    response = client.post(url)
    assert response["Location"] == reverse("organizations:list")
    assert not Membership.objects.filter(user=world.member, organization=world.lead).exists()
    assert client.get(detail_url(world.lead)).status_code == 404


def test_the_last_coordinator_cannot_leave(login, world):
    client = login(world.coordinator)
    response = client.post(reverse("organizations:leave", args=[world.lead.pk]), follow=True)
    assert "needs at least one coordinator" in response.content.decode()
    assert world.lead.is_coordinator(world.coordinator)


def test_a_coordinator_can_leave_when_another_remains(login, world):
    Membership.objects.filter(user=world.member, organization=world.lead).update(role="coordinator")
    login(world.coordinator).post(reverse("organizations:leave", args=[world.lead.pk]))
    assert world.lead.role_of(world.coordinator) is None
