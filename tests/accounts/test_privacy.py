"""A person's own data: log out everywhere, download it, delete the account."""

import json

import pytest
from allauth.account.models import EmailAddress
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from accounts.models import User
from organizations.models import Invitation, Membership
from permits.models import TimelineEntry
from tests.factories import PASSWORD, TimelineEntryFactory, UserFactory, verify_email

pytestmark = pytest.mark.django_db


def logged_in_client(user) -> Client:
    client = Client()
    verify_email(user)  # log-in through the form needs a verified address
    assert client.post(reverse("account_login"), {"login": user.username, "password": PASSWORD}).status_code == 302
    return client


def is_logged_in(client) -> bool:
    return client.get(reverse("profile")).status_code == 200


# --- log out everywhere ----------------------------------------------------------------------------


def test_log_out_everywhere_ends_every_session_of_the_user_and_no_one_elses(world):
    laptop, phone = logged_in_client(world.member), logged_in_client(world.member)
    colleague = logged_in_client(world.coordinator)

    response = laptop.post(reverse("log_out_everywhere"))

    assert response.status_code == 302 and response["Location"] == reverse("account_login")
    assert not is_logged_in(laptop)
    assert not is_logged_in(phone)
    assert is_logged_in(colleague)


def test_after_logging_out_everywhere_the_user_logs_in_again(world):
    phone = logged_in_client(world.member)
    phone.post(reverse("log_out_everywhere"))
    assert is_logged_in(logged_in_client(world.member))


def test_a_stolen_session_cookie_is_useless_after_logging_out_everywhere(world):
    phone = logged_in_client(world.member)
    stolen = Client()
    stolen.cookies = phone.cookies  # the attacker copied the cookie
    assert is_logged_in(stolen)

    logged_in_client(world.member).post(reverse("log_out_everywhere"))

    assert not is_logged_in(stolen)


def test_sessions_from_before_the_salt_existed_stay_valid(world):
    client = logged_in_client(world.member)
    assert User.objects.get(pk=world.member.pk).session_salt == ""
    assert is_logged_in(client)


def test_log_out_everywhere_takes_only_post(client, world):
    client.force_login(world.member)
    assert client.get(reverse("log_out_everywhere")).status_code == 405
    assert is_logged_in(client)


# --- my data ---------------------------------------------------------------------------------------


