"""Inviting a volunteer to one appeal by email (issue 5): the link goes out, whoever accepts it is
assigned to that appeal — that case and nothing else of the group, no membership — until a
coordinator removes them; the link works once, expires and can be revoked; only coordinators invite."""

import datetime as dt
import re
import smtplib
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from appeals.models import AppealInvitation, AppealVolunteer
from appeals.volunteers import appeal_invitation_revoke, appeal_invite_and_send, appeal_invite_volunteer
from organizations.models import Membership
from tests.appeals.conftest import assign_by_invitation
from tests.factories import PASSWORD, PermitApplicationFactory, UserFactory, verify_email

pytestmark = pytest.mark.django_db

APPEALS = "/api/v1/appeals/"


def url(name, appeal, *args):
    return reverse(f"appeals:{name}", args=[appeal.pk, *args])


def accept_path(invitation):
    return reverse("appeals:invitation_accept", args=[invitation.token])


def invite(client, appeal, email, follow=False):
    return client.post(url("invitation_create", appeal), {"email": email}, follow=follow)


@pytest.fixture
def lawyer(db):
    """Someone in no group at all: only an invitation can bring her to the case."""
    return verify_email(UserFactory(username="zhanna", email="zhanna@example.org"))


@pytest.fixture
def invitation(world, appeal):
    return appeal_invite_volunteer(appeal=appeal, email="zhanna@example.org", by=world.coordinator)


# --- the whole journey --------------------------------------------------------------------------------------


def test_an_invited_lawyer_in_no_group_sees_that_case_only_until_removed(world, appeal, lawyer):
    another = PermitApplicationFactory(organization=world.lead, title="The group's other plans")
    coordinator, client = Client(), Client()
    coordinator.force_login(world.coordinator)
    response = invite(coordinator, appeal, "zhanna@example.org", follow=True)
    assert "Invitation sent to zhanna@example.org." in response.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["zhanna@example.org"]
    assert "Feminita" in message.subject
    link = re.search(r"(https?://\S+/appeals/invitations/\S+/)", message.body).group(1)
    assert link.startswith(settings.SITE_URL.rstrip("/"))  # absolute, to the site's address
    assert world.application.title not in message.body  # a mistyped address learns nothing of the plans
    path = link.removeprefix(settings.SITE_URL.rstrip("/"))

    client.force_login(lawyer)
    assert client.get(url("workspace", appeal)).status_code == 404
    page = client.get(path).content.decode()
    assert "Work on an appeal" in page and "Accept as" in page
    response = client.post(path)
    assert response["Location"] == url("workspace", appeal)
    assert client.get(url("workspace", appeal)).status_code == 200
    assert client.get(reverse("permits:application_detail", args=[world.application.pk])).status_code == 200
    assert client.get(reverse("permits:application_detail", args=[another.pk])).status_code == 404
    assert not Membership.objects.filter(user=lawyer).exists()
    assert AppealVolunteer.objects.get(appeal=appeal, user=lawyer).assigned_by == world.coordinator

    assert coordinator.post(url("volunteer_remove", appeal, "zhanna")).status_code == 302
    assert client.get(url("workspace", appeal)).status_code == 404
    assert client.get(reverse("permits:application_detail", args=[world.application.pk])).status_code == 404


def test_the_coordinator_sees_pending_invitations_with_their_link_and_others_do_not(login, world, appeal, invitation):
    page = login(world.coordinator).get(url("workspace", appeal)).content.decode()
    assert "Invite by email" in page and "zhanna@example.org" in page and accept_path(invitation) in page
    for person in (world.member, world.legal, world.co_member):
        page = login(person).get(url("workspace", appeal)).content.decode()
        assert "zhanna@example.org" not in page and invitation.token not in page and "Invite by email" not in page


