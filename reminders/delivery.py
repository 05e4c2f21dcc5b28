"""What a reminder says, by email and in the app, in its recipient's language and time zone."""

from __future__ import annotations

import contextlib

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from config.mail import subject_line
from permits.models.planning import local_today
from reminders.models import Notification, Reminder, ReminderPreference
from reminders.services import user_zone

ACKNOWLEDGE_SALT = "reminders.acknowledge"
ACKNOWLEDGE_MAX_AGE = 120 * 24 * 60 * 60  # longer than the longest appeal period (3 months)


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


@contextlib.contextmanager
def recipient_locale(user):
    """The recipient's language and zone, whatever the sweep's own are."""
    with translation.override(user.language or settings.LANGUAGE_CODE), timezone.override(user_zone(user.time_zone)):
        yield


def acknowledge_token(reminder: Reminder) -> str:
    return signing.dumps({"r": reminder.pk}, salt=ACKNOWLEDGE_SALT, compress=True)


def reminder_from_token(token: str) -> Reminder | None:
    """The reminder an emailed acknowledge link names, or None if the link is forged, expired or
    its reminder is gone."""
    try:
        payload = signing.loads(token or "", salt=ACKNOWLEDGE_SALT, max_age=ACKNOWLEDGE_MAX_AGE)
    except signing.BadSignature:
        return None
    reminder_id = payload.get("r") if isinstance(payload, dict) else None
    if not isinstance(reminder_id, int):
        return None
    return (
        Reminder.objects.select_related("deadline__application", "recipient")
        .filter(pk=reminder_id, asks_acknowledgement=True)
        .first()
    )


def summary_context(reminder: Reminder, *, discreet: bool) -> dict:
    """What the reminder's one-line summary (reminders/email/reminder_subject.txt) is made of."""
    deadline = reminder.deadline
    return {
        "deadline": deadline,
        "application": deadline.application,
        "days_left": max((deadline.due_on - local_today(deadline.time_zone)).days, 0),
        "escalation": reminder.purpose == Reminder.Purpose.ESCALATION,
        "discreet": discreet,
    }


def reminder_context(reminder: Reminder, *, discreet: bool) -> dict:
    """The summary's context with what the email's body adds: the links back, and the signed
    acknowledge link where the reminder asks for one."""
    context = summary_context(reminder, discreet=discreet)
    context.update(
        {
            "reminder": reminder,
            "recipient": reminder.recipient,
            "application_url": absolute(reverse("permits:application_detail", args=[context["application"].pk])),
            "notifications_url": absolute(reverse("reminders:notifications")),
            "preferences_url": absolute(reverse("profile") + "#reminders"),
            "acknowledge_url": "",
        }
    )
    if reminder.asks_acknowledgement:
        context["acknowledge_url"] = absolute(reverse("reminders:acknowledge") + "?t=" + acknowledge_token(reminder))
    return context


def _subject(context) -> str:
    return subject_line(render_to_string("reminders/email/reminder_subject.txt", context))


def reminder_subject(reminder: Reminder) -> str:
    """The reminder's one-line summary in its recipient's language: the bell's title, and the
    subject of an email that is not discreet. Made from summary_context alone: none of the links
    (and the signed acknowledge token) the email's body needs."""
    with recipient_locale(reminder.recipient):
        return _subject(summary_context(reminder, discreet=False))


def build_email(
    reminder: Reminder, preference: ReminderPreference, *, connection=None, subject: str | None = None
) -> EmailMessage:
    """The reminder's email. `subject`: its reminder_subject when the caller already made it (the
    sweep, for the bell), used unless the person asked for discreet emails."""
    with recipient_locale(reminder.recipient):
        context = reminder_context(reminder, discreet=preference.discreet)
        if subject is None or preference.discreet:
            subject = _subject(context)
        body = render_to_string("reminders/email/reminder_body.txt", context)
    return EmailMessage(
        subject=subject,
        body=body,
        to=[reminder.recipient.email],
        connection=connection,
        headers={
            "Message-ID": reminder.message_id,
            "Auto-Submitted": "auto-generated",
            "X-Auto-Response-Suppress": "All",
        },
    )


