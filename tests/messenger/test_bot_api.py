"""The Bot API client tells apart what to retry, what to give up on, and what worked."""

import pytest

from messenger.bot_api import BotAPI, BotBlocked, BotUnavailable, bot_username, enabled


def test_a_message_reaches_the_chat_with_its_buttons(telegram_bot):
    with BotAPI() as api:
        message_id = api.send_message(42, "Hello", buttons=[{"text": "Open", "url": "https://ruqsat.example/"}])

    assert message_id > 0
    [sent] = telegram_bot.sent(42)
    assert sent["text"] == "Hello"
    assert sent["reply_markup"] == {"inline_keyboard": [[{"text": "Open", "url": "https://ruqsat.example/"}]]}
    assert telegram_bot.requests[0]["token"] == "123456:TEST-TOKEN"


def test_a_blocked_bot_is_told_apart_from_an_outage(telegram_bot):
    telegram_bot.blocked_chats.add(42)
    with BotAPI() as api, pytest.raises(BotBlocked):
        api.send_message(42, "Hello")

    telegram_bot.mode = "down"
    with BotAPI() as api, pytest.raises(BotUnavailable):
        api.send_message(43, "Hello")


def test_an_api_that_does_not_answer_in_time_is_unavailable(telegram_bot):
    telegram_bot.mode, telegram_bot.delay = "slow", 1.0
    with BotAPI(timeout=0.2) as api, pytest.raises(BotUnavailable):
        api.send_message(42, "Hello")


def test_an_api_nobody_listens_on_is_unavailable(settings):
    settings.TELEGRAM_BOT_TOKEN = "1:x"
    with BotAPI(base_url="http://127.0.0.1:9", timeout=1) as api, pytest.raises(BotUnavailable):
        api.send_message(42, "Hello")


def test_the_error_never_carries_the_token(telegram_bot):
    telegram_bot.mode = "down"
    with BotAPI() as api, pytest.raises(BotUnavailable) as raised:
        api.send_message(42, "Hello")

    assert "TEST-TOKEN" not in str(raised.value)


def test_no_token_no_channel(settings):
    settings.TELEGRAM_BOT_TOKEN = ""
    assert not enabled()


@pytest.mark.django_db
def test_the_bot_name_is_asked_of_telegram_once_when_not_set(telegram_bot, settings):
    settings.TELEGRAM_BOT_USERNAME = ""

    assert bot_username() == "ruqsat_test_bot"
    assert bot_username() == "ruqsat_test_bot"
    assert len(telegram_bot.calls("getMe")) == 1


def test_no_log_line_carries_the_token(telegram_bot, caplog):
    caplog.set_level("DEBUG")
    with BotAPI() as api:
        api.send_message(42, "Hello")

    assert "TEST-TOKEN" not in caplog.text
