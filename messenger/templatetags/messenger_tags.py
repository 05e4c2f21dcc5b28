from django import template

from messenger.bot_api import enabled
from messenger.models import TelegramLink

register = template.Library()


@register.inclusion_tag("messenger/includes/profile_telegram.html", takes_context=True)
def telegram_settings(context):
    """The profile page's Telegram section (the profile view belongs to accounts, below messenger):
    nothing where the site has no bot. `telegram_offer` is a deep link just made (messenger.views)."""
    if not enabled():
        return {"offered": False}
    request = context["request"]
    return {
        "offered": True,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "link": TelegramLink.objects.filter(user=request.user).first(),
        "offer": context.get("telegram_offer"),
    }
