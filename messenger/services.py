"""What a person does with their own Telegram link, from the profile page or the API
(me/telegram/): make a deep link (shown as a button and a QR code), choose whether messages name
things, unlink. Each takes the person as `user`: there is no way to name anyone else's link."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import qrcode
import qrcode.image.svg
from django.utils.translation import gettext

from messenger.bot_api import deep_link
from messenger.models import TelegramLink, TelegramLinkToken


@dataclass(frozen=True)
class LinkOffer:
    """A fresh deep link: shown once, to the person who asked for it, and never stored."""

    link: str
    expires_at: dt.datetime

    @property
    def qr_svg(self) -> str:
        return qr_svg(self.link, label=gettext("QR code of the link to the Telegram bot"))


def telegram_link_start(*, user) -> LinkOffer:
    """A new one-time deep link for `user`, replacing any link they were offered before. The bot's
    name is found first (it may need Telegram: BotUnavailable), so that an outage does not spend
    the link the person already has open."""
    deep_link("")
    token, issued = TelegramLinkToken.issue(user)
    return LinkOffer(link=deep_link(token), expires_at=issued.expires_at)


def telegram_show_details(*, user, show: bool) -> TelegramLink | None:
    """Turn names in messages on or off; None when the person has no link."""
    TelegramLink.objects.filter(user=user).update(show_details=show)
    return TelegramLink.objects.filter(user=user).first()


def telegram_unlink(*, user) -> bool:
    """Forget the person's chat and any link they were offered; True if there was a chat."""
    return TelegramLink.unlink(user) > 0


def qr_svg(text: str, *, label: str) -> str:
    """`text` as a QR code in inline SVG: drawn here (no outside service learns the link) and with
    no style attribute (the CSP forbids inline styles); white behind it so a dark theme still scans."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    svg = image.get_image()
    for attribute in ("width", "height"):
        svg.attrib.pop(attribute, None)
    svg.set("class", "telegram-qr")
    svg.set("role", "img")
    svg.set("aria-label", label)
    side = svg.get("viewBox", "0 0 0 0").split()[2]
    namespace = svg.tag[: svg.tag.index("}") + 1] if svg.tag.startswith("{") else ""
    svg.insert(0, svg.makeelement(f"{namespace}rect", {"width": side, "height": side, "fill": "#ffffff"}))
    return image.to_string(encoding="unicode")
