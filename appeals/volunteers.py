"""Volunteers on an appeal: assigning the legal volunteers of the application's groups directly,
and inviting anyone else by email (invite, send, revoke, accept). Views and API viewsets call
these; none of them writes an assignment or an invitation by hand.

Permissions (organizations/access.py): a caller who may *see* an appeal but not do the thing gets
PermissionDenied (a 403 — they already know it exists); one who may not see it never gets here
(views fetch through `Appeal.objects.visible_to(user)` and answer 404).
"""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import BaseUserManager
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from appeals.models import (
    Appeal,
    AppealInvitation,
    AppealVolunteer,
)
from config.mail import subject_line
from organizations import access
from organizations.access import require
from organizations.models import INVITATION_LIFETIME, Membership

logger = logging.getLogger(__name__)

# --- volunteers ----------------------------------------------------------------------------------------


def may_volunteer(user, appeal) -> bool:
    """Whom a coordinator may assign without asking: a legal volunteer (role `legal`) of the lead
    or a co-organizing group of the application, who took that role in that group by accepting its
    invitation. Anyone else is invited by email (appeal_invite_volunteer) and decides themselves."""
    return access.memberships_on(appeal.application).filter(user=user, role=Membership.Role.LEGAL).exists()


def _find_volunteer(appeal, username: str, field: str):
    username = (username or "").strip() if isinstance(username, str) else ""
    user = get_user_model().objects.filter(username=username, is_active=True).first() if username else None
    # Someone already assigned stays assignable, whoever they are: a volunteer who came through an
    # emailed invitation belongs to no group, and a list of volunteers sent back must keep them.
    if user is not None and (may_volunteer(user, appeal) or appeal.volunteer_assignments.filter(user=user).exists()):
        return user
    # One answer for a name nobody has and for a person who may not be assigned directly: the
    # form is no way to learn who has an account.
    raise ValidationError(
        {
            field: _(
                "“%(username)s” cannot be assigned directly: only the legal volunteers of the groups on this "
                "application can. Invite anyone else by email."
            )
            % {"username": username[:150]}
        }
    )


@transaction.atomic
def appeal_assign_volunteer(*, appeal: Appeal, username: str, by, field: str = "username") -> AppealVolunteer:
    """Assign one volunteer by username. Assigning someone already assigned changes nothing."""
    require(Appeal.objects.coordinated_by(by), appeal, forbidden=access.NOT_COORDINATED)
    user = _find_volunteer(appeal, username, field)
    assignment, created = AppealVolunteer.objects.get_or_create(appeal=appeal, user=user, defaults={"assigned_by": by})
    if created:
        appeal.deadlines_changed()  # one more person to remind
    return assignment


@transaction.atomic
def appeal_remove_volunteer(*, appeal: Appeal, user, by) -> bool:
    """End an assignment: with it ends the volunteer's access to the appeal and its application
    (unless they belong to one of its groups)."""
    require(Appeal.objects.coordinated_by(by), appeal, forbidden=access.NOT_COORDINATED)
    deleted, _rows = AppealVolunteer.objects.filter(appeal=appeal, user=user).delete()
    if deleted:
        appeal.deadlines_changed()
    return bool(deleted)


@transaction.atomic
def appeal_set_volunteers(*, appeal: Appeal, usernames, by, field: str = "volunteers"):
    """Make the assigned volunteers exactly `usernames`: every name is checked before anything
    changes, so one unknown name leaves the assignments as they were."""
    require(Appeal.objects.coordinated_by(by), appeal, forbidden=access.NOT_COORDINATED)
    wanted = {}
    for username in usernames:
        user = _find_volunteer(appeal, username, field)
        wanted[user.pk] = user
    current = set(appeal.volunteer_assignments.values_list("user_id", flat=True))
    removed = current - set(wanted)
    AppealVolunteer.objects.filter(appeal=appeal, user_id__in=removed).delete()
    for pk in set(wanted) - current:
        AppealVolunteer.objects.get_or_create(appeal=appeal, user=wanted[pk], defaults={"assigned_by": by})
    if removed or set(wanted) - current:
        appeal.deadlines_changed()


# --- invitations by email -------------------------------------------------------------------------------


