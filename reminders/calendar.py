"""The private iCalendar feed: every deadline a person can see, as all-day events with alarms at
their reminder times (09:00 local, N days before)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from config.text import single_line, strip_control_characters
from permits.models import Deadline
from reminders.delivery import absolute
from reminders.models import ReminderPreference


def _domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "ruqsat.localhost"


def _alarm(days_before: int, description: str) -> icalendar.Alarm:
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", description)
    # Relative to the start of the all-day event (midnight, the calendar's own zone): 09:00 N days before.
    send = settings.REMINDER_SEND_TIME
    alarm.add("trigger", dt.timedelta(days=-days_before, hours=send.hour, minutes=send.minute))
    return alarm


def user_calendar(user) -> bytes:
    preference = ReminderPreference.for_user(user)
    deadlines = (
        Deadline.objects.visible_to(user)
        .select_related("application", "application__authority__jurisdiction", "rule")
        .order_by("due_on", "id")
    )
    open_ids = set(Deadline.objects.visible_to(user).open().values_list("pk", flat=True))
    stamp = timezone.now()
    with translation.override(user.language or settings.LANGUAGE_CODE):
        calendar = icalendar.Calendar()
        calendar.add("prodid", "-//Ruqsat//Deadlines//EN")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("x-wr-calname", gettext("Ruqsat deadlines"))
        for deadline in deadlines:
            event = icalendar.Event()
            event.add("uid", f"deadline-{deadline.pk}@{_domain()}")
            event.add("dtstamp", stamp)
            event.add("last-modified", deadline.updated_at)
            event.add("dtstart", deadline.due_on)
            event.add("dtend", deadline.due_on + dt.timedelta(days=1))
            event.add("transp", "TRANSPARENT")
            if preference.discreet:
                summary = gettext("Ruqsat: something is due")
                description = gettext("Open Ruqsat to see what is due.")
            else:
                summary = f"{deadline.label} — {deadline.application.title}"
                parts = [str(deadline.label), deadline.application.title]
                if deadline.rule_source:
                    parts.append(gettext("Rule: %(source)s.") % {"source": deadline.source_citation})
                parts.append(gettext("Check this date against the current law."))
                description = "\n".join(parts)
            if deadline.is_done:
                summary = gettext("Done: %(summary)s") % {"summary": summary}
            elif deadline.pk not in open_ids:
                event.add("status", "CANCELLED")  # moot: the assembly was withdrawn, cancelled or held
            # Rows stored before config.stored_text may hold control characters, which calendar
            # programs refuse; a summary is one line.
            summary, description = single_line(str(summary)), strip_control_characters(description)
            event.add("summary", summary)
            event.add("description", description)
            event.add("url", absolute(reverse("permits:application_detail", args=[deadline.application_id])))
            if deadline.pk in open_ids and preference.wants_reminders:
                for days in preference.sorted_offsets:
                    event.add_component(_alarm(days, summary))
            calendar.add_component(event)
        return calendar.to_ical()
