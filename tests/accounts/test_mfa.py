"""Two-factor authentication (allauth.mfa): an authenticator app with recovery codes, and a group
that requires it of every member."""

import re
import time

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.conf import settings
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory, verify_email

pytestmark = pytest.mark.django_db


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


def give_totp(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return secret


def log_in(client, user, password=PASSWORD):
    verify_email(user)  # log-in through the form needs a verified address
    return client.post(reverse("account_login"), {"login": user.username, "password": password})


def is_logged_in(client) -> bool:
    return client.get(reverse("profile")).status_code == 200


# --- setting it up and logging in with it --------------------------------------------------------


def test_a_user_activates_an_authenticator_app_after_confirming_their_password(client):
    user = UserFactory(username="asel")
    log_in(client, user)

    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})

    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret
    assert "data:image/svg+xml;base64," in page.content.decode()  # the QR code, allowed by the CSP's img-src

    response = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})

    assert response.status_code == 302
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists()


def test_a_wrong_code_does_not_activate_it_and_says_so(client):
    user = UserFactory(username="asel")
    log_in(client, user)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    client.get(reverse("mfa_activate_totp"))

    response = client.post(reverse("mfa_activate_totp"), {"code": "000000"})

    assert response.status_code == 200
    assert "Incorrect code" in response.content.decode()
    assert not Authenticator.objects.filter(user=user).exists()


def test_with_two_factor_the_password_alone_does_not_log_in(client):
    user = UserFactory(username="asel")
    secret = give_totp(user)

    response = log_in(client, user)

    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
    assert not is_logged_in(client)
    client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert is_logged_in(client)


def test_guessing_the_code_is_locked_out_too(client):
    user = UserFactory(username="asel")
    secret = give_totp(user)
    log_in(client, user)
    for _attempt in range(5):
        client.post(reverse("mfa_authenticate"), {"code": "000000"})

    response = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})

    assert "Too many failed login attempts" in response.content.decode()
    assert not is_logged_in(client)


def test_a_recovery_code_logs_in_once(client):
    user = UserFactory(username="asel")
    give_totp(user)
    code = RecoveryCodes(
        Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    ).get_unused_codes()[0]
    log_in(client, user)
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert is_logged_in(client)
    client.logout()

    log_in(client, user)
    client.post(reverse("mfa_authenticate"), {"code": code})

    assert not is_logged_in(client)


def test_the_profile_says_whether_two_factor_is_on(client):
    user = UserFactory(username="asel")
    client.force_login(user)
    assert "Set up two-factor" in client.get(reverse("profile")).content.decode()
    give_totp(user)
    assert "Manage two-factor" in client.get(reverse("profile")).content.decode()


def test_the_two_factor_pages_carry_no_inline_script(client):
    user = UserFactory(username="asel")
    give_totp(user)
    client.force_login(user)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    for name in ("mfa_index", "mfa_view_recovery_codes"):
        html = client.get(reverse(name)).content.decode()
        # Only JSON data blocks (never executed) and scripts from our own static files.
        for script in html.split("<script")[1:]:
            head = script.split(">", 1)[0]
            assert "src=" in head or 'type="application/json"' in head, f"{name}: inline <script{head}>"
        assert "style=" not in html


# --- a group that requires it ----------------------------------------------------------------------


@pytest.fixture
def strict_group(world):
    give_totp(world.coordinator)
    world.lead.require_two_factor = True
    world.lead.save()
    return world


