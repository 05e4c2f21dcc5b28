"""API tokens die with the sessions: a password change, a password reset and "log out everywhere"
revoke every token of the person (a script on a stolen laptop is as much a way in as its browser).
The calendar feed's address stays (the README's production section says why)."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import ApiToken
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PROTECTED_API_URL = "/api/v1/"
NEW_PASSWORD = "a brand new long passphrase"


@pytest.fixture
def asel():
    user = UserFactory(username="asel", email="asel@example.org")
    EmailAddress.objects.create(user=user, email="asel@example.org", primary=True, verified=True)
    return user


@pytest.fixture
def bystander_key():
    return UserFactory(username="dana").issue_api_token()


def works(api_client, key) -> bool:
    status = api_client.get(PROTECTED_API_URL, HTTP_AUTHORIZATION=f"Token {key}").status_code
    assert status in (200, 401)
    return status == 200


def test_changing_the_password_revokes_every_api_token(client, api_client, asel, bystander_key):
    keys = [asel.issue_api_token(name="Laptop"), asel.issue_api_token(name="Server")]
    feed = asel.calendar_token
    client.force_login(asel)

    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    asel.refresh_from_db()
    assert asel.check_password(NEW_PASSWORD)
    assert not any(works(api_client, key) for key in keys)
    assert not ApiToken.objects.filter(user=asel).exists()
    assert works(api_client, bystander_key)
    assert asel.calendar_token == feed
    assert client.get(reverse("reminders:calendar_feed", args=[feed])).status_code == 200


def test_resetting_a_forgotten_password_revokes_every_api_token(client, api_client, asel, bystander_key):
    key = asel.issue_api_token()
    client.post(reverse("account_reset_password"), {"email": "asel@example.org"})
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", mail.outbox[-1].body).group(1)
    form_page = client.get(link, follow=True)

    response = client.post(form_page.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert response.status_code == 302
    asel.refresh_from_db()
    assert asel.check_password(NEW_PASSWORD)
    assert not works(api_client, key)
    assert works(api_client, bystander_key)


def test_logging_out_everywhere_revokes_every_api_token(client, api_client, asel, bystander_key):
    key = asel.issue_api_token()
    feed = asel.calendar_token
    client.force_login(asel)

    response = client.post(reverse("log_out_everywhere"))

    assert response.status_code == 302
    assert not works(api_client, key)
    assert works(api_client, bystander_key)
    asel.refresh_from_db()
    assert asel.calendar_token == feed


def test_a_password_set_by_an_administrator_revokes_the_api_tokens_too(client, api_client, asel):
    key = asel.issue_api_token()
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))

    response = client.post(
        reverse("admin:auth_user_password_change", args=[asel.pk]),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302, response.context["form"].errors if response.context else response
    assert not works(api_client, key)


def test_logging_in_keeps_the_api_tokens_even_when_the_password_hash_is_upgraded(client, api_client, asel, settings):
    key = asel.issue_api_token()
    old_hash = asel.password
    # The stored hash is MD5 (settings_test); with PBKDF2 preferred, logging in re-hashes it.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]

    client.post(reverse("account_login"), {"login": "asel", "password": PASSWORD})

    asel.refresh_from_db()
    assert asel.password != old_hash
    assert works(api_client, key)


def test_the_profile_says_what_log_out_everywhere_ends_and_what_it_keeps(client, asel):
    client.force_login(asel)
    html = client.get(reverse("profile")).content.decode()
    assert "revokes all your API tokens" in html
    assert "Your calendar address keeps working" in html