def test_a_user_downloads_their_data_as_a_json_attachment(client, world):
    with set_actor(world.member):  # as the request's user would be
        TimelineEntryFactory(application=world.application, created_by=world.member, summary="Call from the akimat")
    key = world.member.issue_api_token(name="Reports script")
    client.force_login(world.member)

    response = client.get(reverse("privacy:data_export"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}
    data = json.loads(response.content)
    assert data["account"]["username"] == "dana"
    assert data["memberships"] == [
        {"organization": "Feminita", "role": "member", "joined_at": data["memberships"][0]["joined_at"]}
    ]
    assert [e["summary"] for e in data["timeline_entries"]] == ["Call from the akimat"]
    assert [token["name"] for token in data["api_tokens"]] == ["Reports script"]
    assert data["api_tokens"][0]["created_at"] and data["api_tokens"][0]["expires_at"]
    assert key not in response.content.decode() and "digest" not in response.content.decode()
    assert {"action": "created", "what": "timeline entry"}.items() <= data["activity"][0].items()
    assert "Call from the akimat" in data["activity"][0]["object"]


def test_the_export_holds_nobody_elses_writing(client, world):
    TimelineEntryFactory(application=world.application, created_by=world.coordinator, summary="Asel's note")
    client.force_login(world.member)
    data = json.loads(client.get(reverse("privacy:data_export")).content)
    assert "Asel's note" not in json.dumps(data)


# --- deleting the account ----------------------------------------------------------------------------


def delete_account(client, password=PASSWORD, confirm="on"):
    return client.post(reverse("privacy:account_delete"), {"password": password, "confirm": confirm})


def test_deleting_the_account_needs_the_password(client, world):
    client.force_login(world.member)
    response = delete_account(client, password="wrong password here")
    assert response.status_code == 200
    assert "That is not your password." in response.content.decode()
    assert User.objects.filter(pk=world.member.pk).exists()


def test_deleting_the_account_needs_the_box_ticked(client, world):
    client.force_login(world.member)
    response = delete_account(client, confirm="")
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert User.objects.filter(pk=world.member.pk).exists()


def test_guessing_the_password_on_the_delete_page_is_rate_limited(client, world):
    client.force_login(world.member)
    statuses = [delete_account(client, password=f"guess {n}").status_code for n in range(11)]
    assert statuses[-1] == 429


def test_a_deleted_account_is_gone_but_what_it_wrote_stays_as_a_former_member(client, world):
    EmailAddress.objects.create(user=world.member, email="dana@example.org", primary=True)
    client.force_login(world.member)
    client.post(
        reverse("permits:timeline_add", args=[world.application.pk]),
        {"kind": "meeting", "summary": "Meeting with the deputy akim", "happened_on": "2021-11-18"},
    )
    entry = TimelineEntry.objects.get(summary="Meeting with the deputy akim")
    member_id = world.member.pk

    response = delete_account(client)

    assert response.status_code == 302 and response["Location"] == reverse("account_login")
    assert not User.objects.filter(pk=member_id).exists()
    assert not EmailAddress.objects.filter(email="dana@example.org").exists()
    assert not Membership.objects.filter(user_id=member_id).exists()
    entry.refresh_from_db()
    assert entry.created_by is None
    other = Client()
    other.force_login(world.coordinator)
    page = other.get(reverse("permits:application_detail", args=[world.application.pk])).content.decode()
    assert "Meeting with the deputy akim" in page
    assert "former member" in page
    assert not is_logged_in(client)


def test_a_deleted_account_leaves_no_name_or_email_in_the_trail(client, world):
    world.member.first_name, world.member.last_name = "Dana", "Serikova"
    world.member.save()
    invitation = Invitation.objects.create(organization=world.co_group, email="dana@example.org", role="member")
    client.force_login(world.member)
    invitation.accept(verify_email(world.member, "dana@example.org"))
    TimelineEntryFactory(application=world.application, created_by=world.member, summary="Her note")

    delete_account(client)

    trail = json.dumps(list(LogEntry.objects.values("object_repr", "changes", "actor_email", "serialized_data")))
    assert "Serikova" not in trail
    assert "dana@example.org" not in trail
    assert Invitation.objects.get(pk=invitation.pk).email == ""
    history = Client()
    history.force_login(world.coordinator)
    page = history.get(reverse("audit:application_history", args=[world.application.pk])).content.decode()
    assert "former member" in page


def test_an_open_invitation_to_a_deleted_account_does_not_become_a_link_anyone_can_use(client, world):
    by_address = Invitation.objects.create(organization=world.lead, email=world.co_member.email, role="coordinator")
    by_username = world.lead.invite(by=world.coordinator, username="aigerim", role="coordinator")
    client.force_login(world.co_member)
    delete_account(client)
    for invitation in (by_address, by_username):
        invitation.refresh_from_db()
        assert (invitation.email, invitation.username, invitation.state) == ("", "", "revoked")
    stranger = UserFactory(username="stranger")
    client.force_login(stranger)
    assert client.post(reverse("organizations:invitation_accept", args=[by_username.token])).status_code == 410
    assert world.lead.role_of(stranger) is None


def test_the_only_coordinator_of_a_group_must_hand_it_over_first(client, world):
    client.force_login(world.coordinator)
    page = client.get(reverse("privacy:account_delete")).content.decode()
    assert "You are the only coordinator of Feminita" in page

    response = delete_account(client)

    assert response.status_code == 200
    assert "Appoint another coordinator" in response.content.decode()
    assert User.objects.filter(pk=world.coordinator.pk).exists()


def test_an_outsiders_session_dies_with_the_account(world):
    client = logged_in_client(world.member)
    delete_account(client)
    assert not Session.objects.filter(session_key=client.session.session_key).exists() or not is_logged_in(client)


def test_the_profile_links_to_the_data_pages(client, world):
    client.force_login(world.member)
    page = client.get(reverse("profile")).content.decode()
    for name in ("privacy:data_export", "privacy:account_delete", "log_out_everywhere", "mfa_index"):
        assert reverse(name) in page


def test_another_user_keeps_their_account(client, world):
    client.force_login(world.member)
    delete_account(client)
    assert User.objects.filter(pk=world.coordinator.pk).exists()
    assert UserFactory._meta.model.objects.count() == 4


def test_the_api_names_a_deleted_author_former_member(client, api_client, world):
    TimelineEntryFactory(application=world.application, created_by=world.member, summary="Her call")
    client.force_login(world.member)
    delete_account(client)

    api_client.force_authenticate(world.coordinator)
    entries = api_client.get(f"/api/v1/applications/{world.application.pk}/timeline/").json()["results"]

    assert [e["created_by"] for e in entries if e["summary"] == "Her call"] == ["former member"]
