from functools import cache

from reminders.models import Notification


def notifications(request):
    """`unread_notification_count` for the navbar bell: one cheap query (a partial index on unread
    rows; its subqueries leave out what the user no longer sees), run only when a template asks
    for it, and once per page however often it does."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @cache
    def unread_notification_count() -> int:
        return Notification.objects.visible_to(user).unread().count()

    return {"unread_notification_count": unread_notification_count}
