"""me/telegram/ (API.md): a person makes, reads and removes their own Telegram link, and nobody
else's; without a bot the address answers 404."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from messenger.models import TelegramLink, TelegramLinkToken
from tests.factories import UserFactory
from tests.messenger.fake_bot_api import BOT_USERNAME
from tests.messenger.test_linking import post_update, start_update

pytestmark = pytest.mark.django_db

URL = "/api/v1/me/telegram/"
DEEP_LINK = re.compile(rf"^https://t\.me/{BOT_USERNAME}\?start=(?P<token>[A-Za-z0-9_-]{{1,64}})$")


def token_of(response) -> str:
    match = DEEP_LINK.match(response.json()["link"])
    assert match, response.json()
    return match["token"]


@pytest.fixture
def person():
    return UserFactory(username="aida", language="ru")


def test_a_person_gets_a_deep_link_valid_for_fifteen_minutes(api_as, person, telegram_bot):
    before = timezone.now()

    response = api_as(person).post(URL)

    assert response.status_code == 201
    token_of(response)
    expires = dt.datetime.fromisoformat(response.json()["expires_at"])
    assert dt.timedelta(minutes=14) < expires - before <= dt.timedelta(minutes=15, seconds=5)


def test_the_deep_link_links_the_chat_that_presses_start_and_get_says_so(client, api_as, person, telegram_bot):
    api = api_as(person)
    token = token_of(api.post(URL))
    assert api.get(URL).json()["linked"] is False

    post_update(client, start_update(token, chat_id=4242))

    body = api.get(URL).json()
    assert body["linked"] is True and body["working"] is True and body["show_details"] is False
    assert body["linked_at"] and body["broken_reason"] is None
    assert "4242" not in str(body)  # never the chat id


def test_a_new_link_replaces_the_old_one(client, api_as, person, telegram_bot):
    api = api_as(person)
    old = token_of(api.post(URL))
    new = token_of(api.post(URL))

    post_update(client, start_update(old, chat_id=1))
    assert not TelegramLink.objects.exists()
    post_update(client, start_update(new, chat_id=2))
    assert TelegramLink.objects.get(user=person).chat_id == 2


def test_a_token_is_useless_after_fifteen_minutes(client, api_as, person, telegram_bot):
    token = token_of(api_as(person).post(URL))
    TelegramLinkToken.objects.filter(user=person).update(expires_at=timezone.now() - dt.timedelta(seconds=1))

    post_update(client, start_update(token))

    assert not TelegramLink.objects.exists()


def test_a_token_is_useless_after_use_and_cannot_move_the_chat(client, api_as, person, telegram_bot):
    token = token_of(api_as(person).post(URL))
    post_update(client, start_update(token, chat_id=1))

    post_update(client, start_update(token, chat_id=666))  # someone who photographed the QR code

    assert list(TelegramLink.objects.values_list("user_id", "chat_id")) == [(person.pk, 1)]


def test_unlinking_forgets_the_chat_and_is_idempotent(client, api_as, person, telegram_bot):
    api = api_as(person)
    post_update(client, start_update(token_of(api.post(URL))))

    assert api.delete(URL).status_code == 204
    assert api.delete(URL).status_code == 204
    assert not TelegramLink.objects.exists()
    assert api.get(URL).json()["linked"] is False


def test_unlinking_also_spends_a_link_not_yet_used(client, api_as, person, telegram_bot):
    """A seized phone with a session: unlinking leaves no link behind for the taker to press."""
    api = api_as(person)
    token = token_of(api.post(URL))

    api.delete(URL)
    post_update(client, start_update(token, chat_id=666))

    assert not TelegramLink.objects.exists()


def test_show_details_is_turned_on_and_off(api_as, person, telegram_bot):
    TelegramLink.objects.create(user=person, chat_id=9)
    api = api_as(person)

    assert api.patch(URL, {"show_details": True}, format="json").json()["show_details"] is True
    assert TelegramLink.objects.get(user=person).show_details
    assert api.patch(URL, {"show_details": False}, format="json").json()["show_details"] is False


@pytest.mark.parametrize(
    ("body", "field"),
    [({"show_details": "yes"}, "show_details"), ({"show_details": 1}, "show_details"), ({"chat_id": 5}, "chat_id")],
)
def test_a_bad_setting_is_a_400_naming_it(api_as, person, telegram_bot, body, field):
    TelegramLink.objects.create(user=person, chat_id=9)

    response = api_as(person).patch(URL, body, format="json")

    assert response.status_code == 400 and field in response.json()
    assert TelegramLink.objects.get(user=person).chat_id == 9


def test_show_details_without_a_link_is_a_clear_400(api_as, person, telegram_bot):
    response = api_as(person).patch(URL, {"show_details": True}, format="json")

    assert response.status_code == 400
    assert "link Telegram first" in response.json()["show_details"][0]


def test_a_broken_link_says_so(api_as, person, telegram_bot):
    link = TelegramLink.objects.create(user=person, chat_id=9)
    link.mark_broken("sendMessage: 403 Forbidden: bot was blocked by the user")

    body = api_as(person).get(URL).json()

    assert (body["linked"], body["working"]) == (True, False)
    assert "blocked" in body["broken_reason"] and body["broken_at"]


@pytest.mark.parametrize("method", ["get", "post", "patch", "delete"])
def test_without_a_bot_every_method_is_a_404_that_says_why(api_as, person, settings, method):
    settings.TELEGRAM_BOT_TOKEN = ""

    response = getattr(api_as(person), method)(URL, {"show_details": True}, format="json")

    assert response.status_code == 404
    assert response.json()["detail"] == "Telegram is not set up on this site."
    assert not TelegramLinkToken.objects.exists()


@pytest.mark.parametrize("method", ["get", "post", "patch", "delete"])
def test_a_stranger_without_credentials_reads_and_changes_nothing(person, telegram_bot, method):
    TelegramLink.objects.create(user=person, chat_id=9)

    response = getattr(APIClient(), method)(URL, {"show_details": True}, format="json")

    assert response.status_code == 401
    assert TelegramLink.objects.filter(user=person, show_details=False).exists()
    assert not TelegramLinkToken.objects.exists()


def test_another_account_cannot_read_unlink_or_make_a_link_for_someone_else(api_as, person, telegram_bot):
    """There is no id in the path; a user field in the body is not a way to name someone either."""
    TelegramLink.objects.create(user=person, chat_id=9, show_details=True)
    stranger = api_as(UserFactory())

    assert stranger.get(URL).json()["linked"] is False
    assert stranger.post(URL, {"user": person.pk}, format="json").status_code == 201
    assert TelegramLinkToken.objects.get().user_id != person.pk
    assert stranger.delete(URL, {"user": person.pk}, format="json").status_code == 204

    assert TelegramLink.objects.filter(user=person, show_details=True).exists()


def test_a_token_caller_can_unlink_too(person, telegram_bot):
    """A seized phone holding an API token, or the person's own script: the same verbs work."""
    TelegramLink.objects.create(user=person, chat_id=9)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {person.issue_api_token()}")

    assert client.delete(URL).status_code == 204
    assert not TelegramLink.objects.exists()


def test_making_links_in_a_loop_is_throttled(api_as, person, telegram_bot):
    api = api_as(person)
    statuses = [api.post(URL).status_code for _ in range(11)]

    assert statuses[:10] == [201] * 10 and statuses[10] == 429
    assert api.get(URL).status_code == 200  # reading is not held back


@pytest.mark.expected_error_log("django.request")  # a 503 is logged, as every 5xx is
def test_telegram_down_when_asked_the_bots_name_keeps_the_old_link(api_as, person, telegram_bot, settings):
    settings.TELEGRAM_BOT_USERNAME = ""
    api = api_as(person)
    first = api.post(URL)
    assert first.status_code == 201  # the name from getMe
    telegram_bot.mode = "down"
    cache.clear()  # the name is no longer known

    response = api.post(URL)

    assert response.status_code == 503 and "Try again" in response.json()["detail"]
    assert TelegramLinkToken.objects.filter(user=person).count() == 1
