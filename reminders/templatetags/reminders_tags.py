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
        "feed_url": absolute(reverse("reminders:calendar_feed", args=[user.calendar_token])),
    }
