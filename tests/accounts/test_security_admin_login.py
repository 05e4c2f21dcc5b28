"""The admin's own log-in page must not be a side door around the log-in rules of issue 7: the
per-account lock after repeated failures and two-factor authentication. Staff accounts see every
group's applications, so they are the accounts most worth guessing."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

WRONG = "not the password at all"


@pytest.fixture
def operator():
    user = UserFactory(username="operator", email="operator@example.org", is_staff=True, is_superuser=True)
    EmailAddress.objects.create(user=user, email="operator@example.org", primary=True, verified=True)
    return user


def admin_log_in(client, password):
    return client.post(
        reverse("admin:login"), {"username": "operator", "password": password, "next": reverse("admin:index")}
    )


def in_the_admin(client) -> bool:
    return client.get(reverse("admin:index")).status_code == 200


def test_guessing_through_the_admin_log_in_does_not_get_past_the_lock(client, operator):
    for _attempt in range(5):
        admin_log_in(client, WRONG)

    admin_log_in(client, PASSWORD)

    assert not in_the_admin(client)


def test_the_admin_log_in_does_not_skip_two_factor(client, operator):
    Authenticator.objects.create(user=operator, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})

    admin_log_in(client, PASSWORD)

    assert not in_the_admin(client)


def test_the_admin_log_in_sends_people_to_the_sites_log_in_and_back(client):
    response = client.get(reverse("admin:login") + "?next=/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=%2Fadmin%2F" in response["Location"] or "next=/admin/" in response["Location"]


def test_staff_logged_in_on_the_site_reach_the_admin(client, operator):
    client.post(reverse("account_login"), {"login": "operator", "password": PASSWORD})

    assert in_the_admin(client)


def test_a_member_who_is_not_staff_is_kept_out_of_the_admin(client):
    client.force_login(UserFactory(username="dana"))

    assert client.get(reverse("admin:index"), follow=True).status_code == 403
