from django import template
from django.urls import reverse

from reminders.delivery import absolute
from reminders.forms import ReminderPreferenceForm
from reminders.models import ReminderPreference

register = template.Library()


@register.inclusion_tag("reminders/includes/profile_reminders.html", takes_context=True)
def reminder_settings(context):
    """The profile page's reminder and calendar panels (the profile view belongs to accounts)."""
    request = context["request"]
    user = request.user
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "form": ReminderPreferenceForm(instance=ReminderPreference.for_user(user)),
        **calendar_addresses(user),
    }


def calendar_addresses(user) -> dict:
    """The private feed's address, and the same as webcal: (calendar apps open it as a subscription)."""
    feed_url = absolute(reverse("reminders:calendar_feed", args=[user.calendar_token]))
    return {"feed_url": feed_url, "webcal_url": "webcal://" + feed_url.split("://", 1)[-1]}


@register.inclusion_tag("reminders/includes/calendar_address.html", takes_context=True)
def calendar_address(context, *, folded=False):
    """The calendar address with its webcal: link and Copy button, e.g. on the dashboard."""
    return {**calendar_addresses(context["request"].user), "folded": folded, "suffix": "-dashboard" if folded else ""}
