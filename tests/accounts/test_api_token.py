"""API tokens: several per person, named, expiring, shown once, stored hashed, revoked one by one."""

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.models import ApiToken, api_token_digest
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# A DRF-protected URL that exists whatever else the API grows: the /api/v1/ root.
PROTECTED_API_URL = "/api/v1/"


@pytest.fixture
def user():
    return UserFactory(username="asel")


def create_on_profile(client, name="Reports script", days=""):
    response = client.post(reverse("api_token_create"), {"name": name, "days": days or 90})
    assert response.status_code == 200, response.content
    return response.context["new_api_token"]


def call_api(api_client, key):
    return api_client.get(PROTECTED_API_URL, HTTP_AUTHORIZATION=f"Token {key}")


def move_clock(monkeypatch, by: dt.timedelta):
    moved = timezone.now() + by
    monkeypatch.setattr(timezone, "now", lambda: moved)


# --- creating and showing ----------------------------------------------------------------------------


def test_a_created_token_is_shown_once_and_listed_by_name_afterwards(client, user):
    client.force_login(user)
    response = client.post(reverse("api_token_create"), {"name": "Reports script", "days": 90})
    key = response.context["new_api_token"]
    assert key in response.content.decode()

    page = client.get(reverse("profile")).content.decode()
    assert key not in page
    assert "Reports script" in page


def test_the_key_is_never_stored_only_its_sha256(client, user):
    client.force_login(user)
    key = create_on_profile(client)

    token = ApiToken.objects.get(user=user)
    assert token.key_digest == api_token_digest(key) != key
    # Nothing in the database holds the key: not the token table, not the session carrying a message.
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            assert key not in repr(cursor.fetchall()), table


def test_a_token_expires_after_the_lifetime_the_person_chose(client, user):
    client.force_login(user)
    create_on_profile(client, days=7)
    token = ApiToken.objects.get(user=user)
    assert token.expires_at - token.created_at == dt.timedelta(days=7)


def test_a_token_lives_ninety_days_by_default_or_as_configured(user, settings):
    assert settings.API_TOKEN_LIFETIME_DAYS == 90
    user.issue_api_token()
    settings.API_TOKEN_LIFETIME_DAYS = 30
    user.issue_api_token()
    lifetimes = sorted(t.expires_at - t.created_at for t in ApiToken.objects.filter(user=user))
    assert lifetimes == [dt.timedelta(days=30), dt.timedelta(days=90)]


@pytest.mark.parametrize("days", ["0", "367", "-1", "many"])
def test_a_lifetime_out_of_bounds_is_refused_and_the_name_kept(client, user, days):
    client.force_login(user)
    response = client.post(reverse("api_token_create"), {"name": "Reports script", "days": days})
    assert response.status_code == 400
    assert response.context["api_token_form"].errors["days"]
    assert 'value="Reports script"' in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_token_needs_a_name(client, user):
    client.force_login(user)
    response = client.post(reverse("api_token_create"), {"name": "", "days": 90})
    assert response.status_code == 400
    assert response.context["api_token_form"].errors["name"]
    assert not ApiToken.objects.exists()


def test_a_person_holds_several_tokens_and_each_works(api_client, client, user):
    client.force_login(user)
    laptop, server = create_on_profile(client, "Laptop"), create_on_profile(client, "Server")
    assert call_api(api_client, laptop).status_code == 200
    assert call_api(api_client, server).status_code == 200
    assert set(ApiToken.objects.filter(user=user).values_list("name", flat=True)) == {"Laptop", "Server"}


# --- what a token is refused for ---------------------------------------------------------------------


def test_a_revoked_token_gets_401_and_the_others_keep_working(api_client, client, user):
    client.force_login(user)
    laptop, server = create_on_profile(client, "Laptop"), create_on_profile(client, "Server")
    token = ApiToken.objects.get(name="Laptop")

    response = client.post(reverse("api_token_revoke", args=[token.pk]))

    assert response.status_code == 302
    response = call_api(api_client, laptop)
    assert response.status_code == 401
    assert "not valid" in response.json()["detail"]
    assert response["WWW-Authenticate"] == "Token"
    assert call_api(api_client, server).status_code == 200


