"""API tokens: created on the profile page, shown once, revoked for good."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# A DRF-protected URL that exists whatever else the API grows: the /api/v1/ root.
PROTECTED_API_URL = "/api/v1/"


@pytest.fixture
def user():
    return UserFactory(username="asel")


def test_a_created_token_is_shown_once(client, user):
    client.force_login(user)
    response = client.post(reverse("api_token_create"))
    assert response.status_code == 302
    key = Token.objects.get(user=user).key

    assert key in client.get(reverse("profile")).content.decode()
    assert key not in client.get(reverse("profile")).content.decode()


def test_the_token_authenticates_api_calls(api_client, client, user):
    client.force_login(user)
    client.post(reverse("api_token_create"))
    key = Token.objects.get(user=user).key
    assert api_client.get(PROTECTED_API_URL, HTTP_AUTHORIZATION=f"Token {key}").status_code == 200


def test_a_revoked_token_gets_401(api_client, client, user):
    client.force_login(user)
    client.post(reverse("api_token_create"))
    key = Token.objects.get(user=user).key

    response = client.post(reverse("api_token_revoke"))
    assert response.status_code == 302
    assert not Token.objects.filter(user=user).exists()
    assert api_client.get(PROTECTED_API_URL, HTTP_AUTHORIZATION=f"Token {key}").status_code == 401


def test_replacing_a_token_invalidates_the_old_one(api_client, client, user):
    client.force_login(user)
    client.post(reverse("api_token_create"))
    old_key = Token.objects.get(user=user).key
    client.post(reverse("api_token_create"))
    new_key = Token.objects.get(user=user).key
    assert new_key != old_key
    assert api_client.get(PROTECTED_API_URL, HTTP_AUTHORIZATION=f"Token {old_key}").status_code == 401
    assert api_client.get(PROTECTED_API_URL, HTTP_AUTHORIZATION=f"Token {new_key}").status_code == 200


def test_token_actions_refuse_get_and_anonymous(client):
    assert client.post(reverse("api_token_create")).status_code == 302  # to the log-in page
    assert not Token.objects.exists()
    client.force_login(UserFactory())
    assert client.get(reverse("api_token_create")).status_code == 405
    assert client.get(reverse("api_token_revoke")).status_code == 405
    assert not Token.objects.exists()


def test_revoking_someone_elses_token_is_impossible(client, user):
    other = UserFactory(username="other")
    other_key = other.issue_api_token()
    client.force_login(user)
    client.post(reverse("api_token_revoke"))
    assert Token.objects.get(user=other).key == other_key
