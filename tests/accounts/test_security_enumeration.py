"""Attacks that learn who has an account (issue 12, item 8): sign-up with a registered address said
it was registered; whatever a stranger types at sign-up, password reset or log-in, the answer is the
same whether or not the address or username belongs to someone."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def asel():
    return UserFactory(username="asel", email="asel@example.org", verified_email=True)


def page_without_tokens(response) -> str:
    html = response.content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def sign_up(client, email, username):
    return client.post(
        reverse("account_signup"),
        {"username": username, "email": email, "password1": PASSWORD, "password2": PASSWORD},
        follow=True,
    )


def test_signing_up_with_a_registered_address_answers_exactly_as_a_fresh_sign_up(asel):
    taken = sign_up(Client(), "asel@example.org", "stranger")
    fresh = sign_up(Client(), "zhanna@example.org", "zhanna")

    assert taken.redirect_chain == fresh.redirect_chain
    assert taken.status_code == fresh.status_code == 200
    assert page_without_tokens(taken).replace("asel@example.org", "X") == page_without_tokens(fresh).replace(
        "zhanna@example.org", "X"
    )
    assert not User.objects.filter(username="stranger").exists()


def test_the_owner_of_a_registered_address_is_told_someone_tried_to_sign_up_with_it(asel):
    sign_up(Client(), "Asel@Example.org", "stranger")

    [message] = mail.outbox
    assert message.to == ["asel@example.org"]
    assert "already exists" in message.body
    assert "/accounts/password/reset/" in message.body


def test_a_fresh_account_cannot_log_in_before_its_address_is_verified():
    # Or logging in after signing up would tell a taken address (no account) from a fresh one.
    sign_up(Client(), "zhanna@example.org", "zhanna")
    client = Client()

    client.post(reverse("account_login"), {"login": "zhanna", "password": PASSWORD})

    assert client.get(reverse("profile")).status_code == 302


def test_password_reset_answers_the_same_for_an_unknown_and_a_known_address(asel):
    known = Client().post(reverse("account_reset_password"), {"email": "asel@example.org"}, follow=True)
    unknown = Client().post(reverse("account_reset_password"), {"email": "nobody@example.org"}, follow=True)

    assert known.redirect_chain == unknown.redirect_chain
    assert page_without_tokens(known) == page_without_tokens(unknown)


def test_a_wrong_password_and_an_unknown_username_get_the_same_error(asel):
    wrong_password = Client().post(reverse("account_login"), {"login": "asel", "password": "wrong"})
    no_such_user = Client().post(reverse("account_login"), {"login": "nobody", "password": "wrong"})

    error = "The username and/or password you specified are not correct."
    assert error in wrong_password.content.decode()
    assert page_without_tokens(wrong_password).replace('value="asel"', "") == page_without_tokens(no_such_user).replace(
        'value="nobody"', ""
    )