def test_a_member_without_two_factor_is_sent_to_set_it_up_from_every_page(client, strict_group):
    client.force_login(strict_group.member)
    for url in (
        reverse("dashboard"),
        reverse("permits:application_list"),
        reverse("permits:application_detail", args=[strict_group.application.pk]),
        reverse("organizations:detail", args=[strict_group.lead.pk]),
        reverse("profile"),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("mfa_activate_totp"), url


def test_posting_is_refused_too(client, strict_group):
    client.force_login(strict_group.member)
    response = client.post(
        reverse("permits:timeline_add", args=[strict_group.application.pk]), {"kind": "note", "summary": "x"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
    assert not strict_group.application.timeline.filter(summary="x").exists()


def test_setting_it_up_logging_out_and_static_files_stay_open(client, strict_group):
    client.force_login(strict_group.member)
    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.get(reverse("account_reauthenticate")).status_code == 200
    assert client.get(settings.STATIC_URL + "css/ruqsat.css").status_code in (200, 304)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert not is_logged_in(client)


def test_once_set_up_the_member_gets_in(client, strict_group):
    give_totp(strict_group.member)
    client.force_login(strict_group.member)
    assert client.get(reverse("dashboard")).status_code == 200


def test_a_recovery_code_alone_is_not_a_second_factor(client, strict_group):
    RecoveryCodes.activate(strict_group.member)
    client.force_login(strict_group.member)
    assert client.get(reverse("dashboard")).status_code == 302


def test_members_of_other_groups_are_not_affected(client, strict_group):
    client.force_login(strict_group.outsider)
    assert client.get(reverse("dashboard")).status_code == 200


def test_the_api_answers_403_to_a_member_without_it(api_client, strict_group):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {strict_group.member.issue_api_token()}")
    response = api_client.get("/api/v1/applications/")
    assert response.status_code == 403
    assert "two-factor" in response.json()["detail"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {strict_group.coordinator.issue_api_token()}")
    assert api_client.get("/api/v1/applications/").status_code == 200


def test_a_coordinator_requires_it_on_the_group_page(client, world):
    give_totp(world.coordinator)
    client.force_login(world.coordinator)
    page = client.get(reverse("organizations:detail", args=[world.lead.pk])).content.decode()
    assert "require_two_factor" in page
    assert world.member.display_name in page.split('id="security"')[1]  # listed as without it

    response = client.post(reverse("organizations:two_factor", args=[world.lead.pk]), {"require_two_factor": "on"})

    assert response.status_code == 302
    world.lead.refresh_from_db()
    assert world.lead.require_two_factor
    client.post(reverse("organizations:two_factor", args=[world.lead.pk]), {})
    world.lead.refresh_from_db()
    assert not world.lead.require_two_factor


def test_a_coordinator_without_two_factor_is_told_to_set_it_up_first(client, world):
    client.force_login(world.coordinator)
    response = client.post(reverse("organizations:two_factor", args=[world.lead.pk]), {"require_two_factor": "on"})
    assert response.status_code == 200
    assert "Set up two-factor authentication for yourself first" in response.content.decode()
    world.lead.refresh_from_db()
    assert not world.lead.require_two_factor


def test_a_member_cannot_change_the_requirement(client, world):
    give_totp(world.member)
    client.force_login(world.member)
    response = client.post(reverse("organizations:two_factor", args=[world.lead.pk]), {"require_two_factor": "on"})
    assert response.status_code == 403
    world.lead.refresh_from_db()
    assert not world.lead.require_two_factor


# --- nobody is trapped (issue 12) ------------------------------------------------------------------


@pytest.fixture
def unverified_member(strict_group):
    """A member whose address is not confirmed: allauth will not let her add an authenticator."""
    from allauth.account.models import EmailAddress

    member = strict_group.member
    EmailAddress.objects.create(user=member, email=member.email, verified=False, primary=True)
    return member


def test_a_member_with_an_unverified_address_is_sent_to_confirm_it_not_to_a_page_that_refuses(
    client, strict_group, unverified_member
):
    client.force_login(unverified_member)
    response = client.get(reverse("dashboard"))
    assert response["Location"] == reverse("account_email")
    page = client.get(reverse("account_email"))
    assert page.status_code == 200
    assert "Confirm your email address first" in page.content.decode()


def test_a_member_with_an_unverified_address_confirms_it_then_sets_up_two_factor(
    client, strict_group, unverified_member, mailoutbox
):
    from allauth.account.models import EmailAddress

    client.force_login(unverified_member)
    response = client.post(reverse("account_email"), {"action_send": "", "email": unverified_member.email})
    assert response.status_code == 302
    link = re.search(r"https?://\S+(/accounts/confirm-email/\S+/)", mailoutbox[-1].body).group(1)
    assert client.get(link).status_code == 200
    client.post(link)
    assert EmailAddress.objects.get(user=unverified_member).verified
    assert client.get(reverse("dashboard"))["Location"] == reverse("mfa_activate_totp")
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


@pytest.mark.parametrize("verified", [True, False])
def test_a_held_member_can_always_leave_the_group(client, strict_group, verified):
    from allauth.account.models import EmailAddress

    member = strict_group.member
    EmailAddress.objects.create(user=member, email=member.email, verified=verified, primary=True)
    client.force_login(member)
    leave = reverse("organizations:leave", args=[strict_group.lead.pk])
    assert client.get(leave).status_code == 200
    assert client.post(leave).status_code == 302
    assert strict_group.lead.role_of(member) is None
    assert client.get(reverse("dashboard")).status_code == 200  # free again


def test_a_held_member_can_always_export_her_data_and_delete_her_account(client, strict_group, unverified_member):
    client.force_login(unverified_member)
    response = client.get(reverse("privacy:data_export"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert client.get(reverse("privacy:account_delete")).status_code == 200
    response = client.post(reverse("privacy:account_delete"), {"password": PASSWORD, "confirm": "on"})
    assert response["Location"] == reverse("account_login")
    assert not type(unverified_member).objects.filter(pk=unverified_member.pk).exists()


def test_a_held_member_can_leave_the_group_through_the_api(api_client, strict_group, unverified_member):
    api_client.force_authenticate(unverified_member)
    assert api_client.get("/api/v1/applications/").status_code == 403
    url = f"/api/v1/organizations/{strict_group.lead.pk}/members/{unverified_member.username}/"
    assert api_client.delete(url).status_code == 204
    assert strict_group.lead.role_of(unverified_member) is None
    # Removing someone else stays behind the requirement.
    assert api_client.delete(f"/api/v1/organizations/{strict_group.lead.pk}/members/lawyer/").status_code in (403, 404)