def test_an_invited_volunteer_can_be_kept_when_the_api_sets_the_volunteers(world, appeal, invitation, lawyer, api_as):
    invitation.accept(lawyer)
    response = api_as(world.coordinator).patch(f"{APPEALS}{appeal.pk}/", {"volunteers": ["zhanna"]}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["volunteers"] == ["zhanna"]


# --- the link: once, until it expires or is revoked ---------------------------------------------------------


def test_a_link_works_only_once(client, appeal, invitation, lawyer):
    second = UserFactory(username="second")
    client.force_login(lawyer)
    client.post(accept_path(invitation))
    client.force_login(second)
    for response in (client.get(accept_path(invitation)), client.post(accept_path(invitation))):
        assert response.status_code == 410
        assert "already been used" in response.content.decode()
    assert list(appeal.volunteers.all()) == [lawyer]


def test_the_link_opened_again_by_whoever_accepted_it_leads_to_the_appeal(client, appeal, invitation, lawyer):
    client.force_login(lawyer)
    client.post(accept_path(invitation))
    response = client.get(accept_path(invitation))
    assert response.status_code == 200
    assert "You accepted this invitation" in response.content.decode()
    assert url("workspace", appeal) in response.content.decode()


def test_an_expired_link_shows_a_clear_message_and_assigns_nobody(client, appeal, invitation, lawyer):
    client.force_login(lawyer)
    later = timezone.now() + dt.timedelta(days=8)
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = client.post(accept_path(invitation))
    assert response.status_code == 410
    assert "has expired" in response.content.decode()
    assert not appeal.volunteers.exists()


def test_a_revoked_link_says_it_was_withdrawn(client, login, world, appeal, invitation, lawyer):
    response = login(world.coordinator).post(url("invitation_revoke", appeal, invitation.pk), follow=True)
    assert "Invitation revoked: its link no longer works." in response.content.decode()
    assert "zhanna@example.org" not in response.content.decode()  # no longer listed as pending
    client.force_login(lawyer)
    response = client.post(accept_path(invitation))
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()
    assert not appeal.volunteers.exists()


def test_an_unknown_token_is_a_404_with_a_message(client):
    response = client.get(reverse("appeals:invitation_accept", args=["no-such-token"]))
    assert response.status_code == 404
    assert "not valid" in response.content.decode()


def test_inviting_the_same_address_again_replaces_the_pending_invitation(login, world, appeal, invitation):
    invite(login(world.coordinator), appeal, "Zhanna@Example.org")
    assert appeal.invitations.pending().count() == 1
    invitation.refresh_from_db()
    assert invitation.state == "revoked"  # the first link no longer works; the new one does
    assert len(mail.outbox) == 1


def test_someone_already_assigned_does_not_use_up_the_link(client, world, appeal, invitation, volunteer):
    assign_by_invitation(appeal=appeal, username="gulnar", by=world.coordinator)
    client.force_login(volunteer)
    response = client.post(accept_path(invitation))
    assert "already assigned to this appeal" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.state == "pending"


# --- a visitor logs in or signs up on the way ---------------------------------------------------------------


def test_a_visitor_logs_in_and_comes_back_to_accept(client, appeal, invitation, lawyer):
    html = client.get(accept_path(invitation)).content.decode()
    login_url = f"{reverse('account_login')}?next={accept_path(invitation)}"
    assert login_url in html
    verify_email(lawyer)  # log-in through the form needs a verified address
    response = client.post(login_url, {"login": "zhanna", "password": PASSWORD})
    assert response["Location"] == accept_path(invitation)
    client.post(accept_path(invitation))
    assert list(appeal.volunteers.all()) == [lawyer]


def test_a_visitor_signs_up_confirms_the_invited_address_and_comes_back_to_accept(client, appeal, invitation):
    signup_url = f"{reverse('account_signup')}?next={accept_path(invitation)}"
    assert signup_url in client.get(accept_path(invitation)).content.decode()
    mail.outbox.clear()
    response = client.post(
        signup_url,
        {"username": "newbie", "email": "Zhanna@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    # The invited address is verified first (no log-in before it); confirming it in this browser
    # goes on to the invitation, which the now verified address may accept.
    assert response["Location"] == reverse("account_email_verification_sent")
    assert not appeal.volunteers.exists()
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+)", mail.outbox[-1].body).group(1)
    response = client.post(link)
    assert response["Location"] == accept_path(invitation)
    assert client.post(accept_path(invitation)).status_code == 302
    assert list(appeal.volunteers.values_list("username", flat=True)) == ["newbie"]


def test_another_account_holding_the_link_is_refused_and_the_link_stays_usable(client, appeal, invitation, lawyer):
    holder = verify_email(UserFactory(username="holder"))  # a forwarded email, a shared device
    client.force_login(holder)
    page = client.get(accept_path(invitation))
    assert page.status_code == 200 and "another email address" in page.content.decode()
    assert client.post(accept_path(invitation)).status_code == 403
    with pytest.raises(ValidationError):
        invitation.accept(holder)
    assert not appeal.volunteers.exists()
    client.force_login(lawyer)
    assert client.post(accept_path(invitation)).status_code == 302
    assert list(appeal.volunteers.all()) == [lawyer]


def test_an_anonymous_post_is_sent_to_log_in_and_accepts_nothing(client, invitation):
    response = client.post(accept_path(invitation))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    invitation.refresh_from_db()
    assert invitation.state == "pending"


# --- who may invite -----------------------------------------------------------------------------------------


def test_only_coordinators_of_the_lead_group_invite_and_revoke(login, world, appeal, invitation, volunteer):
    AppealVolunteer.objects.create(appeal=appeal, user=volunteer, assigned_by=world.coordinator)
    for person in (world.member, world.legal, world.co_member, volunteer):
        client = login(person)
        assert invite(client, appeal, "other@example.org").status_code == 403, person
        assert client.post(url("invitation_revoke", appeal, invitation.pk)).status_code == 403, person
    client = login(world.outsider)
    assert invite(client, appeal, "other@example.org").status_code == 404
    assert client.post(url("invitation_revoke", appeal, invitation.pk)).status_code == 404
    with pytest.raises(PermissionDenied):
        appeal_invite_volunteer(appeal=appeal, email="other@example.org", by=world.member)
    assert list(AppealInvitation.objects.values_list("email", "revoked_at")) == [("zhanna@example.org", None)]
    assert mail.outbox == []


# --- bad input ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("", "Type the email address of the person you invite."),
        ("zhanna at example", "“zhanna at example” is not an email address: check it for typos."),
        ("zhanna@", "“zhanna@” is not an email address"),
    ],
)
def test_a_bad_address_shows_the_error_and_keeps_what_was_typed(login, world, appeal, typed, error):
    response = invite(login(world.coordinator), appeal, typed)
    assert response.status_code == 400
    html = response.content.decode()
    assert error in html
    assert f'name="email" id="id_invitation_email" value="{typed}"' in html
    assert not AppealInvitation.objects.exists()
    assert mail.outbox == []


