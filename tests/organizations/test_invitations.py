"""Invitations: by email or as a link; single use; they expire; coordinators revoke them."""

import datetime as dt
import re
import smtplib
from unittest import mock

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from organizations.models import Invitation
from tests.factories import PASSWORD, UserFactory, verify_email

pytestmark = pytest.mark.django_db


def invite(client, world, follow=False, **data):
    url = reverse("organizations:invitation_create", args=[world.lead.pk])
    return client.post(url, {"role": "member", **data}, follow=follow)


def accept_path(invitation):
    return reverse("organizations:invitation_accept", args=[invitation.token])


def test_an_email_invitation_sends_the_link_and_the_link_works(client, login, world):
    response = invite(login(world.coordinator), world, email="zhanna@example.org", role="legal")
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["zhanna@example.org"]
    assert "Feminita" in message.subject
    path = re.search(r"http://testserver(/organizations/invitations/\S+/)", message.body).group(1)

    zhanna = verify_email(UserFactory(username="zhanna"))
    client.force_login(zhanna)
    assert "Join Feminita" in client.get(path).content.decode()
    response = client.post(path)
    assert response["Location"] == reverse("organizations:detail", args=[world.lead.pk])
    assert world.lead.role_of(zhanna) == "legal"


def test_an_invitation_to_a_stranger_is_in_the_inviters_language(login, world, settings):
    world.coordinator.language = "ru"
    world.coordinator.save()
    languages_seen = []

    def spy(*args, **kwargs):
        languages_seen.append(translation.get_language())
        return render_to_string(*args, **kwargs)

    with mock.patch("organizations.models.render_to_string", side_effect=spy):
        invite(login(world.coordinator), world, email="zhanna@example.org")
    assert languages_seen == ["ru", "ru"]
    assert len(mail.outbox) == 1


def test_a_link_invitation_sends_no_mail_and_shows_the_link_to_coordinators(login, world):
    client = login(world.coordinator)
    invite(client, world, email="")
    invitation = Invitation.objects.get()
    assert mail.outbox == []
    assert accept_path(invitation) in client.get(reverse("organizations:detail", args=[world.lead.pk])).content.decode()


def test_a_bad_email_address_shows_the_error_and_keeps_the_input(login, world):
    response = invite(login(world.coordinator), world, email="not an email")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a valid email address." in html
    assert 'value="not an email"' in html
    assert not Invitation.objects.exists()


def test_an_unknown_role_in_an_invitation_is_refused(login, world):
    response = invite(login(world.coordinator), world, email="", role="owner")
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_link_works_only_once(client, world):
    invitation = Invitation.objects.create(organization=world.lead, invited_by=world.coordinator)
    first, second = UserFactory(username="first"), UserFactory(username="second")
    client.force_login(first)
    client.post(accept_path(invitation))
    client.force_login(second)
    response = client.get(accept_path(invitation))
    assert response.status_code == 410
    assert "already been used" in response.content.decode()
    response = client.post(accept_path(invitation))
    assert response.status_code == 410
    assert world.lead.role_of(first) == "member"
    assert world.lead.role_of(second) is None


def test_an_expired_link_shows_a_clear_message(client, world):
    invitation = Invitation.objects.create(organization=world.lead, invited_by=world.coordinator)
    later = timezone.now() + dt.timedelta(days=8)
    user = UserFactory(username="late")
    client.force_login(user)
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = client.post(accept_path(invitation))
    assert response.status_code == 410
    assert "has expired" in response.content.decode()
    assert world.lead.role_of(user) is None