def in_app_notification(reminder: Reminder, *, title: str | None = None) -> Notification:
    """The bell's entry for a reminder, written in its recipient's language; not saved yet (the sweep
    saves a batch of them at once). `title`: its reminder_subject, when the caller already made it."""
    if title is None:
        title = reminder_subject(reminder)
    with recipient_locale(reminder.recipient):
        body = gettext("Last day: %(date)s.") % {"date": formats.date_format(reminder.deadline.due_on, "DATE_FORMAT")}
        if reminder.deadline.rule_source:
            body += " " + gettext("Rule: %(source)s.") % {"source": reminder.deadline.source_citation}
    kind = (
        Notification.Kind.ESCALATION if reminder.purpose == Reminder.Purpose.ESCALATION else Notification.Kind.REMINDER
    )
    return Notification(
        reminder=reminder,
        user=reminder.recipient,
        kind=kind,
        deadline=reminder.deadline,
        title=title[:300],
        body=body,
        url=reverse("permits:application_detail", args=[reminder.deadline.application_id]),
        asks_acknowledgement=reminder.asks_acknowledgement,
    )


def notify_in_app(reminder: Reminder) -> Notification:
    """The bell's entry for a reminder: at most one per reminder, however often it is retried."""
    notification = in_app_notification(reminder)
    defaults = {
        "deadline": notification.deadline,
        "title": notification.title,
        "body": notification.body,
        "url": notification.url,
        "asks_acknowledgement": notification.asks_acknowledgement,
    }
    identity = {"reminder": reminder, "user": reminder.recipient, "kind": notification.kind}
    try:
        with transaction.atomic():
            notification, _created = Notification.objects.get_or_create(**identity, defaults=defaults)
    except IntegrityError:  # another sweep created it between our read and our insert
        notification = Notification.objects.get(**identity)
    return notification


def notify_in_app_all(notifications: list[Notification]) -> None:
    """Save a batch of `in_app_notification`s in one statement. Still at most one per reminder: the
    unique (reminder, user, kind) keeps the one an earlier try or another sweep saved."""
    Notification.objects.bulk_create(notifications, ignore_conflicts=True)


def notify_delivery_failing(reminder: Reminder, coordinator_ids) -> int:
    """Tell the lead group's coordinators that a reminder to a person keeps failing (wrong address,
    mail server down, Telegram unreachable), naming the channel that fails. One notice per
    coordinator per reminder."""
    from django.contrib.auth import get_user_model

    # The row as it is now (the sweep records each channel by a conditional UPDATE, not on this
    # object) against the channels the person chose, as the sweep reads them.
    reminder.refresh_from_db(fields=["email_sent_at", "telegram_sent_at"])
    chosen = ReminderPreference.for_user(reminder.recipient)
    email_failing = chosen.by_email and reminder.email_sent_at is None
    telegram_failing = chosen.by_telegram and reminder.telegram_sent_at is None
    created = 0
    for coordinator in get_user_model().objects.filter(pk__in=coordinator_ids, is_active=True):
        with recipient_locale(coordinator):
            title = gettext("Reminders to %(person)s are not getting through") % {
                "person": reminder.recipient.display_name
            }
            if telegram_failing and not email_failing:
                text = gettext(
                    "Ruqsat has been trying for a day to reach %(person)s in Telegram about “%(deadline)s” of "
                    "“%(application)s” (last day %(date)s). Ask them to check the Telegram link on their profile, "
                    "or tell them another way."
                )
            elif telegram_failing:
                text = gettext(
                    "Ruqsat has been trying for a day to reach %(person)s by email and in Telegram about "
                    "“%(deadline)s” of “%(application)s” (last day %(date)s). Check their email address, or "
                    "tell them another way."
                )
            else:
                text = gettext(
                    "Ruqsat has been trying for a day to email %(person)s about “%(deadline)s” of "
                    "“%(application)s” (last day %(date)s). Check their email address, or tell them another way."
                )
            body = text % {
                "person": reminder.recipient.display_name,
                "deadline": reminder.deadline.label,
                "application": reminder.deadline.application.title,
                "date": formats.date_format(reminder.deadline.due_on, "DATE_FORMAT"),
            }
        _notification, was_created = Notification.objects.get_or_create(
            reminder=reminder,
            user=coordinator,
            kind=Notification.Kind.DELIVERY_FAILING,
            defaults={
                "deadline": reminder.deadline,
                "title": title[:300],
                "body": body,
                "url": reverse("permits:application_detail", args=[reminder.deadline.application_id]),
            },
        )
        created += was_created
    return created