def test_inviting_someone_already_assigned_names_them(login, world, appeal, volunteer):
    AppealVolunteer.objects.create(appeal=appeal, user=volunteer, assigned_by=world.coordinator)
    response = invite(login(world.coordinator), appeal, "GULNAR@example.org")
    assert response.status_code == 400
    html = response.content.decode()
    assert "GULNAR@example.org is already assigned to this appeal (as gulnar)." in html
    assert 'value="GULNAR@example.org"' in html
    assert not AppealInvitation.objects.exists()


def test_revoking_an_accepted_invitation_says_to_remove_the_volunteer(world, invitation, lawyer):
    invitation.accept(lawyer)
    with pytest.raises(ValidationError, match="remove the volunteer instead"):
        appeal_invitation_revoke(invitation=invitation, by=world.coordinator)


@pytest.mark.expected_error_log("appeals.volunteers")
def test_a_mail_outage_keeps_the_invitation_and_shows_its_link(login, world, appeal):
    with mock.patch("appeals.volunteers.send_mail", side_effect=smtplib.SMTPException("down")):
        response = invite(login(world.coordinator), appeal, "zhanna@example.org", follow=True)
    html = response.content.decode()
    assert "could not be sent" in html
    invitation = AppealInvitation.objects.get()
    assert invitation.state == "pending"
    assert accept_path(invitation) in html


# --- the email's language -----------------------------------------------------------------------------------


def _languages_rendered(action) -> list[str]:
    seen = []

    def spy(*args, **kwargs):
        seen.append(translation.get_language())
        return render_to_string(*args, **kwargs)

    with mock.patch("appeals.volunteers.render_to_string", side_effect=spy):
        action()
    return seen


def test_the_email_is_in_the_inviters_language_for_an_unknown_address(login, world, appeal):
    world.coordinator.language = "kk"
    world.coordinator.save()
    client = login(world.coordinator)
    assert _languages_rendered(lambda: invite(client, appeal, "someone-new@example.org")) == ["kk", "kk"]


