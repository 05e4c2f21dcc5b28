"""Event notifications: who is told of a decision or an appeal's step (permits.signals.
application_event), the bell's rows, and the emails and Telegram messages of those who asked for
them — each sent once per notification and channel however often its task runs (the row is claimed
with a conditional UPDATE and a lease, as the reminder sweep claims reminders)."""

from __future__ import annotations

import datetime as dt
import logging

from django.apps import apps
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from messenger import bot_api
from messenger.bot_api import BotAPI, BotBlocked
from messenger.models import TelegramLink
from permits.models import PermitApplication, TimelineEntry
from reminders.events import build_event_email, event_url
from reminders.models import EVENT_KINDS, Notification, NotificationDelivery, ReminderPreference
from reminders.recipients import ApplicationPeople
from reminders.telegram import event_message
from reminders.telegram_link import notify_telegram_broken

logger = logging.getLogger(__name__)

# How long a task owns a claimed delivery; after that (a worker that died mid-send) another may take it.
DELIVERY_LEASE = dt.timedelta(minutes=5)
# An email that failed this often is given up (the bell still shows the notification).
MAX_EMAIL_ATTEMPTS = 5
# The first retry of a failed email, in seconds; each later one waits twice as long (tasks.send_notification).
RETRY_FIRST_SECONDS = 60


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
    for those who want one and a Telegram message for those who chose Telegram. Safe to repeat: at
    most one notification per person and event, one delivery per notification and channel. Returns
    the ids of the deliveries still to send."""
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
    chats = _telegram_chats(preferences)
    told = list(notifications.only("pk", "user_id"))
    planned = [
        NotificationDelivery(notification=n, channel=NotificationDelivery.Channel.EMAIL)
        for n in told
        if wants_event_email(preferences[n.user_id], has_chat=n.user_id in chats)
    ] + [
        NotificationDelivery(notification=n, channel=NotificationDelivery.Channel.TELEGRAM)
        for n in told
        if n.user_id in chats
    ]
    NotificationDelivery.objects.bulk_create(planned, ignore_conflicts=True)
    pending = NotificationDelivery.objects.filter(
        notification__in=[n.pk for n in told], status=NotificationDelivery.Status.PENDING
    )
    return sorted(pending.values_list("pk", flat=True))


def _telegram_chats(preferences: dict[int, ReminderPreference]) -> dict[int, TelegramLink]:
    wanting = [user_id for user_id, preference in preferences.items() if preference.by_telegram]
    if not wanting or not bot_api.enabled():
        return {}
    return TelegramLink.working_for(wanting)


def wants_event_email(preference: ReminderPreference, *, has_chat: bool) -> bool:
    """Asked for event emails; or chose Telegram and has no working chat there (the bot blocked, the
    chat deleted, the site's bot gone): their news falls back to email."""
    return preference.email_events or (preference.by_telegram and not has_chat)


def _claim(delivery_id: int, now: dt.datetime) -> str | None:
    return NotificationDelivery.claim(delivery_id, now, DELIVERY_LEASE)


def _finish(delivery_id: int, token: str, **outcome) -> int:
    return NotificationDelivery.finish(delivery_id, token, **outcome)


def notification_delivery_send(delivery_id: int) -> str:
    """Send one planned email or Telegram message. Returns what happened: "sent", "skipped",
    "retry" (failed, to be tried again), "failed" (given up), "taken" (sent already, or another
    task has it) or, for Telegram, "fallback" (the chat refused: sent as an email instead)."""
    now = timezone.now()
    token = _claim(delivery_id, now)
    if token is None:
        return "taken"
    delivery = NotificationDelivery.objects.select_related(
        "notification__user", "notification__application", "notification__actor"
    ).get(pk=delivery_id)
    if delivery.channel == NotificationDelivery.Channel.TELEGRAM:
        return _send_by_telegram(delivery, token)
    notification = delivery.notification
    user = notification.user
    preference = ReminderPreference.for_user(user)
    # Asked now, not when the event happened: someone who left the group, was taken off the appeal
    # or changed their mind since gets no email.
    still_seen = Notification.objects.visible_to(user).filter(pk=notification.pk).exists()
    has_chat = bool(_telegram_chats({user.pk: preference}))
    if not (user.is_active and user.email and wants_event_email(preference, has_chat=has_chat) and still_seen):
        _finish(delivery_id, token, status=NotificationDelivery.Status.SKIPPED)
        return "skipped"
    try:
        email = build_event_email(notification, discreet=preference.discreet, message_id=delivery.message_id)
        email.send()
    except Exception as error:  # any mail backend's failure: recorded, retried, never lost silently
        return _record_failure(delivery, token, error)
    _finish(delivery_id, token, status=NotificationDelivery.Status.SENT, sent_at=timezone.now())
    return "sent"


def _record_failure(delivery: NotificationDelivery, token: str, error: Exception, **fields) -> str:
    logger.warning("notification delivery %s failed: %s", delivery.pk, type(error).__name__)
    attempts = delivery.attempts + 1
    given_up = attempts >= MAX_EMAIL_ATTEMPTS
    status = NotificationDelivery.Status.FAILED if given_up else NotificationDelivery.Status.PENDING
    _finish(delivery.pk, token, status=status, attempts=attempts, last_error=type(error).__name__, **fields)
    return "failed" if given_up else "retry"


def _send_by_telegram(delivery: NotificationDelivery, token: str) -> str:
    """One event's Telegram message, discreet unless the person turned details on. Marked handed
    over (started_at) just before it goes and recorded sent right after Telegram took it: a task
    that died in between is not followed by a second message."""
    notification = delivery.notification
    user = notification.user
    preference = ReminderPreference.for_user(user)
    still_seen = Notification.objects.visible_to(user).filter(pk=notification.pk).exists()
    if not (user.is_active and preference.by_telegram and still_seen):
        _finish(delivery.pk, token, status=NotificationDelivery.Status.SKIPPED)
        return "skipped"
    if delivery.started_at is not None:
        note = "not confirmed: the task that handed it to Telegram died before the answer"
        _finish(delivery.pk, token, status=NotificationDelivery.Status.SENT, last_error=note)
        return "sent"
    link = TelegramLink.objects.select_related("user").filter(user=user, broken_at__isnull=True).first()
    if link is None or not bot_api.enabled():
        _finish(delivery.pk, token, status=NotificationDelivery.Status.SKIPPED, last_error="no working chat")
        return _fall_back_to_email(notification)
    message = event_message(notification, link)
    ours = NotificationDelivery.objects.filter(pk=delivery.pk, claim_token=token)
    if not ours.update(started_at=timezone.now()):
        return "taken"
    try:
        with BotAPI() as api:
            api.send_message(link.chat_id, message.text, buttons=message.buttons)
    except BotBlocked as error:
        if link.mark_broken(str(error)):
            notify_telegram_broken(link)
        status = NotificationDelivery.Status.SKIPPED
        _finish(delivery.pk, token, status=status, started_at=None, last_error=type(error).__name__)
        return _fall_back_to_email(notification)
    except Exception as error:  # down, slow, refused: recorded and retried like an email
        return _record_failure(delivery, token, error, started_at=None)
    _finish(delivery.pk, token, status=NotificationDelivery.Status.SENT, sent_at=timezone.now())
    return "sent"


def _fall_back_to_email(notification: Notification) -> str:
    """The chat refused the news: send it by email now (wants_event_email sees the broken chat). An
    email that fails is queued again with the same back-off as any event email (its own task, not
    the Telegram message's, which is done)."""
    NotificationDelivery.objects.bulk_create(
        [NotificationDelivery(notification=notification, channel=NotificationDelivery.Channel.EMAIL)],
        ignore_conflicts=True,
    )
    email = NotificationDelivery.objects.get(notification=notification, channel=NotificationDelivery.Channel.EMAIL)
    if notification_delivery_send(email.pk) == "retry":
        from reminders.tasks import send_notification  # the tasks module imports this one

        send_notification.apply_async(args=[email.pk], countdown=RETRY_FIRST_SECONDS)
    return "fallback"


def stalled_delivery_ids(now: dt.datetime | None = None) -> list[int]:
    """Emails and Telegram messages still waiting well after they were planned, and held by no live
    task (both channels, and the emails a refused Telegram message fell back to): their task was
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
