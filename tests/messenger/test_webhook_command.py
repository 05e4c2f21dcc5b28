"""manage.py telegram_webhook: tells Telegram where to post the bot's updates, or stops them."""

import pytest
from django.core.management import CommandError, call_command


def test_it_registers_the_webhook_with_the_secret(telegram_bot, settings, capsys):
    settings.SITE_URL = "https://ruqsat.example.org/"

    call_command("telegram_webhook")

    [registered] = telegram_bot.calls("setWebhook")
    assert registered["url"] == "https://ruqsat.example.org/telegram/webhook/"
    assert registered["secret_token"] == "webhook-secret_123"
    assert set(registered["allowed_updates"]) == {"message", "callback_query"}
    assert "https://ruqsat.example.org/telegram/webhook/" in capsys.readouterr().out


def test_delete_removes_it(telegram_bot):
    call_command("telegram_webhook", "--delete")

    assert telegram_bot.calls("deleteWebhook") and not telegram_bot.calls("setWebhook")


def test_without_a_token_it_says_so_and_calls_nothing(telegram_bot, settings):
    settings.TELEGRAM_BOT_TOKEN = ""

    with pytest.raises(CommandError, match="TELEGRAM_BOT_TOKEN is not set"):
        call_command("telegram_webhook")
    assert not telegram_bot.requests


def test_a_plain_http_site_is_refused_before_telegram_is_asked(telegram_bot, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"

    with pytest.raises(CommandError, match="only to https://"):
        call_command("telegram_webhook")
    assert not telegram_bot.requests


def test_telegram_down_is_a_clear_error_without_the_token(telegram_bot, settings):
    settings.SITE_URL = "https://ruqsat.example.org"
    telegram_bot.mode = "down"

    with pytest.raises(CommandError) as raised:
        call_command("telegram_webhook")

    assert "Telegram refused: setWebhook: 502" in str(raised.value)
    assert settings.TELEGRAM_BOT_TOKEN not in str(raised.value)
