"""What the bot does with an update Telegram posts to the webhook (messenger.views.webhook).

Two kinds matter: `/start <token>` from a chat links that chat to the token's person
(messenger.models.TelegramLink.link_chat), and a press on an inline button sends its
`callback_data`, "<action>:<payload>", to the handler an app registered for the action (the
reminders app registers "ack", the acknowledge button). Everything else is ignored."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from messenger.bot_api import BotAPI, TelegramError
from messenger.models import TelegramLink

logger = logging.getLogger(__name__)

# action → handler(link, payload) returning the short text Telegram shows to the person who pressed.
CallbackHandler = Callable[[TelegramLink, str], str]
CALLBACK_HANDLERS: dict[str, CallbackHandler] = {}


def on_callback(action: str):
    """Register the handler of the inline buttons whose callback_data starts with `action:`."""

    def register(handler: CallbackHandler) -> CallbackHandler:
        CALLBACK_HANDLERS[action] = handler
        return handler

    return register


def handle_update(update: dict) -> None:
    if not isinstance(update, dict):
        return
    message = update.get("message")
    if isinstance(message, dict):
        _message(message)
        return
    callback = update.get("callback_query")
    if isinstance(callback, dict):
        _callback(callback)


def _chat_id(message: dict) -> int | None:
    chat = message.get("chat")
    chat_id = chat.get("id") if isinstance(chat, dict) else None
    return chat_id if isinstance(chat_id, int) and not isinstance(chat_id, bool) else None


def _reply(chat_id: int, text: str) -> None:
    try:
        with BotAPI() as api:
            api.send_message(chat_id, text)
    except TelegramError as error:
        # The link itself is recorded; a lost confirmation is not worth an error.
        logger.warning("telegram: could not reply in a chat: %s", type(error).__name__)


def _message(message: dict) -> None:
    chat_id = _chat_id(message)
    text = message.get("text")
    if chat_id is None or not isinstance(text, str) or not text.startswith("/start"):
        return
    # Only private chats: in a group, everyone in it would read the person's reminders.
    if (message.get("chat") or {}).get("type") != "private":
        return
    token = text.removeprefix("/start").strip()
    link = TelegramLink.link_chat(token, chat_id) if token else None
    if link is None:
        with translation.override(_language_of_sender(message)):
            _reply(
                chat_id,
                gettext(
                    "This link has expired or was already used. In Ruqsat, open your profile and make a new "
                    "Telegram link."
                ),
            )
        return
    with translation.override(link.user.language or settings.LANGUAGE_CODE):
        _reply(
            chat_id,
            gettext(
                "Done: this chat is linked to your Ruqsat account. Reminders you chose to get in Telegram will "
                "come here. You can unlink it in your profile at any time."
            ),
        )


def _language_of_sender(message: dict) -> str:
    """Before the chat is linked, the language the person's Telegram app uses, where Ruqsat has it."""
    code = str(((message.get("from") or {}).get("language_code")) or "")[:2]
    return code if code in {language for language, _name in settings.LANGUAGES} else settings.LANGUAGE_CODE


def _callback(callback: dict) -> None:
    callback_id = callback.get("id")
    data = callback.get("data")
    sender = (callback.get("from") or {}).get("id")
    if not isinstance(callback_id, str) or not isinstance(data, str) or not isinstance(sender, int):
        return
    action, _sep, payload = data.partition(":")
    handler = CALLBACK_HANDLERS.get(action)
    # The button counts only from the linked chat: in a private chat the chat's id is the person's.
    link = TelegramLink.objects.select_related("user").filter(chat_id=sender, user__is_active=True).first()
    if link is None:
        with translation.override(_language_of_sender(callback)):
            answer = gettext("This chat is not linked to a Ruqsat account.")
    elif handler is None:
        answer = ""
    else:
        with translation.override(link.user.language or settings.LANGUAGE_CODE):
            answer = handler(link, payload)
    try:
        with BotAPI() as api:
            api.answer_callback_query(callback_id, answer)
    except TelegramError as error:
        logger.warning("telegram: could not answer a button: %s", type(error).__name__)
