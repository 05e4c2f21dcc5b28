"""Celery tasks of permits: thin — ids in, the domain code does the work (config/celery.py discovers
this module). Safe to repeat: recomputing deadlines is idempotent."""

from celery import shared_task

from config.celery import enqueue_on_commit
from permits.co_organizer_mail import co_organizer_invitation_send
from permits.models import Jurisdiction
from permits.models.deadlines import refresh_deadlines_in


@shared_task(name="permits.refresh_deadlines_in")
def refresh_deadlines_in_jurisdictions(jurisdiction_ids: list[int]) -> int:
    """Recompute the deadlines of the applications (and their appeals) in these jurisdictions and the
    ones inside them. A jurisdiction deleted since the task was queued is skipped."""
    return refresh_deadlines_in(Jurisdiction.objects.filter(pk__in=jurisdiction_ids))


def enqueue_refresh_deadlines_in(jurisdiction_ids) -> None:
    """Queue the recomputation once the current transaction commits (at once outside one): a task
    started before the commit would read the old rule or calendar correction. A broker that is
    down is logged, not raised (robust=True): the operator's change is saved, and the admin's
    "Recompute" action still does it by hand."""
    ids = sorted({pk for pk in jurisdiction_ids if pk is not None})
    if ids:
        enqueue_on_commit(refresh_deadlines_in_jurisdictions, ids)


@shared_task(name="permits.send_co_organizer_invitation")
def send_co_organizer_invitation(invitation_id: int) -> int:
    """Mail a co-organizing request to each coordinator of the invited group. Returns how many went out."""
    return co_organizer_invitation_send(invitation_id)


def send_co_organizer_invitation_on_commit(invitation) -> None:
    """Queue the request's emails once it is saved; a broker that is down is logged, not raised (the
    request still shows on the invited group's page)."""
    enqueue_on_commit(send_co_organizer_invitation, invitation.pk)
