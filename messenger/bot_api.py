"""Telegram's Bot API over HTTPS (https://core.telegram.org/bots/api), with httpx.

The API is plain JSON over HTTP, and the callers (the reminder sweep, the notification tasks) are
synchronous: a small client with timeouts and three kinds of failure is all they need, rather than
python-telegram-bot's asyncio application framework. The base URL is a setting so the tests talk to
a local fake server (tests/messenger/fake_bot_api.py)."""

from __future__ import annotations

import logging

import httpx
from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

BOT_USERNAME_CACHE_KEY = "messenger:bot-username"


class TelegramError(Exception):
    """Telegram refused the request for a reason that retrying will not change (a bad request)."""


class BotBlocked(TelegramError):
    """The chat will not take the bot's messages: the person blocked the bot, or deleted the chat."""


class BotUnavailable(TelegramError):
    """Telegram did not answer, answered late, or asked us to slow down: try again later."""


def enabled() -> bool:
    """The channel exists only where the site has a bot."""
    return bool(settings.TELEGRAM_BOT_TOKEN)


class BotAPI:
    """One HTTP connection pool for a run of calls (a sweep's batch): use it as a context manager."""

    def __init__(self, *, token: str | None = None, base_url: str | None = None, timeout: float | None = None):
        token = token or settings.TELEGRAM_BOT_TOKEN
        base = (base_url or settings.TELEGRAM_API_URL).rstrip("/")
        self.client = httpx.Client(base_url=f"{base}/bot{token}/", timeout=timeout or settings.TELEGRAM_TIMEOUT_SECONDS)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        self.client.close()

    def call(self, method: str, **params):
        """The `result` of a Bot API method, or one of the three errors above."""
        try:
            response = self.client.post(method, json={k: v for k, v in params.items() if v is not None})
        except httpx.HTTPError as error:  # refused, reset, timed out
            raise BotUnavailable(f"{method}: {type(error).__name__}") from error
        try:
            answer = response.json()
        except ValueError:
            answer = {}
        if response.status_code == 200 and answer.get("ok"):
            return answer.get("result")
        # The token never appears in the message: the URL is not part of it.
        description = str(answer.get("description") or response.reason_phrase)[:300]
        text = f"{method}: {response.status_code} {description}"
        if response.status_code == 403 or (response.status_code == 400 and "chat not found" in description.lower()):
            raise BotBlocked(text)
        if response.status_code == 429 or response.status_code >= 500:
            raise BotUnavailable(text)
        raise TelegramError(text)

    def send_message(self, chat_id: int, text: str, *, buttons: list[dict] | None = None) -> int:
        """Send a plain-text message, with inline buttons one per row (each a dict with `text` and
        either `url` or `callback_data`); returns Telegram's message id."""
        markup = {"inline_keyboard": [[button] for button in buttons]} if buttons else None
        result = self.call(
            "sendMessage", chat_id=chat_id, text=text, reply_markup=markup, link_preview_options={"is_disabled": True}
        )
        return int((result or {}).get("message_id") or 0)

    def answer_callback_query(self, callback_query_id: str, text: str = "") -> None:
        self.call("answerCallbackQuery", callback_query_id=callback_query_id, text=text or None)

    def get_me(self) -> dict:
        return self.call("getMe") or {}

    def set_webhook(self, url: str, secret_token: str) -> None:
        self.call(
            "setWebhook",
            url=url,
            secret_token=secret_token,
            allowed_updates=["message", "callback_query"],
            drop_pending_updates=True,
        )

    def delete_webhook(self) -> None:
        self.call("deleteWebhook", drop_pending_updates=True)


def bot_username() -> str:
    """The bot's @name for deep links: TELEGRAM_BOT_USERNAME, else asked of Telegram once and cached."""
    if settings.TELEGRAM_BOT_USERNAME:
        return settings.TELEGRAM_BOT_USERNAME.lstrip("@")
    username = cache.get(BOT_USERNAME_CACHE_KEY)
    if not username:
        with BotAPI() as api:
            username = str(api.get_me().get("username") or "")
        if username:
            cache.set(BOT_USERNAME_CACHE_KEY, username, 24 * 60 * 60)
    return username


def deep_link(token: str) -> str:
    """The link that opens the bot with `/start <token>` ready to send (Telegram's deep linking)."""
    username = bot_username()
    if not username:  # getMe answered without one: no link can be made
        raise BotUnavailable("getMe: no username")
    return f"https://t.me/{username}?start={token}"
