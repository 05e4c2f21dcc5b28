"""The email asking an invited group's coordinators to co-organize an application. It names the
lead group and who asks, not the application: an address that is out of date must not tell a
stranger what the groups plan (the page, behind log-in, shows the rest)."""

import logging
import smtplib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from organizations.models import INVITATION_LIFETIME, Membership
from permits.models import CoOrganizerInvitation

logger = logging.getLogger(__name__)


def co_organizer_invitation_send(invitation_id: int) -> int:
    invitation = (
        CoOrganizerInvitation.objects.select_related("application__organization", "organization", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or not invitation.is_usable:
        return 0
    coordinators = (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__organization_id=invitation.organization_id,
            memberships__role=Membership.Role.COORDINATOR,
        )
        .exclude(email="")
    )
    codes = {code for code, _name in settings.LANGUAGES}
    sent = 0
    for coordinator in coordinators:
        language = coordinator.language if coordinator.language in codes else settings.LANGUAGE_CODE
        with translation.override(language):
            context = {
                "invitation": invitation,
                "lead": invitation.application.organization,
                "group": invitation.organization,
                "inviter": invitation.invited_by.display_name if invitation.invited_by else "",
                "accept_url": settings.SITE_URL.rstrip("/") + invitation.get_absolute_url(),
                "lifetime_days": INVITATION_LIFETIME.days,
            }
            # One line, whatever a group's name holds: a newline would break the header.
            subject = " ".join(render_to_string("permits/email/co_organizer_subject.txt", context).split())
            body = render_to_string("permits/email/co_organizer_body.txt", context)
        try:
            send_mail(subject, body, None, [coordinator.email])
        except (smtplib.SMTPException, OSError):
            logger.exception("Co-organizer invitation %s: the email could not be sent", invitation_id)
        else:
            sent += 1
    return sent
