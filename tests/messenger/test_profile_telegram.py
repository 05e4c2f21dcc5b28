"""The profile page's Telegram section: link (a button and a QR code), names in messages, unlink."""

import re
import zoneinfo

import pytest
from django.test import Client
from django.urls import reverse

from messenger.models import TelegramLink, TelegramLinkToken
from tests.factories import UserFactory
from tests.messenger.fake_bot_api import BOT_USERNAME
from tests.messenger.test_linking import post_update, start_update

pytestmark = pytest.mark.django_db

LINK = re.compile(rf'href="https://t\.me/{BOT_USERNAME}\?start=(?P<token>[A-Za-z0-9_-]+)"')


@pytest.fixture
def person(client):
    user = UserFactory(username="aida", language="en", time_zone="Asia/Almaty")
    client.force_login(user)
    return user


def profile(client) -> str:
    return client.get(reverse("profile")).content.decode()


def test_without_a_bot_the_profile_has_no_telegram_section(client, person, settings):
    settings.TELEGRAM_BOT_TOKEN = ""

    html = profile(client)

    assert 'id="telegram"' not in html and 'name="by_telegram"' not in html
    assert client.post(reverse("messenger:telegram_link")).status_code == 404


def test_linking_shows_the_deep_link_as_a_button_and_a_qr_code_with_its_expiry(client, person, telegram_bot):
    assert "Link Telegram" in profile(client)

    response = client.post(reverse("messenger:telegram_link"))

    html = response.content.decode()
    assert response.status_code == 200
    match = LINK.search(html)
    assert match
    assert "<svg" in html and 'class="telegram-qr"' in html and 'aria-label="QR code' in html
    assert "style=" not in html.split('class="telegram-qr"')[1].split("</svg>")[0]  # CSP: no inline style
    assert "valid until" in html and "press <strong>Start</strong>" in html

    post_update(client, start_update(match["token"], chat_id=31))
    assert TelegramLink.objects.get(user=person).chat_id == 31


def test_the_expiry_is_shown_in_the_persons_time(client, person, telegram_bot):
    html = client.post(reverse("messenger:telegram_link")).content.decode()

    expires = TelegramLinkToken.objects.get(user=person).expires_at.astimezone(zoneinfo.ZoneInfo("Asia/Almaty"))
    assert f"valid until {expires:%H:%M}" in html


def test_the_link_is_not_kept_in_the_session_and_reopening_the_address_makes_none(client, person, telegram_bot):
    client.post(reverse("messenger:telegram_link"))
    first = TelegramLinkToken.objects.get(user=person).pk

    response = client.get(reverse("messenger:telegram_link"))

    assert response.status_code == 302 and response["Location"].endswith("#telegram")
    assert TelegramLinkToken.objects.get(user=person).pk == first
    assert not LINK.search(profile(client))


def test_a_new_link_on_the_page_replaces_the_old_one(client, person, telegram_bot):
    old = LINK.search(client.post(reverse("messenger:telegram_link")).content.decode())["token"]
    new = LINK.search(client.post(reverse("messenger:telegram_link")).content.decode())["token"]

    post_update(client, start_update(old, chat_id=1))
    post_update(client, start_update(new, chat_id=2))

    assert TelegramLink.objects.get(user=person).chat_id == 2


def test_a_linked_person_sees_since_when_and_that_it_works(client, person, telegram_bot):
    TelegramLink.objects.create(user=person, chat_id=9)

    html = profile(client)

    assert "Working" in html and "Linked since" in html and "Unlink Telegram" in html
    assert ">Link Telegram<" not in html
    assert 'id="telegram-show-details"' in html and "checked" not in html.split('id="telegram-show-details"')[1][:80]
    assert "not end-to-end encrypted" in html


def test_a_broken_link_is_a_clear_alert_with_a_way_to_link_again(client, person, telegram_bot):
    link = TelegramLink.objects.create(user=person, chat_id=9)
    link.mark_broken("sendMessage: 403 Forbidden: bot was blocked by the user")

    html = profile(client)

    assert 'role="alert" id="telegram-broken"' in html
    assert "Telegram stopped taking our messages (you blocked the bot?)" in html
    assert "messages go by email until you link again" in html
    assert "Link Telegram again" in html


def test_names_in_messages_are_turned_on_and_off_by_post(client, person, telegram_bot):
    TelegramLink.objects.create(user=person, chat_id=9)

    client.post(reverse("messenger:telegram_details"), {"show_details": "on"})
    assert TelegramLink.objects.get(user=person).show_details
    assert "checked" in profile(client).split('id="telegram-show-details"')[1][:120]

    client.post(reverse("messenger:telegram_details"), {})
    assert not TelegramLink.objects.get(user=person).show_details


def test_unlinking_from_the_page(client, person, telegram_bot):
    """A seized phone with a logged-in session: the person (or whoever helps them) unlinks."""
    TelegramLink.objects.create(user=person, chat_id=9)

    response = client.post(reverse("messenger:telegram_unlink"))

    assert response.status_code == 302
    assert not TelegramLink.objects.exists()
    assert ">Link Telegram<" in profile(client)


@pytest.mark.parametrize("name", ["telegram_link", "telegram_details", "telegram_unlink"])
def test_the_buttons_need_a_login_and_a_csrf_token(name, person, telegram_bot):
    TelegramLink.objects.create(user=person, chat_id=9)
    anonymous = Client()
    assert anonymous.post(reverse(f"messenger:{name}")).status_code == 302  # to log in

    checked = Client(enforce_csrf_checks=True)
    checked.force_login(person)
    assert checked.post(reverse(f"messenger:{name}")).status_code == 403
    assert TelegramLink.objects.filter(user=person, show_details=False).exists()
    assert not TelegramLinkToken.objects.exists()


@pytest.mark.parametrize("name", ["telegram_details", "telegram_unlink"])
def test_the_changing_buttons_take_only_post(client, person, telegram_bot, name):
    TelegramLink.objects.create(user=person, chat_id=9)

    assert client.get(reverse(f"messenger:{name}")).status_code == 405
    assert TelegramLink.objects.exists()


def test_the_page_shares_the_apis_limit_on_new_links(client, person, telegram_bot):
    for _ in range(10):
        assert LINK.search(client.post(reverse("messenger:telegram_link")).content.decode())

    response = client.post(reverse("messenger:telegram_link"), follow=True)

    assert "many Telegram links" in response.content.decode()
    assert not LINK.search(response.content.decode())
