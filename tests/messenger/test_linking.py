"""Linking a Telegram chat by consent: the person's own one-time token, sent from the chat."""

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from messenger.models import TelegramLink, TelegramLinkToken
from messenger.updates import CALLBACK_HANDLERS, on_callback
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SECRET_HEADER = "HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN"


def start_update(token: str, chat_id: int = 5001, *, chat_type: str = "private", language: str = "ru") -> dict:
    return {
        "update_id": 1,
        "message": {
            "message_id": 7,
            "from": {"id": chat_id, "is_bot": False, "first_name": "A", "language_code": language},
            "chat": {"id": chat_id, "type": chat_type},
            "date": 0,
            "text": f"/start {token}",
        },
    }


def post_update(client, update, secret="webhook-secret_123"):
    headers = {SECRET_HEADER: secret} if secret is not None else {}
    return client.post(
        reverse("messenger:telegram_webhook"), data=json.dumps(update), content_type="application/json", **headers
    )


def test_a_start_from_a_private_chat_with_a_fresh_token_links_that_chat(client, telegram_bot):
    person = UserFactory(language="kk")
    token, _issued = TelegramLinkToken.issue(person)

    response = post_update(client, start_update(token))

    assert response.status_code == 200
    link = TelegramLink.objects.get(user=person)
    assert link.chat_id == 5001 and link.is_working and not link.show_details
    confirmation = telegram_bot.sent(5001)
    assert len(confirmation) == 1
    assert "Ruqsat" in confirmation[0]["text"]


def test_a_token_links_once_and_the_second_start_is_told_it_expired(client, telegram_bot):
    person = UserFactory()
    token, _issued = TelegramLinkToken.issue(person)
    post_update(client, start_update(token, chat_id=5001))

    post_update(client, start_update(token, chat_id=6666, language="en"))  # someone who saw the link

    assert TelegramLink.objects.get(user=person).chat_id == 5001
    assert not TelegramLink.objects.filter(chat_id=6666).exists()
    assert telegram_bot.sent(6666) and "expired" in telegram_bot.sent(6666)[0]["text"]


def test_an_expired_token_links_nothing(client, telegram_bot):
    person = UserFactory()
    token, issued = TelegramLinkToken.issue(person)
    TelegramLinkToken.objects.filter(pk=issued.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))

    post_update(client, start_update(token))

    assert not TelegramLink.objects.exists()


def test_a_new_link_replaces_the_old_token(client, telegram_bot):
    person = UserFactory()
    old, _ = TelegramLinkToken.issue(person)
    new, _ = TelegramLinkToken.issue(person)

    post_update(client, start_update(old))
    assert not TelegramLink.objects.exists()
    post_update(client, start_update(new))
    assert TelegramLink.objects.filter(user=person).exists()


def test_a_chat_linked_again_moves_and_a_person_keeps_one_chat(client, telegram_bot):
    first, second = UserFactory(), UserFactory()
    for person, chat in ((first, 1), (first, 2), (second, 2)):
        token, _ = TelegramLinkToken.issue(person)
        post_update(client, start_update(token, chat_id=chat))

    assert not TelegramLink.objects.filter(user=first).exists()  # chat 2 moved to `second`
    assert TelegramLink.objects.get(user=second).chat_id == 2
    assert TelegramLink.objects.count() == 1


def test_a_group_chat_cannot_be_linked(client, telegram_bot):
    """Everyone in a group would read the person's reminders."""
    token, _ = TelegramLinkToken.issue(UserFactory())

    post_update(client, start_update(token, chat_id=-100123, chat_type="group"))

    assert not TelegramLink.objects.exists()


def test_only_a_hash_of_the_token_is_stored(telegram_bot):
    token, issued = TelegramLinkToken.issue(UserFactory())

    assert token not in issued.token_hash and len(issued.token_hash) == 64


@pytest.mark.parametrize("secret", [None, "", "wrong", "webhook-secret_12"])
def test_an_update_without_the_secret_header_is_refused_unread(client, telegram_bot, secret):
    token, _ = TelegramLinkToken.issue(UserFactory())

    response = post_update(client, start_update(token), secret=secret)

    assert response.status_code == 403
    assert not TelegramLink.objects.exists() and not telegram_bot.requests


def test_without_a_bot_the_webhook_refuses_everything(client, settings):
    settings.TELEGRAM_BOT_TOKEN = ""
    settings.TELEGRAM_WEBHOOK_SECRET = "webhook-secret_123"

    assert post_update(client, start_update("x")).status_code == 403


MALFORMED = [b"not json", b"\xff\xfe", b"[1, 2]", b'{"message": "x"}', b'{"message": {"chat": 5}}']


@pytest.mark.parametrize("body", MALFORMED)
def test_malformed_updates_get_no_server_error(client, telegram_bot, body):
    response = client.post(
        reverse("messenger:telegram_webhook"),
        data=body,
        content_type="application/json",
        **{SECRET_HEADER: "webhook-secret_123"},
    )

    assert response.status_code in (200, 400)


def test_a_button_counts_only_from_the_linked_chat(client, telegram_bot, monkeypatch):
    person = UserFactory()
    TelegramLink.objects.create(user=person, chat_id=777)
    pressed = []
    monkeypatch.setitem(CALLBACK_HANDLERS, "probe", None)
    on_callback("probe")(lambda link, payload: pressed.append((link.user_id, payload)) or "ok")

    def press(sender):
        return {"update_id": 2, "callback_query": {"id": "cb1", "from": {"id": sender}, "data": "probe:42"}}

    post_update(client, press(999))
    post_update(client, press(777))

    assert pressed == [(person.pk, "42")]
    assert [call["callback_query_id"] for call in telegram_bot.calls("answerCallbackQuery")] == ["cb1", "cb1"]