def _clean_email(email) -> str:
    email = email.strip() if isinstance(email, str) else ""
    if not email:
        raise ValidationError({"email": _("Type the email address of the person you invite.")})
    max_length = AppealInvitation._meta.get_field("email").max_length
    try:
        validate_email(email)
        valid = len(email) <= max_length
    except ValidationError:
        valid = False
    if not valid:
        raise ValidationError(
            {"email": _("“%(email)s” is not an email address: check it for typos.") % {"email": email[:max_length]}}
        )
    return BaseUserManager.normalize_email(email)


def _user_with_email(email: str):
    """The active account with this address (its main one or another it confirmed), if any."""
    return (
        get_user_model()
        .objects.filter(Q(email__iexact=email) | Q(emailaddress__email__iexact=email), is_active=True)
        .order_by("pk")
        .first()
    )


@transaction.atomic
def appeal_invite_volunteer(*, appeal: Appeal, email: str, by) -> AppealInvitation:
    """Invite someone by email to work on this appeal (coordinators of the lead group). Whoever
    accepts the link is assigned to the appeal — the address may belong to no account yet, and its
    owner to no group. Inviting an address that still has an open invitation replaces it: the new
    link works, the old one no longer does. Sends nothing: appeal_invite_and_send mails the link
    once the invitation is saved."""
    require(Appeal.objects.coordinated_by(by), appeal, forbidden=access.NOT_COORDINATED)
    email = _clean_email(email)
    existing = _user_with_email(email)
    if existing is not None and appeal.volunteer_assignments.filter(user=existing).exists():
        raise ValidationError(
            {
                "email": _("%(email)s is already assigned to this appeal (as %(username)s).")
                % {"email": email, "username": existing.username}
            }
        )
    # Lock the appeal: two coordinators inviting the same address at once replace in turn, and the
    # partial unique index (one open invitation per address) never sees two.
    Appeal.objects.select_for_update().filter(pk=appeal.pk).first()
    for previous in appeal.invitations.open().filter(email__iexact=email):
        previous.revoke()
    return AppealInvitation.objects.create(appeal=appeal, email=email, invited_by=by)


def appeal_invitation_send(invitation: AppealInvitation, *, language: str | None = None) -> None:
    """Mail the link, absolute, in the invitee's language (SingleUseLink.in_invitees_language;
    `language` is the inviter's, as they saw the page). Raises what the mail
    backend raises (smtplib.SMTPException, OSError): the caller says the mail did not go out.

    The email names the group and the venue, not the application: an address mistyped by one
    letter must not tell a stranger what the group plans."""
    with invitation.in_invitees_language(language):
        context = {
            "invitation": invitation,
            "appeal": invitation.appeal,
            "organization": invitation.appeal.application.organization,
            "inviter": invitation.invited_by.display_name if invitation.invited_by else "",
            "accept_url": settings.SITE_URL.rstrip("/") + invitation.get_absolute_url(),
            "lifetime_days": INVITATION_LIFETIME.days,
        }
        subject = subject_line(render_to_string("appeals/email/invitation_subject.txt", context))
        body = render_to_string("appeals/email/invitation_body.txt", context)
    send_mail(subject, body, None, [invitation.email])


def appeal_invite_and_send(*, appeal: Appeal, email: str, by) -> tuple[AppealInvitation, bool]:
    """appeal_invite_volunteer, then the email: (the invitation, whether the mail went out). A mail
    outage keeps the invitation; the page and the API show its link to copy and send by hand."""
    language = translation.get_language()
    invitation = appeal_invite_volunteer(appeal=appeal, email=email, by=by)
    try:
        appeal_invitation_send(invitation, language=language)
    except (smtplib.SMTPException, OSError):
        logger.exception("Appeal invitation %s: the email could not be sent", invitation.pk)
        return invitation, False
    return invitation, True


@transaction.atomic
def appeal_invitation_revoke(*, invitation: AppealInvitation, by) -> bool:
    """Revoke a pending invitation: its link stops working. An accepted one is an assignment now
    (remove the volunteer instead); an expired or revoked one changes nothing. True if revoked."""
    require(Appeal.objects.coordinated_by(by), invitation.appeal, forbidden=access.NOT_COORDINATED)
    invitation = AppealInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.state == "accepted":
        raise ValidationError(
            _("%(email)s has already accepted this invitation: remove the volunteer instead.")
            % {"email": invitation.email}
        )
    if invitation.state != "pending":
        return False
    invitation.revoke()
    return True
