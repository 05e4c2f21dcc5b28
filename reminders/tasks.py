"""Celery tasks: thin — ids in, the domain code does the work. Enqueued after commit only
(reminders.receivers), never with model instances. Acks late and re-delivered when a worker dies
(CELERY_TASK_ACKS_LATE / CELERY_TASK_REJECT_ON_WORKER_LOST): every task here is safe to repeat."""

import logging

from celery import shared_task
from django.contrib.auth import get_user_model
from django.db import transaction

from reminders import services
from reminders.recipients import organizations_application_ids
from reminders.sweep import sweep_due_reminders

logger = logging.getLogger(__name__)


def enqueue_on_commit(task, *args) -> None:
    """Queue `task(*args)` once the current transaction commits (at once outside one). A broker
    that is down is logged, not raised (robust=True): the request still succeeds and the hourly
    reconcile plans the rows anyway."""
    transaction.on_commit(lambda: task.delay(*args), robust=True)


@shared_task(name="reminders.sweep")
def sweep() -> str:
    return str(sweep_due_reminders())


@shared_task(name="reminders.reconcile")
def reconcile() -> int:
    return services.reminders_reconcile()


@shared_task(name="reminders.sync_application")
def sync_application(application_id: int) -> None:
    services.reminders_sync(application_id=application_id)


@shared_task(name="reminders.sync_organization")
def sync_organization(organization_id: int) -> None:
    for application_id in sorted(organizations_application_ids(organization_id)):
        services.reminders_sync(application_id=application_id)


@shared_task(name="reminders.sync_user")
def sync_user(user_id: int) -> None:
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is not None:
        services.reminders_sync_for_user(user=user)
