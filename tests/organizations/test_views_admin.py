"""The admin for groups, memberships and invitations."""

import pytest
from django.urls import reverse

from organizations.models import Invitation, Membership
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(
    ("url_name", "query"),
    [
        ("admin:organizations_organization_changelist", {"q": "Femi", "kind__exact": "group"}),
        ("admin:organizations_membership_changelist", {"q": "asel", "role__exact": "coordinator"}),
        ("admin:organizations_invitation_changelist", {"q": "z@example.org", "state": "pending"}),
    ],
)
def test_changelists_search_and_filter(admin_client, world, url_name, query):
    Invitation.objects.create(organization=world.lead, email="z@example.org", invited_by=world.coordinator)
    response = admin_client.get(reverse(url_name), query)
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


def test_organization_page_lists_members_inline(admin_client, world):
    html = admin_client.get(reverse("admin:organizations_organization_change", args=[world.lead.pk])).content.decode()
    assert "memberships-TOTAL_FORMS" in html
    assert str(world.member) in html


@pytest.mark.parametrize("state", ["pending", "accepted", "revoked", "expired"])
def test_invitation_state_filter_renders(admin_client, world, state):
    assert admin_client.get(reverse("admin:organizations_invitation_changelist"), {"state": state}).status_code == 200


def test_revoke_action_revokes_only_pending_invitations(admin_client, world):
    pending = Invitation.objects.create(organization=world.lead, invited_by=world.coordinator)
    used = Invitation.objects.create(organization=world.lead, invited_by=world.coordinator)
    used.accept(UserFactory())
    admin_client.post(
        reverse("admin:organizations_invitation_changelist"),
        {"action": "revoke_selected", "_selected_action": [pending.pk, used.pk]},
    )
    pending.refresh_from_db()
    used.refresh_from_db()
    assert (pending.state, used.state) == ("revoked", "accepted")


def test_admin_cannot_demote_the_last_coordinator(admin_client, world):
    membership = Membership.objects.get(organization=world.lead, user=world.coordinator)
    url = reverse("admin:organizations_membership_change", args=[membership.pk])
    response = admin_client.post(url, {"user": world.coordinator.pk, "organization": world.lead.pk, "role": "member"})
    assert response.status_code == 200
    assert "needs at least one coordinator" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == "coordinator"


def test_admin_add_invitation_form_has_a_default_expiry(admin_client, world):
    response = admin_client.get(reverse("admin:organizations_invitation_add"))
    assert response.status_code == 200
    assert response.context["adminform"].form.initial["expires_at"]
