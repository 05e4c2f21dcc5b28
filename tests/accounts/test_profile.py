"""The profile page: name, language, time zone; the email stays with allauth's EmailAddress."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return UserFactory(username="asel", first_name="Asel", last_name="", language="en", time_zone="Asia/Almaty")


def post_profile(client, **changes):
    data = {"first_name": "Asel", "last_name": "Nurlanovna", "language": "en", "time_zone": "Asia/Almaty"}
    data.update(changes)
    return client.post(reverse("profile"), data)


def test_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(reverse("profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_profile_page_shows_the_form_and_links_to_email_and_password(client, user):
    client.force_login(user)
    html = client.get(reverse("profile")).content.decode()
    assert 'name="time_zone"' in html
    assert reverse("account_email") in html
    assert reverse("account_change_password") in html


def test_user_changes_name_and_time_zone(client, user):
    client.force_login(user)
    response = post_profile(client, last_name="Nurlanovna", time_zone="Europe/Berlin")
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.last_name, user.time_zone) == ("Nurlanovna", "Europe/Berlin")


def test_an_unknown_time_zone_is_a_form_error_and_nothing_is_saved(client, user):
    client.force_login(user)
    response = post_profile(client, last_name="Typed", time_zone="Mars/Olympus_Mons")
    assert response.status_code == 200
    html = response.content.decode()
    assert "is not a time zone we know" in html
    assert 'value="Typed"' in html
    user.refresh_from_db()
    assert (user.time_zone, user.last_name) == ("Asia/Almaty", "")


def test_an_unknown_language_code_is_a_form_error(client, user):
    client.force_login(user)
    response = post_profile(client, language="xx")
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    user.refresh_from_db()
    assert user.language == "en"


def test_language_change_takes_effect_on_the_next_page(client, user):
    client.force_login(user)
    response = post_profile(client, language="ru")
    assert response.cookies["django_language"].value == "ru"
    response = client.get(reverse("profile"))
    assert response.content.decode().startswith('<!doctype html>\n<html lang="ru">')


def test_an_empty_language_means_the_browser_decides(client, user):
    client.force_login(user)
    response = post_profile(client, language="")
    user.refresh_from_db()
    assert user.language == ""
    assert response.cookies["django_language"].value == ""  # the old choice is forgotten
    response = client.get(reverse("profile"), HTTP_ACCEPT_LANGUAGE="ru")
    assert '<html lang="ru">' in response.content.decode()


def test_the_navigation_switcher_saves_the_language_of_a_logged_in_user(client, user):
    client.force_login(user)
    response = client.post(reverse("set_user_language"), {"language": "kk", "next": "/accounts/profile/"})
    assert response["Location"] == "/accounts/profile/"
    user.refresh_from_db()
    assert user.language == "kk"
    assert '<html lang="kk">' in client.get(reverse("profile")).content.decode()


def test_the_navigation_switcher_ignores_an_unknown_language(client, user):
    client.force_login(user)
    client.post(reverse("set_user_language"), {"language": "xx"})
    user.refresh_from_db()
    assert user.language == "en"


def test_the_navigation_switcher_works_for_visitors_by_cookie(client):
    response = client.post(reverse("set_user_language"), {"language": "ru", "next": "/accounts/login/"})
    assert response.cookies["django_language"].value == "ru"
    assert '<html lang="ru">' in client.get(reverse("account_login")).content.decode()


def test_pages_show_times_in_the_users_time_zone(client, user):
    from accounts.models import ApiToken

    user.issue_api_token()
    ApiToken.objects.filter(user=user).update(created_at=dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.UTC))
    client.force_login(user)
    assert "1 Jan 2026, 17:00" in client.get(reverse("profile")).content.decode()  # Asia/Almaty, UTC+5

    user.time_zone = "America/Lima"
    user.save()
    assert "1 Jan 2026, 07:00" in client.get(reverse("profile")).content.decode()  # UTC-5