def test_the_email_is_in_the_invitees_own_language_when_the_address_is_an_account(world, appeal, lawyer):
    lawyer.language = "ru"
    lawyer.save()
    with translation.override("kk"):
        seen = _languages_rendered(
            lambda: appeal_invite_and_send(appeal=appeal, email="zhanna@example.org", by=world.coordinator)
        )
    assert seen == ["ru", "ru"]


# --- the trail ----------------------------------------------------------------------------------------------


def test_the_audit_trail_records_the_invitation_but_never_its_token(world, appeal, invitation, lawyer):
    invitation.accept(lawyer)
    entries = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(AppealInvitation))
    assert entries.count() == 2  # sent, accepted
    assert all(invitation.token not in str(entry.changes) for entry in entries)
    assert all(entry.additional_data["application"] == world.application.pk for entry in entries)


def test_deleting_an_account_erases_its_address_from_appeal_invitations_and_their_trail(world, appeal, lawyer):
    from privacy.services import user_delete

    first = appeal_invite_volunteer(appeal=appeal, email="zhanna@example.org", by=world.coordinator)
    EmailAddress.objects.create(user=lawyer, email="zhanna@work.example.org")
    second = appeal_invite_volunteer(appeal=appeal, email="zhanna@work.example.org", by=world.coordinator)
    first.accept(lawyer)
    user_delete(user=lawyer)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.email, first.state) == ("", "accepted")
    assert (second.email, second.state) == ("", "revoked")  # its link was hers: it works no more
    entries = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(AppealInvitation))
    assert entries.exists()
    assert not any("zhanna@" in f"{entry.object_repr} {entry.changes}" for entry in entries)


# --- the API ------------------------------------------------------------------------------------------------


def invitations_url(appeal, suffix=""):
    return f"{APPEALS}{appeal.pk}/invitations/{suffix}"


def test_a_coordinator_invites_lists_and_revokes_through_the_api(world, appeal, api_as):
    client = api_as(world.coordinator)
    response = client.post(invitations_url(appeal), {"email": "zhanna@example.org"}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["email"] == "zhanna@example.org" and body["state"] == "pending" and body["email_sent"] is True
    assert body["invited_by"] == "asel"
    assert body["accept_url"].endswith(accept_path(AppealInvitation.objects.get()))
    assert len(mail.outbox) == 1

    listed = client.get(invitations_url(appeal)).json()
    assert [row["email"] for row in listed["results"]] == ["zhanna@example.org"]

    assert client.delete(invitations_url(appeal, f"{body['id']}/")).status_code == 204
    assert AppealInvitation.objects.get().state == "revoked"
    assert client.get(invitations_url(appeal)).json()["results"] == []


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"email": ""}, "Type the email address of the person you invite."),
        ({"email": "not an address"}, "“not an address” is not an email address: check it for typos."),
        ({}, "This field is required."),
        ({"email": ["a@example.org"]}, "Not a valid string."),
    ],
)
def test_a_bad_address_in_the_api_is_a_400_naming_the_field(world, appeal, api_as, payload, message):
    response = api_as(world.coordinator).post(invitations_url(appeal), payload, format="json")
    assert response.status_code == 400
    assert response.json() == {"email": [message]}
    assert not AppealInvitation.objects.exists()


def test_revoking_an_accepted_invitation_in_the_api_is_a_400(world, appeal, invitation, lawyer, api_as):
    invitation.accept(lawyer)
    response = api_as(world.coordinator).delete(invitations_url(appeal, f"{invitation.pk}/"))
    assert response.status_code == 400
    assert "remove the volunteer instead" in str(response.json())


def test_the_api_answers_403_to_people_on_the_case_and_404_to_outsiders(world, appeal, invitation, api_as):
    for person, expected in ((world.member, 403), (world.co_member, 403), (world.outsider, 404)):
        client = api_as(person)
        assert client.get(invitations_url(appeal)).status_code == expected, person
        assert client.post(invitations_url(appeal), {"email": "x@example.org"}, format="json").status_code == expected
        assert client.delete(invitations_url(appeal, f"{invitation.pk}/")).status_code == expected
    assert api_as(world.coordinator).delete(invitations_url(appeal, "999999/")).status_code == 404
    invitation.refresh_from_db()
    assert invitation.state == "pending"
    assert AppealInvitation.objects.count() == 1
