"""Event notifications: who is told of a decision or an appeal's step (permits.signals.
application_event), the bell's rows, and the emails of those who asked for them — each sent once
per notification however often its task runs (the row is claimed with a conditional UPDATE and a
lease, as the reminder sweep claims reminders)."""

from __future__ import annotations

import datetime as dt
import logging

from django.apps import apps
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from permits.models import PermitApplication, TimelineEntry
from reminders.events import build_event_email, event_url
from reminders.models import EVENT_KINDS, Notification, NotificationDelivery, ReminderPreference
from reminders.recipients import ApplicationPeople

logger = logging.getLogger(__name__)

# How long a task owns a claimed delivery; after that (a worker that died mid-send) another may take it.
DELIVERY_LEASE = dt.timedelta(minutes=5)
# An email that failed this often is given up (the bell still shows the notification).
MAX_EMAIL_ATTEMPTS = 5


def event_recipient_ids(application: PermitApplication, *, appeal_id: int | None) -> set[int]:
    """Everyone in the lead and co-organizing groups; and the volunteers of the appeal the event is
    about — or, for a decision, of the application's appeals under way (they see its decisions)."""
    people = ApplicationPeople.of(application)
    if appeal_id is None:
        return people.everyone
    volunteers = apps.get_model("appeals", "AppealVolunteer").objects.filter(appeal_id=appeal_id, user__is_active=True)
    return (people.everyone - people.volunteers_only) | set(volunteers.values_list("user_id", flat=True))


def event_notify(
    *,
    event: str,
    application_id: int,
    appeal_id: int | None,
    timeline_entry_id: int,
    actor_id: int | None,
    params: dict,
) -> list[int]:
    """Ring the bell of everyone on the application but the person who did it, and plan an email
    for those who want one. Safe to repeat: at most one notification per person and event, one
    delivery per notification and channel. Returns the ids of the deliveries still to send."""
    if event not in EVENT_KINDS:
        raise ValueError(f"unknown event {event!r}")
    application = PermitApplication.objects.filter(pk=application_id).first()
    if application is None or not TimelineEntry.objects.filter(pk=timeline_entry_id).exists():
        return []  # undone or deleted before the task ran: nothing left to tell
    if appeal_id is not None and not apps.get_model("appeals", "Appeal").objects.filter(pk=appeal_id).exists():
        return []
    recipients = event_recipient_ids(application, appeal_id=appeal_id) - {actor_id}
    url = event_url(application_id=application_id, appeal_id=appeal_id)
    Notification.objects.bulk_create(
        [
            Notification(
                user_id=user_id,
                kind=event,
                application_id=application_id,
                appeal_id=appeal_id,
                timeline_entry_id=timeline_entry_id,
                actor_id=actor_id,
                params=params,
                url=url,
            )
            for user_id in sorted(recipients)
        ],
        ignore_conflicts=True,
    )
    notifications = Notification.objects.filter(timeline_entry_id=timeline_entry_id, kind=event)
    user_ids = list(notifications.values_list("user_id", flat=True))
    preferences = ReminderPreference.for_users(user_ids)
    wanted = [n for n in notifications.only("pk", "user_id") if preferences[n.user_id].email_events]
    NotificationDelivery.objects.bulk_create(
        [NotificationDelivery(notification=n, channel=NotificationDelivery.Channel.EMAIL) for n in wanted],
        ignore_conflicts=True,
    )
    pending = NotificationDelivery.objects.filter(
        notification__in=[n.pk for n in wanted], status=NotificationDelivery.Status.PENDING
    )
    return sorted(pending.values_list("pk", flat=True))


def _claim(delivery_id: int, now: dt.datetime) -> str | None:
    return NotificationDelivery.claim(delivery_id, now, DELIVERY_LEASE)


def _finish(delivery_id: int, token: str, **outcome) -> int:
    return NotificationDelivery.finish(delivery_id, token, **outcome)


def notification_delivery_send(delivery_id: int) -> str:
    """Send one planned email. Returns what happened: "sent", "skipped", "retry" (failed, to be
    tried again), "failed" (given up) or "taken" (sent already, or another task has it)."""
    now = timezone.now()
    token = _claim(delivery_id, now)
    if token is None:
        return "taken"
    delivery = NotificationDelivery.objects.select_related(
        "notification__user", "notification__application", "notification__actor"
    ).get(pk=delivery_id)
    notification = delivery.notification
    user = notification.user
    preference = ReminderPreference.for_user(user)
    # Asked now, not when the event happened: someone who left the group, was taken off the appeal
    # or changed their mind since gets no email.
    still_seen = Notification.objects.visible_to(user).filter(pk=notification.pk).exists()
    if not (user.is_active and user.email and preference.email_events and still_seen):
        _finish(delivery_id, token, status=NotificationDelivery.Status.SKIPPED)
        return "skipped"
    try:
        email = build_event_email(notification, discreet=preference.discreet, message_id=delivery.message_id)
        email.send()
    except Exception as error:  # any mail backend's failure: recorded, retried, never lost silently
        logger.warning("notification delivery %s failed: %s", delivery_id, type(error).__name__)
        attempts = delivery.attempts + 1
        given_up = attempts >= MAX_EMAIL_ATTEMPTS
        status = NotificationDelivery.Status.FAILED if given_up else NotificationDelivery.Status.PENDING
        _finish(delivery_id, token, status=status, attempts=attempts, last_error=type(error).__name__)
        return "failed" if given_up else "retry"
    _finish(delivery_id, token, status=NotificationDelivery.Status.SENT, sent_at=timezone.now())
    return "sent"


def stalled_delivery_ids(now: dt.datetime | None = None) -> list[int]:
    """Emails still waiting well after they were planned, and held by no live task: their task was
    lost (a broker that was down at the commit, a worker killed before it claimed the row). The
    hourly reconcile queues them again; the claim keeps a late duplicate from sending twice."""
    now = now or timezone.now()
    waiting = NotificationDelivery.objects.filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
        status=NotificationDelivery.Status.PENDING,
        created_at__lt=now - DELIVERY_LEASE,
    )
    return list(waiting.order_by("pk").values_list("pk", flat=True)[:1000])


def authority_review_notify(*, organization_id: int, actor_id: int | None, params: dict) -> int:
    """Ring the bell of the group's coordinators (but the editor, should they be one) about an
    editor's decision on an authority the group added. Safe to repeat: a coordinator already told
    of this very decision is not told again. Returns how many were told."""
    from organizations.models import Membership

    coordinators = Membership.objects.filter(organization_id=organization_id, user__is_active=True).coordinators()
    recipients = set(coordinators.values_list("user_id", flat=True)) - {actor_id}
    kind = Notification.Kind.AUTHORITY_REVIEWED
    told = set(
        Notification.objects.filter(user_id__in=recipients, kind=kind, params=params).values_list("user_id", flat=True)
    )
    Notification.objects.bulk_create(
        Notification(
            user_id=user_id, kind=kind, actor_id=actor_id, params=params, url=reverse("permits:application_create")
        )
        for user_id in sorted(recipients - told)
    )
    return len(recipients - told)
