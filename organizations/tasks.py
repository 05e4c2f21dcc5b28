"""Celery tasks: thin — ids in, the model does the work, enqueued after commit."""

import logging
import smtplib

from celery import shared_task
from django.conf import settings

from config.celery import enqueue_on_commit
from organizations.models import Invitation

logger = logging.getLogger(__name__)


@shared_task(name="organizations.send_invitation")
def send_invitation(invitation_id: int) -> bool:
    """Mail a group invitation if it still stands and has an address. Sent after the request: the
    answer to "invite" takes the same time whether or not an account had that username."""
    invitation = Invitation.objects.select_related("organization").filter(pk=invitation_id).first()
    if invitation is None or not invitation.email or not invitation.is_usable:
        return False
    try:
        invitation.send_email(accept_url=settings.SITE_URL.rstrip("/") + invitation.get_absolute_url())
    except (smtplib.SMTPException, OSError):
        logger.exception("Invitation %s: the email could not be sent", invitation_id)
        return False
    return True


def send_invitation_on_commit(invitation) -> None:
    """Queue the invitation's email once the current transaction commits. A broker that is down is
    logged, not raised: the invitation stands and the coordinator can still share its link."""
    enqueue_on_commit(send_invitation, invitation.pk)
