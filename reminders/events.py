"""What an event notification says — on the bell, in the API and by email — put into words in the
reader's active language each time it is read, from the notification's kind and `params` (codes
and ISO dates, permits.signals.send_application_event). The application's title is read live, so a
renamed application is shown by its new name."""

from __future__ import annotations

import datetime as dt

from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext, pgettext

from config.formats import compact_date
from config.mail import subject_line
from reminders.models import Notification


def _choice_label(model_label: str, field_name: str, code) -> str:
    from django.apps import apps

    field = apps.get_model(model_label)._meta.get_field(field_name)
    label = dict(field.flatchoices).get(code)
    return str(label) if label is not None else str(code or "")


def _date(value) -> str:
    try:
        return compact_date(dt.date.fromisoformat(value))
    except (TypeError, ValueError):
        return ""


def _moment(value) -> str:
    try:
        moment = dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return ""
    if timezone.is_naive(moment):
        return ""
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def event_text(notification: Notification) -> str:
    """The one line the bell shows, in the active language."""
    params = notification.params or {}
    kind = notification.kind
    values = {
        "application": notification.application.title if notification.application_id else "",
        "outcome": _choice_label("permits.Decision", "outcome", params.get("outcome")),
        "venue": _choice_label("appeals.Appeal", "venue", params.get("venue")),
        "date": _date(params.get("decided_on") or params.get("filed_on")),
        "moment": _moment(params.get("starts_at")),
    }
    if kind == Notification.Kind.DECISION_RECORDED:
        return gettext("Decision on “%(application)s”: %(outcome)s") % values
    if kind == Notification.Kind.DECISION_CORRECTED:
        return gettext("Decision on “%(application)s” corrected: %(outcome)s") % values
    if kind == Notification.Kind.DECISION_VOIDED:
        return gettext("Decision on “%(application)s” voided (%(outcome)s of %(date)s)") % values
    if kind == Notification.Kind.APPEAL_OPENED:
        return gettext("Appeal on “%(application)s” opened: %(venue)s") % values
    if kind == Notification.Kind.APPEAL_FILED:
        return gettext("Appeal on “%(application)s” filed: %(venue)s") % values
    if kind == Notification.Kind.HEARING_SET:
        # Before a court it is a court hearing; elsewhere the complaint's hearing (Appeal.before_court).
        if params.get("venue") == "court":
            return gettext("Hearing on “%(application)s” set for %(moment)s") % values
        return gettext("Complaint hearing on “%(application)s” set for %(moment)s") % values
    return notification.title


def authority_review_text(notification: Notification) -> str:
    """What an editor did with an authority the group added (Authority.publish, merge_into, decline)."""
    params = notification.params or {}
    values = {"authority": params.get("authority", ""), "into": params.get("into", "")}
    outcome = params.get("outcome")
    if outcome == "published":
        return gettext("“%(authority)s”, which your group added, is now shared with every group.") % values
    if outcome == "merged":
        return (
            gettext(
                "“%(authority)s”, which your group added, was merged into “%(into)s”; your applications now name it."
            )
            % values
        )
    if outcome == "declined":
        return gettext("“%(authority)s” stays private to your group: an editor did not publish it.") % values
    return notification.title


def event_details(notification: Notification) -> str:
    """The line under it: the day, the place, and who did it."""
    params = notification.params or {}
    kind = notification.kind
    parts = []
    if kind in (Notification.Kind.DECISION_RECORDED, Notification.Kind.DECISION_CORRECTED):
        parts.append(gettext("Decided on %(date)s.") % {"date": _date(params.get("decided_on"))})
    elif kind == Notification.Kind.DECISION_VOIDED:
        parts.append(gettext("The application is filed again."))
    elif kind == Notification.Kind.APPEAL_FILED:
        parts.append(gettext("Filed on %(date)s.") % {"date": _date(params.get("filed_on"))})
    elif kind == Notification.Kind.HEARING_SET and params.get("place"):
        parts.append(gettext("Place: %(place)s.") % {"place": params["place"]})
    if notification.actor_id:
        parts.append(gettext("By %(person)s.") % {"person": notification.actor.display_name})
    return " ".join(parts)


def event_url(*, application_id: int, appeal_id: int | None) -> str:
    if appeal_id is not None:
        return reverse("appeals:workspace", args=[appeal_id])
    return reverse("permits:application_detail", args=[application_id])


def build_event_email(notification: Notification, *, discreet: bool, message_id: str, connection=None) -> EmailMessage:
    """The email for an event, in its recipient's language and zone. Discreet: no group, title,
    venue, place or name — only that there is news, and where to read it."""
    from reminders.delivery import absolute, recipient_locale

    user = notification.user
    with recipient_locale(user):
        preferences_url = absolute(reverse("profile") + "#reminders")
        footer = gettext(
            "You get this email because you asked for emails about your groups' events. Change that here: %(url)s"
        ) % {"url": preferences_url}
        if discreet:
            subject = pgettext("discreet email subject", "News from Ruqsat")
            lines = [
                gettext("There is news on one of your groups' applications. Sign in to Ruqsat to read it:"),
                absolute(reverse("reminders:notifications")),
            ]
        else:
            subject = notification.text
            lines = [notification.text, notification.details, "", absolute(notification.url)]
        body = "\n".join([*lines, "", "-- ", footer]) + "\n"
    return EmailMessage(
        subject=subject_line(subject)[:200],
        body=body,
        to=[user.email],
        connection=connection,
        headers={"Message-ID": message_id, "Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All"},
    )