def test_an_invitation_whose_expiry_has_passed_cannot_be_accepted(client, world):
    invitation = Invitation.objects.create(
        organization=world.lead, invited_by=world.coordinator, expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    client.force_login(UserFactory(username="late"))
    assert client.get(accept_path(invitation)).status_code == 410


def test_coordinator_revokes_a_pending_invitation_and_its_link_stops_working(client, login, world):
    invitation = Invitation.objects.create(organization=world.lead, email="z@example.org", invited_by=world.coordinator)
    response = login(world.coordinator).post(
        reverse("organizations:invitation_revoke", args=[world.lead.pk, invitation.pk])
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.state == "revoked"

    user = UserFactory(username="zhanna")
    client.force_login(user)
    response = client.post(accept_path(invitation))
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()
    assert world.lead.role_of(user) is None


def test_an_unknown_token_is_a_404_with_a_message(client):
    response = client.get(reverse("organizations:invitation_accept", args=["no-such-token"]))
    assert response.status_code == 404
    assert "not valid" in response.content.decode()


def test_a_visitor_logs_in_and_comes_back_to_accept(client, world):
    invitation = Invitation.objects.create(organization=world.lead, invited_by=world.coordinator)
    html = client.get(accept_path(invitation)).content.decode()
    login_url = f"{reverse('account_login')}?next={accept_path(invitation)}"
    assert login_url in html

    user = UserFactory(username="zhanna", verified_email=True)
    response = client.post(login_url, {"login": "zhanna", "password": PASSWORD})
    assert response["Location"] == accept_path(invitation)
    client.post(accept_path(invitation))
    assert world.lead.role_of(user) == "member"


def test_a_visitor_signs_up_and_comes_back_to_accept(client, world):
    invitation = Invitation.objects.create(organization=world.lead, invited_by=world.coordinator)
    signup_url = f"{reverse('account_signup')}?next={accept_path(invitation)}"
    assert signup_url in client.get(accept_path(invitation)).content.decode()
    response = client.post(
        signup_url,
        {"username": "newbie", "email": "newbie@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    # The address is verified first; confirming it in this browser goes on to the invitation.
    assert response["Location"] == reverse("account_email_verification_sent")
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+)", mail.outbox[-1].body).group(1)
    response = client.post(link)
    assert response["Location"] == accept_path(invitation)
    client.post(accept_path(invitation))
    assert world.lead.role_of(UserFactory(username="newbie")) == "member"


def test_an_anonymous_post_is_sent_to_log_in_and_accepts_nothing(client, world):
    invitation = Invitation.objects.create(organization=world.lead, invited_by=world.coordinator)
    response = client.post(accept_path(invitation))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    invitation.refresh_from_db()
    assert invitation.state == "pending"


def test_an_existing_member_does_not_use_up_the_invitation(client, world):
    invitation = Invitation.objects.create(organization=world.lead, invited_by=world.coordinator, role="coordinator")
    client.force_login(world.member)
    response = client.post(accept_path(invitation))
    assert "already a member" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.state == "pending"
    assert world.lead.role_of(world.member) == "member"


def test_the_pending_invitation_list_is_for_coordinators_only(login, world):
    invitation = Invitation.objects.create(organization=world.lead, invited_by=world.coordinator)
    html = login(world.member).get(reverse("organizations:detail", args=[world.lead.pk])).content.decode()
    assert invitation.token not in html


@pytest.mark.expected_error_log("organizations")
def test_a_mail_outage_keeps_the_invitation_and_says_so(login, world):
    with mock.patch("organizations.models.send_mail", side_effect=smtplib.SMTPException("down")):
        response = invite(login(world.coordinator), world, email="zhanna@example.org", follow=True)
    assert response.status_code == 200
    assert "could not be sent" in response.content.decode()
    assert Invitation.objects.get().state == "pending"


# --- an emailed invitation is bound to its address (issue 12) ----------------------------------------


def test_an_emailed_invitation_is_refused_to_another_account_and_stays_usable(client, login, world):
    invite(login(world.coordinator), world, email="zhanna@example.org", role="coordinator")
    invitation = Invitation.objects.get(email="zhanna@example.org")
    stranger = verify_email(UserFactory(username="stranger"))  # holds the forwarded link
    client.force_login(stranger)
    page = client.get(accept_path(invitation))
    assert page.status_code == 200
    assert "another email address" in page.content.decode()
    assert client.post(accept_path(invitation)).status_code == 403
    assert world.lead.role_of(stranger) is None
    invitation.refresh_from_db()
    assert invitation.state == "pending"


def test_an_emailed_invitation_needs_the_address_verified_not_just_typed(client, login, world):
    invite(login(world.coordinator), world, email="zhanna@example.org")
    invitation = Invitation.objects.get(email="zhanna@example.org")
    # An attacker signs up with the invited address but cannot confirm it.
    squatter = UserFactory(username="squatter", email="ZHANNA@example.org")
    client.force_login(squatter)
    assert client.post(accept_path(invitation)).status_code == 403
    assert world.lead.role_of(squatter) is None
    verify_email(squatter)  # once she proves she reads that mailbox, the address is hers
    assert client.post(accept_path(invitation)).status_code == 302
    assert world.lead.role_of(squatter) == "member"


def test_an_invitation_by_username_shows_on_the_invitees_groups_page(client, login, world):
    login(world.coordinator).post(
        reverse("organizations:member_add", args=[world.lead.pk]), {"username": "aigerim", "role": "member"}
    )
    client.force_login(verify_email(world.co_member))
    page = client.get(reverse("organizations:list")).content.decode()
    assert "Invitations for you" in page and "Feminita" in page
    assert world.lead.role_of(world.co_member) is None


def test_an_address_typed_but_not_confirmed_shows_no_invitation_sent_to_it(client, login, world):
    from allauth.account.models import EmailAddress

    invite(login(world.coordinator), world, email="lawyer-not-yet-on-ruqsat@example.org")
    squatter = UserFactory(username="squatter")
    EmailAddress.objects.create(user=squatter, email="lawyer-not-yet-on-ruqsat@example.org", verified=False)
    client.force_login(squatter)
    page = client.get(reverse("organizations:list")).content.decode()
    assert "Invitations for you" not in page and "Feminita" not in page
