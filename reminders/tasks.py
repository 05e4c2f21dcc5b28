"""Celery tasks: thin — ids in, the domain code does the work. Enqueued after commit only
(reminders.receivers), never with model instances. Acks late and re-delivered when a worker dies
(CELERY_TASK_ACKS_LATE / CELERY_TASK_REJECT_ON_WORKER_LOST): every task here is safe to repeat."""

import logging

from celery import shared_task
from django.contrib.auth import get_user_model
from django.utils.dateparse import parse_datetime

from config.celery import enqueue_on_commit
from reminders import digest, notify, services
from reminders.models import ReminderPreference
from reminders.recipients import organizations_application_ids
from reminders.sweep import sweep_due_reminders

logger = logging.getLogger(__name__)


@shared_task(name="reminders.sweep")
def sweep() -> str:
    return str(sweep_due_reminders())


@shared_task(name="reminders.send_digests")
def send_digests() -> dict[str, int]:
    """Every quarter of an hour: the summaries whose 09:00 has come in their reader's zone."""
    return digest.send_due_digests()


@shared_task(name="reminders.reconcile")
def reconcile() -> int | None:
    synced = services.reminders_reconcile_for_period()
    if synced is not None:  # this run owns the period: it also re-queues the event emails left waiting
        for delivery_id in notify.stalled_delivery_ids():
            send_notification.delay(delivery_id)
    return synced


@shared_task(name="reminders.sync_application")
def sync_application(application_id: int) -> None:
    services.reminders_sync(application_id=application_id)


@shared_task(name="reminders.sync_organization")
def sync_organization(organization_id: int) -> None:
    for application_id in sorted(organizations_application_ids(organization_id)):
        services.reminders_sync(application_id=application_id)


@shared_task(name="reminders.sync_user")
def sync_user(user_id: int, preferences_saved_at: str | None = None) -> None:
    """Re-plan a person's reminders. Queued by a save of their preferences with the moment it was
    saved: when they saved again since, that later save's own task plans with the newest choice,
    so this one has nothing to do (a burst of clicks costs one re-plan, not one each)."""
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        return
    saved_at = parse_datetime(preferences_saved_at) if preferences_saved_at else None
    if saved_at is not None and ReminderPreference.objects.filter(user=user, updated_at__gt=saved_at).exists():
        return
    services.reminders_sync_for_user(user=user)


@shared_task(name="reminders.notify_event")
def notify_event(
    event: str, application_id: int, appeal_id: int | None, timeline_entry_id: int, actor_id: int | None, params: dict
) -> None:
    """Queued on commit by the verb's signal (reminders.receivers.application_event)."""
    delivery_ids = notify.event_notify(
        event=event,
        application_id=application_id,
        appeal_id=appeal_id,
        timeline_entry_id=timeline_entry_id,
        actor_id=actor_id,
        params=params,
    )
    for delivery_id in delivery_ids:
        enqueue_on_commit(send_notification, delivery_id)


@shared_task(name="reminders.notify_authority_review")
def notify_authority_review(organization_id: int, actor_id: int | None, params: dict) -> None:
    """Queued on commit by an editor's verb on a group's authority (reminders.receivers.authority_reviewed)."""
    notify.authority_review_notify(organization_id=organization_id, actor_id=actor_id, params=params)


@shared_task(bind=True, name="reminders.send_notification", max_retries=notify.MAX_EMAIL_ATTEMPTS)
def send_notification(self, delivery_id: int) -> str:
    """One event email. Safe to run twice: the delivery row is claimed before anything is sent."""
    outcome = notify.notification_delivery_send(delivery_id)
    if outcome == "retry":
        raise self.retry(countdown=notify.RETRY_FIRST_SECONDS * 2**self.request.retries)
    return outcome
