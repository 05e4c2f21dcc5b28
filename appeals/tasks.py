"""Celery tasks of appeals: thin — ids in, the appeal's own verbs do the work (config/celery.py
discovers this module). Enqueued after commit only (appeals.receivers). Safe to repeat."""

from celery import shared_task

from appeals.models import Appeal, AppealStatus


@shared_task(name="appeals.sync_deadlines_of_applications")
def sync_deadlines_of_applications(application_ids: list[int]) -> int:
    """Recompute the filing deadline of every open appeal of these applications (a deadline rule or
    a calendar correction changed). Returns how many appeals."""
    appeals = Appeal.objects.filter(application_id__in=application_ids).exclude(
        status__in=[AppealStatus.DECIDED, AppealStatus.WITHDRAWN]
    )
    count = 0
    for appeal in appeals.select_related("application__authority__jurisdiction", "decision").order_by("pk"):
        appeal.sync_deadlines()
        count += 1
    return count
