"""The model verbs the group pages call."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from organizations.models import Invitation, Organization
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_create_with_coordinator_makes_the_creator_its_coordinator(db):
    creator = UserFactory()
    organization = Organization.create_with_coordinator(creator=creator, name="New group")
    assert organization.role_of(creator) == "coordinator"


def test_invitation_state_follows_its_life(world):
    invitation = Invitation.objects.create(organization=world.lead, invited_by=world.coordinator)
    assert invitation.state == "pending"
    invitation.expires_at = timezone.now() - dt.timedelta(seconds=1)
    assert invitation.state == "expired"
    invitation.expires_at = timezone.now() + dt.timedelta(days=1)
    invitation.revoke()
    assert invitation.state == "revoked"

    accepted = Invitation.objects.create(organization=world.lead, invited_by=world.coordinator)
    accepted.accept(UserFactory())
    assert accepted.state == "accepted"
    with pytest.raises(ValidationError):
        accepted.accept(UserFactory())
