"""Attacks on logging in: brute force against one account, from one address, weak passwords at
sign-up, a stale session, a revoked API token, an API flood. (The lock turned against its owner:
test_login_lock.py.)"""

import time

import pytest
from allauth.account.models import EmailAddress
from django.contrib.sessions.models import Session
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from rest_framework.throttling import SimpleRateThrottle

from accounts.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

WRONG = "not the password at all"


@pytest.fixture
def asel():
    user = UserFactory(username="asel", email="asel@example.org")
    EmailAddress.objects.create(user=user, email="asel@example.org", primary=True, verified=True)
    return user


def log_in(client, login, password, address="203.0.113.7"):
    return client.post(reverse("account_login"), {"login": login, "password": password}, REMOTE_ADDR=address)


def is_logged_in(client) -> bool:
    return client.get(reverse("profile")).status_code == 200


def move_clock(monkeypatch, seconds):
    """Every clock the rate limits and the cache read, `seconds` ahead."""
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + seconds)


def test_after_five_wrong_passwords_the_right_one_is_refused_too(client, asel):
    for _attempt in range(5):
        response = log_in(client, "asel", WRONG)
        assert response.status_code == 200 and not is_logged_in(client)

    response = log_in(client, "asel", PASSWORD)

    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert not is_logged_in(client)


def test_the_lock_covers_the_account_whichever_login_the_attacker_types(client, asel):
    for login in ("asel", "ASEL", "asel@example.org", "Asel@Example.org", "asel"):
        log_in(client, login, WRONG)

    log_in(client, "asel@example.org", PASSWORD)

    assert not is_logged_in(client)


def test_failures_spread_over_many_addresses_do_not_lock_the_owner_out_of_hers(client, asel):
    # Counted per account from one address (issue 12): guessing from elsewhere cannot keep her out.
    for attempt in range(5):
        log_in(client, "asel", WRONG, address=f"198.51.100.{attempt}")

    log_in(client, "asel", PASSWORD, address="192.0.2.99")

    assert is_logged_in(client)


def test_the_lock_ends_after_fifteen_minutes(client, asel, monkeypatch):
    for _attempt in range(5):
        log_in(client, "asel", WRONG)
    log_in(client, "asel", PASSWORD)
    assert not is_logged_in(client)

    move_clock(monkeypatch, 15 * 60 + 1)
    log_in(client, "asel", PASSWORD)

    assert is_logged_in(client)


def test_the_owner_is_told_by_email_once_per_lock(client, asel):
    for _attempt in range(4):
        log_in(client, "asel", WRONG)
    assert mail.outbox == []

    log_in(client, "asel", WRONG)
    for _attempt in range(3):
        log_in(client, "asel", WRONG)  # refused by the lock: no second email

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["asel@example.org"]
    assert "locked" in message.subject
    assert "15 minutes" in message.body
    assert "two-factor" in message.body
    assert "/accounts/log-in/unlock/" in message.body
    assert "203.0.113.7" not in message.body


def test_one_address_trying_many_accounts_is_slowed_down(client, asel):
    for n in range(10):
        log_in(client, f"nobody{n}", WRONG)

    response = log_in(client, "asel", PASSWORD)

    assert "Too many failed login attempts" in response.content.decode()
    assert not is_logged_in(client)
    assert is_logged_in_from_elsewhere(asel)


def is_logged_in_from_elsewhere(user) -> bool:
    from django.test import Client

    other = Client()
    log_in(other, user.username, PASSWORD, address="192.0.2.200")
    return is_logged_in(other)


def test_a_successful_log_in_does_not_reset_the_failures(client, asel):
    # An attacker who knows one password cannot launder a brute force on another account, and the
    # owner logging in between failures does not hand the attacker a fresh budget.
    for _attempt in range(4):
        log_in(client, "asel", WRONG)
    log_in(client, "asel", PASSWORD)
    assert is_logged_in(client)
    client.logout()

    log_in(client, "asel", WRONG)
    log_in(client, "asel", PASSWORD)

    assert not is_logged_in(client)


# --- passwords ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short-pw1!", "at least 12 characters"),
        ("password1234", "too common"),
        ("123456789012", "entirely numeric"),
    ],
)
def test_sign_up_refuses_a_weak_password_and_says_why(client, password, message):
    response = client.post(
        reverse("account_signup"),
        {"username": "zhanna", "email": "zhanna@example.org", "password1": password, "password2": password},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.filter(username="zhanna").exists()


# --- sessions ----------------------------------------------------------------------------------


def test_a_session_idle_for_a_day_is_over(client, asel):
    log_in(client, "asel", PASSWORD)
    assert is_logged_in(client)

    Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))

    response = client.get(reverse("profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_activity_pushes_the_idle_limit_forward(client, asel, settings):
    log_in(client, "asel", PASSWORD)
    Session.objects.update(expire_date=timezone.now() + timezone.timedelta(minutes=5))

    client.get(reverse("profile"))

    expiry = Session.objects.get().expire_date
    assert expiry > timezone.now() + timezone.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)


def test_the_session_cookie_outlives_neither_the_browser_nor_a_day_and_scripts_cannot_read_it(client, asel, settings):
    response = log_in(client, "asel", PASSWORD)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] in ("", 24 * 60 * 60)  # "" without "remember me": gone with the browser
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


# --- the API -----------------------------------------------------------------------------------


def test_a_revoked_token_is_refused_with_401(api_client, asel):
    key = asel.issue_api_token()
    assert api_client.get("/api/v1/organizations/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200

    asel.revoke_api_token(asel.api_tokens.get().pk)

    response = api_client.get("/api/v1/organizations/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 401
    assert not asel.api_tokens.exists()


@pytest.fixture
def small_api_rates(monkeypatch):
    # DRF reads the rates once, into the class: shrink them there.
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"user": "3/minute", "anon": "2/minute"})


def test_a_user_flooding_the_api_gets_429_then_may_continue_a_minute_later(
    api_client, asel, small_api_rates, monkeypatch
):
    key = asel.issue_api_token()
    auth = {"HTTP_AUTHORIZATION": f"Token {key}"}
    statuses = [api_client.get("/api/v1/organizations/", **auth).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert "Retry-After" in api_client.get("/api/v1/organizations/", **auth)

    move_clock(monkeypatch, 61)
    assert api_client.get("/api/v1/organizations/", **auth).status_code == 200


def test_anonymous_api_callers_are_throttled_per_address(api_client, small_api_rates):
    statuses = [api_client.get("/api/schema/", REMOTE_ADDR="203.0.113.9").status_code for _ in range(3)]
    assert statuses[-1] == 429


def test_one_users_flood_does_not_throttle_another(api_client, asel, small_api_rates):
    other = UserFactory(username="dana")
    for _ in range(4):
        api_client.get("/api/v1/organizations/", HTTP_AUTHORIZATION=f"Token {asel.issue_api_token()}")
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {other.issue_api_token()}")
    assert api_client.get("/api/v1/organizations/").status_code == 200