def test_a_token_older_than_its_lifetime_gets_401_saying_it_expired(api_client, user, monkeypatch):
    key = user.issue_api_token(days=90)
    move_clock(monkeypatch, dt.timedelta(days=90, seconds=1))

    response = call_api(api_client, key)

    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


def test_a_token_on_its_last_day_still_works(api_client, user, monkeypatch):
    key = user.issue_api_token(days=90)
    move_clock(monkeypatch, dt.timedelta(days=89, hours=23))
    assert call_api(api_client, key).status_code == 200


def test_an_expired_token_is_marked_on_the_profile(client, user, monkeypatch):
    user.issue_api_token(name="Old script", days=1)
    move_clock(monkeypatch, dt.timedelta(days=2))
    client.force_login(user)
    assert "Expired" in client.get(reverse("profile")).content.decode()


def test_a_deactivated_users_token_gets_401(api_client, user):
    key = user.issue_api_token()
    user.is_active = False
    user.save()
    assert call_api(api_client, key).status_code == 401


@pytest.mark.parametrize("key", ["nonsense", "a" * 43, "é" * 2000])
def test_a_made_up_key_gets_401(api_client, user, key):
    user.issue_api_token()
    assert api_client.get(PROTECTED_API_URL, HTTP_AUTHORIZATION=f"Token {key}").status_code == 401


def test_a_key_holding_a_nul_byte_is_refused_before_any_lookup(api_client, user):
    # A 400 from config.bad_input, before the token is looked up (PostgreSQL cannot compare a NUL).
    user.issue_api_token()
    assert api_client.get(PROTECTED_API_URL, HTTP_AUTHORIZATION="Token \x00").status_code == 400


# --- last used -----------------------------------------------------------------------------------------


def test_last_used_moves_when_the_token_is_used_at_most_once_a_minute(api_client, user, monkeypatch):
    key = user.issue_api_token()
    token = ApiToken.objects.get(user=user)
    assert token.last_used_at is None

    call_api(api_client, key)
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    assert first is not None

    move_clock(monkeypatch, dt.timedelta(seconds=30))
    call_api(api_client, key)
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first  # no write within the minute

    move_clock(monkeypatch, dt.timedelta(seconds=61))
    call_api(api_client, key)
    assert ApiToken.objects.get(pk=token.pk).last_used_at > first


def test_the_profile_says_when_each_token_was_last_used(api_client, client, user):
    key = user.issue_api_token(name="Laptop")
    user.issue_api_token(name="Server")
    call_api(api_client, key)
    client.force_login(user)
    html = client.get(reverse("profile")).content.decode()
    assert "Last used" in html and "Never used" in html


# --- who may revoke what -------------------------------------------------------------------------------


def test_token_actions_need_a_logged_in_post_and_a_get_creates_nothing(client, user):
    token, _key = ApiToken.issue(user=user, name="Laptop")
    assert client.post(reverse("api_token_create"), {"name": "x", "days": 90}).status_code == 302  # to log in
    assert client.post(reverse("api_token_revoke", args=[token.pk])).status_code == 302
    assert ApiToken.objects.count() == 1
    client.force_login(UserFactory())
    # Opening the address the creation answer left in the address bar shows the profile.
    response = client.get(reverse("api_token_create"))
    assert (response.status_code, response["Location"]) == (302, reverse("profile") + "#api-tokens")
    # Someone else's token is a 404 whatever the method; its owner's GET is a 405 that revokes nothing.
    assert client.get(reverse("api_token_revoke", args=[token.pk])).status_code == 404
    client.force_login(user)
    assert client.get(reverse("api_token_revoke", args=[token.pk])).status_code == 405
    assert ApiToken.objects.count() == 1


def test_revoking_someone_elses_token_is_a_404_and_changes_nothing(api_client, client, user):
    other = UserFactory(username="other")
    other_key = other.issue_api_token()
    token = ApiToken.objects.get(user=other)
    client.force_login(user)

    assert client.post(reverse("api_token_revoke", args=[token.pk])).status_code == 404
    assert call_api(api_client, other_key).status_code == 200


def test_the_profile_lists_only_ones_own_tokens(client, user):
    UserFactory(username="other").issue_api_token(name="Other's secret script")
    client.force_login(user)
    assert "Other's secret script" not in client.get(reverse("profile")).content.decode()
