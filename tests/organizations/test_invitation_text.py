"""The role reads in lower case in the middle of a sentence — in the invitation email, on the
invitation page, and in the message after a role change — one whole sentence per role, so that
Russian and Kazakh can decline it."""

import re

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from organizations.models import Invitation
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROLES = [("coordinator", "a coordinator"), ("member", "a member"), ("legal", "a legal volunteer")]


def invite(client, world, role):
    url = reverse("organizations:invitation_create", args=[world.lead.pk])
    return client.post(url, {"role": role, "email": f"{role}@example.org"})


@pytest.mark.parametrize(("role", "as_words"), ROLES)
def test_the_invitation_email_names_the_role_in_lower_case(login, world, role, as_words):
    world.coordinator.first_name, world.coordinator.last_name = "Dana", "O'Brien"
    world.coordinator.save()
    invite(login(world.coordinator), world, role)
    [message] = mail.outbox
    inviter = world.coordinator.display_name
    assert f"{inviter} invites you to join Feminita on Ruqsat as {as_words}." in message.body
    assert "&#x27;" not in message.body  # a plain-text email: the name is not HTML-escaped
    assert not re.search(r"as (Coordinator|Member|Legal volunteer)\b", message.body)


@pytest.mark.parametrize(("role", "as_words"), ROLES)
def test_the_invitation_page_names_the_role_in_lower_case(client, world, role, as_words):
    invitation = Invitation.objects.create(organization=world.lead, role=role, invited_by=world.coordinator)
    client.force_login(UserFactory(username="zhanna"))
    page = client.get(reverse("organizations:invitation_accept", args=[invitation.token])).content.decode()
    assert f"{world.coordinator.display_name} invites you to join as {as_words}." in page
    Invitation.objects.filter(pk=invitation.pk).update(invited_by=None)
    page = client.get(reverse("organizations:invitation_accept", args=[invitation.token])).content.decode()
    assert f"You are invited to join as {as_words}." in page


@pytest.mark.parametrize(("role", "as_words"), [("coordinator", "a coordinator"), ("legal", "a legal volunteer")])
def test_after_a_role_change_the_message_names_the_role_in_lower_case(login, world, role, as_words):
    membership = world.lead.memberships.get(user=world.member)
    url = reverse("organizations:member_role", args=[world.lead.pk, membership.pk])
    response = login(world.coordinator).post(url, {"role": role})
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message == f"{world.member.display_name} is now {as_words}."
