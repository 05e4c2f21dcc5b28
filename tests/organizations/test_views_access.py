"""Outsiders get 404 on every URL of a group, whatever the method, and nothing changes."""

import pytest
from django.urls import reverse

from organizations.models import Invitation, Membership

pytestmark = pytest.mark.django_db


def group_urls(world):
    membership = Membership.objects.get(organization=world.lead, user=world.member)
    invitation = Invitation.objects.create(organization=world.lead, email="x@example.org", invited_by=world.coordinator)
    pk = world.lead.pk
    return [
        reverse("organizations:detail", args=[pk]),
        reverse("organizations:edit", args=[pk]),
        reverse("organizations:leave", args=[pk]),
        reverse("organizations:member_add", args=[pk]),
        reverse("organizations:member_role", args=[pk, membership.pk]),
        reverse("organizations:member_remove", args=[pk, membership.pk]),
        reverse("organizations:invitation_create", args=[pk]),
        reverse("organizations:invitation_revoke", args=[pk, invitation.pk]),
    ]


@pytest.mark.parametrize("who", ["outsider", "co_member"])
def test_outsider_gets_404_on_every_group_url(login, world, who):
    client = login(getattr(world, who))
    data = {"username": who, "role": "coordinator", "name": "Taken", "kind": "ngo", "email": "o@example.org"}
    for url in group_urls(world):
        for method in ("get", "post", "put", "patch", "delete"):
            response = getattr(client, method)(url, data) if method == "post" else getattr(client, method)(url)
            assert response.status_code == 404, (method, url, response.status_code)
    world.lead.refresh_from_db()
    assert world.lead.name == "Feminita"
    assert world.lead.memberships.count() == 3
    assert world.lead.invitations.get().state == "pending"
    assert world.lead.invitations.count() == 1


def test_anonymous_visitor_is_sent_to_log_in_from_every_group_url(client, world):
    for url in group_urls(world):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    for url in group_urls(world):
        assert client.post(url).status_code == 302
    assert world.lead.memberships.count() == 3
