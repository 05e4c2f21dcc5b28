"""The admin for users: the new preference fields, search and filters."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def test_user_changelist_searches_and_filters(admin_client, world):
    # "dana@" is in one address only: a bare "dana" also found Faker's random first names ("Jordana").
    response = admin_client.get(reverse("admin:accounts_user_changelist"), {"q": "dana@", "language__exact": "en"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


def test_user_change_page_shows_preferences_and_memberships(admin_client, world):
    response = admin_client.get(reverse("admin:accounts_user_change", args=[world.coordinator.pk]))
    html = response.content.decode()
    assert 'name="time_zone"' in html
    assert 'name="language"' in html
    assert "Feminita" in html


def test_admin_refuses_an_unknown_time_zone(admin_client, world):
    user = world.member
    url = reverse("admin:accounts_user_change", args=[user.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "password"}
    data.update(
        {
            "time_zone": "Nowhere/Land",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "api_tokens-TOTAL_FORMS": "0",
            "api_tokens-INITIAL_FORMS": "0",
        }
    )
    data.pop("date_joined", None)
    data.pop("last_login", None)
    data["groups"] = []
    data["user_permissions"] = []
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "is not a time zone we know" in response.content.decode()
    user.refresh_from_db()
    assert user.time_zone == "Asia/Almaty"


def test_an_operator_sees_a_users_api_tokens_without_their_keys_and_revokes_one(admin_client, api_client, world):
    from accounts.models import ApiToken

    key = world.member.issue_api_token(name="Laptop script")
    token = ApiToken.objects.get(user=world.member)
    url = reverse("admin:accounts_user_change", args=[world.member.pk])
    page = admin_client.get(url)
    html = page.content.decode()
    assert "Laptop script" in html
    assert key not in html and token.key_digest not in html

    form = page.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "password"}
    data.update(
        {
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "1",
            "memberships-0-id": str(world.member.memberships.get().pk),
            "memberships-0-user": str(world.member.pk),
            "memberships-0-organization": str(world.lead.pk),
            "memberships-0-role": "member",
            "api_tokens-TOTAL_FORMS": "1",
            "api_tokens-INITIAL_FORMS": "1",
            "api_tokens-0-id": str(token.pk),
            "api_tokens-0-user": str(world.member.pk),
            "api_tokens-0-DELETE": "on",
        }
    )
    for name in ("date_joined", "last_login"):
        data.pop(name, None)
    data["groups"] = []
    data["user_permissions"] = []
    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    assert not ApiToken.objects.exists()
    assert api_client.get("/api/v1/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
