"""Sign-up, log-in, log-out and password reset come from django-allauth, dressed in our layout."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_login_page_uses_our_layout_and_bootstrap_fields(client):
    response = client.get(reverse("account_login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "navbar" in html  # base.html
    assert 'class="allauth-form"' in html
    assert "form-control" in html
    assert "bootstrap.min.css" in html


def test_a_visitor_signs_up_confirms_the_address_and_is_logged_in(client):
    response = client.post(
        reverse("account_signup"),
        {"username": "zhanna", "email": "zhanna@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(username="zhanna")
    assert EmailAddress.objects.filter(user=user, email="zhanna@example.org", primary=True).exists()
    assert client.get(reverse("profile")).status_code == 302  # not before the address is verified

    [message] = mail.outbox
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+)", message.body).group(1)
    response = client.post(link)

    assert response.status_code == 302
    assert client.get(reverse("profile")).status_code == 200


def test_sign_up_with_mismatched_passwords_keeps_what_was_typed(client):
    response = client.post(
        reverse("account_signup"),
        {"username": "zhanna", "email": "zhanna@example.org", "password1": PASSWORD, "password2": "something else"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="zhanna@example.org"' in html
    assert "is-invalid" in html
    assert not User.objects.filter(username="zhanna").exists()


def test_sign_up_with_a_taken_email_creates_nothing_and_says_nothing(client):
    # Said "already registered" before issue 12: see test_security_enumeration.py.
    UserFactory(username="asel", email="asel@example.org", verified_email=True)
    response = client.post(
        reverse("account_signup"),
        {"username": "other", "email": "asel@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert not User.objects.filter(username="other").exists()


@pytest.mark.parametrize("login", ["asel", "asel@example.org"])
def test_a_user_logs_in_with_username_or_email(client, login):
    UserFactory(username="asel", email="asel@example.org", verified_email=True)
    response = client.post(reverse("account_login"), {"login": login, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    assert client.get(reverse("profile")).status_code == 200


def test_a_wrong_password_shows_an_error_and_keeps_the_login(client):
    UserFactory(username="asel")
    response = client.post(reverse("account_login"), {"login": "asel", "password": "wrong"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="asel"' in html
    assert "alert" in html


def test_log_in_returns_to_the_next_page(client):
    UserFactory(username="asel", verified_email=True)
    response = client.post(reverse("account_login") + "?next=/organizations/", {"login": "asel", "password": PASSWORD})
    assert response["Location"] == "/organizations/"


def test_a_user_logs_out(client):
    client.force_login(UserFactory())
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert client.get(reverse("profile")).status_code == 302


def test_password_reset_sends_an_email_whose_link_sets_a_new_password(client):
    user = UserFactory(username="asel", email="asel@example.org")
    response = client.post(reverse("account_reset_password"), {"email": "asel@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["asel@example.org"]
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", mail.outbox[0].body).group(1)

    response = client.get(link, follow=True)
    assert response.status_code == 200
    new_password = "a brand new long passphrase"
    response = client.post(response.redirect_chain[-1][0], {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)


def test_password_reset_for_an_unknown_email_looks_the_same_and_gives_no_reset_link(client):
    UserFactory(username="asel", email="asel@example.org")
    known = client.post(reverse("account_reset_password"), {"email": "asel@example.org"})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    to_nobody = [message for message in mail.outbox if message.to == ["nobody@example.org"]]
    assert all("/password/reset/key/" not in message.body for message in to_nobody)


@pytest.mark.parametrize("url_name", ["account_login", "account_signup", "account_reset_password"])
def test_entrance_pages_render(client, url_name):
    assert client.get(reverse(url_name)).status_code == 200


@pytest.mark.parametrize("url_name", ["account_email", "account_change_password", "account_logout"])
def test_account_management_pages_render_in_our_layout(client, url_name):
    client.force_login(UserFactory())
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert reverse("profile") in response.content.decode()
