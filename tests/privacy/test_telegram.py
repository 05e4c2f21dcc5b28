"""A person's Telegram link in their data export, and gone with their account."""

import json

import pytest
from django.urls import reverse

from messenger.models import TelegramLink, TelegramLinkToken
from privacy.services import user_delete, user_export
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_export_says_whether_telegram_is_linked_and_since_when_but_not_the_chat(telegram_bot):
    person = UserFactory()
    assert json.loads(user_export(user=person))["telegram"] == {"linked": False}

    link = TelegramLink.objects.create(user=person, chat_id=987654321, show_details=True)
    exported = user_export(user=person)

    telegram = json.loads(exported)["telegram"]
    assert telegram["linked"] is True and telegram["working"] is True and telegram["show_details"] is True
    assert telegram["linked_at"].startswith(link.linked_at.date().isoformat())
    assert "987654321" not in exported


def test_the_export_says_when_the_link_stopped_working(telegram_bot):
    person = UserFactory()
    TelegramLink.objects.create(user=person, chat_id=5).mark_broken("blocked")

    telegram = json.loads(user_export(user=person))["telegram"]

    assert telegram["working"] is False and telegram["stopped_working_at"]


def test_deleting_the_account_removes_its_link_and_tokens(client, telegram_bot, password):
    person = UserFactory()
    TelegramLink.objects.create(user=person, chat_id=5)
    TelegramLinkToken.issue(person)
    other = UserFactory()
    TelegramLink.objects.create(user=other, chat_id=6)

    user_delete(user=person)

    assert list(TelegramLink.objects.values_list("user_id", flat=True)) == [other.pk]
    assert not TelegramLinkToken.objects.exists()


def test_the_export_download_carries_the_telegram_part(client, telegram_bot):
    person = UserFactory()
    TelegramLink.objects.create(user=person, chat_id=5)
    client.force_login(person)

    response = client.get(reverse("privacy:data_export"))

    assert json.loads(b"".join(response) if response.streaming else response.content)["telegram"]["linked"] is True
