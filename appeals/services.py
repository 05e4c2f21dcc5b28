"""Operations on appeals that span several models or apps: opening one (with its deadline and first
draft), assigning volunteers, changing it through its verbs, and the draft — assembling, saving with
optimistic locking, regenerating, restoring, comparing and exporting. Views, API viewsets and the
demo loader all call these; none of them writes an appeal, a draft or an assignment by hand.

Permissions (organizations/access.py): a caller who may *see* an appeal but not do the thing gets
PermissionDenied (a 403 — they already know it exists); one who may not see it never gets here
(views fetch through `Appeal.objects.visible_to(user)` and answer 404).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import smtplib
from dataclasses import dataclass
from typing import NamedTuple

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import BaseUserManager
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from appeals import comparison, drafting
from appeals.docx_export import EmptyDraft, draft_docx
from appeals.models import (
    MAX_DRAFT_CHARS,
    Appeal,
    AppealDraft,
    AppealInvitation,
    AppealStatus,
    AppealVolunteer,
    Argument,
    ArgumentKind,
    DraftConflict,
    DraftRevision,
    DraftTemplate,
    RevisionOrigin,
    Venue,
)
from config import audit
from config.mail import subject_line
from config.text import strip_control_characters
from organizations import access
from organizations.access import require
from organizations.models import INVITATION_LIFETIME, Membership, Organization
from permits.models import Deadline, Decision, PermitApplication, TimelineEntry
from permits.models.planning import local_today
from permits.services import application_create
from permits.timeline import TimelineMessage
from reports.services import authority_record

logger = logging.getLogger(__name__)

# --- "My appeals" ------------------------------------------------------------------------------------


def my_appeals(user) -> list[Appeal]:
    """ "My appeals", the nearest open deadline first (Appeal.objects.mine). Each row's dates are
    shown once: its filing deadline (with `days` left, for the chip) and `other_deadline`, the next
    open deadline that is not the filing one (a hearing, a court claim), if any."""
    appeals = list(Appeal.objects.mine(user).for_list().select_related("filing_deadline"))
    others: dict[int, Deadline] = {}
    upcoming = (
        Deadline.objects.filter(appeal__in=appeals, done_at__isnull=True)
        .exclude(pk__in=[a.filing_deadline_id for a in appeals if a.filing_deadline_id])
        .order_by("due_at", "id")
    )
    for deadline in upcoming:
        others.setdefault(deadline.appeal_id, deadline)
    for appeal in appeals:
        appeal.other_deadline = others.get(appeal.pk)
        for deadline in (appeal.filing_deadline if appeal.filing_deadline_id else None, appeal.other_deadline):
            if deadline is not None:
                deadline.application = appeal.application  # its zone, without a query per row
                deadline.days = deadline.days_left()
                deadline.days_past = -deadline.days
    return appeals


# --- opening an appeal --------------------------------------------------------------------------------


def _language(language: str | None, by) -> str:
    codes = [code for code, _name in settings.LANGUAGES]
    if language:
        if language not in codes:
            raise ValidationError({"language": _("Choose one of: %(codes)s.") % {"codes": ", ".join(codes)}})
        return language
    preferred = getattr(by, "language", "") or settings.LANGUAGE_CODE
    return preferred if preferred in codes else settings.LANGUAGE_CODE


@transaction.atomic
def appeal_open(
    *,
    decision: Decision,
    venue: str,
    by,
    language: str | None = None,
    volunteers: list[str] | tuple[str, ...] = (),
    filing_due_on: dt.date | None = None,
    complaint_decision_received_on: dt.date | None = None,
    opened_on: dt.date | None = None,
) -> Appeal:
    """Open an appeal against a refusal: its filing deadline from the rules for the venue, the
    timeline entry, the volunteers, and the first draft assembled from the case and the library.

    `filing_due_on` is only for venues that have no rule (prosecutor, ombudsman, UN committee): a
    date a person found, kept as a custom deadline. `volunteers` (usernames) need a coordinator.
    `opened_on` dates the timeline entry (default: today), for an appeal recorded after the fact."""
    application = decision.application
    if not access.allows(PermitApplication.objects.appealable_by(by), application):
        raise ValidationError(
            {"application": _("Only coordinators, members and legal volunteers of the lead group can open an appeal.")}
        )
    if not decision.is_refusal:
        raise ValidationError({"decision": _("Only a refusal can be appealed; this decision is an approval.")})
    if venue not in Venue.values:
        raise ValidationError({"venue": _("Choose one of the venues.")})
    if filing_due_on is not None and venue in (Venue.HIGHER_AUTHORITY, Venue.COURT):
        raise ValidationError(
            {"filing_due_on": _("This venue's deadline comes from the law's rule; change it on the deadline instead.")}
        )
    if complaint_decision_received_on is not None and complaint_decision_received_on < decision.decided_on:
        raise ValidationError(
            {"complaint_decision_received_on": _("The decision on the complaint cannot come before the refusal.")}
        )
    if volunteers and not access.allows(PermitApplication.objects.coordinated_by(by), application):
        raise ValidationError({"volunteers": _("Only coordinators of the lead group assign volunteers.")})
    if Appeal.objects.filter(decision=decision, venue=venue).exclude(status=AppealStatus.WITHDRAWN).exists():
        raise ValidationError({"venue": _("There is already an appeal against this refusal to that venue.")})
    appeal = Appeal(
        application=application,
        decision=decision,
        venue=venue,
        language=_language(language, by),
        complaint_decision_received_on=complaint_decision_received_on,
        created_by=by,
    )
    try:
        with transaction.atomic():
            appeal.save()
    except IntegrityError:  # the same appeal opened twice at once
        raise ValidationError({"venue": _("There is already an appeal against this refusal to that venue.")}) from None
    appeal.sync_deadlines(by=by, custom_due_on=filing_due_on)
    appeal.log_opened(on=opened_on, by=by)
    if volunteers:
        appeal_set_volunteers(appeal=appeal, usernames=volunteers, by=by)
    assembled = draft_assemble(appeal)
    if assembled.language != appeal.language:
        appeal.language = assembled.language
        appeal.save(update_fields=["language", "updated_at"])
    draft = AppealDraft.objects.create(appeal=appeal, text=assembled.text, version=1)
    DraftRevision.objects.create(
        draft=draft,
        version=1,
        text=assembled.text,
        origin=RevisionOrigin.GENERATED,
        author=None,
        note=" ".join(assembled.notes)[:300],
        arguments_used=assembled.arguments_used,
    )
    return appeal


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


def appeal_invitation_accept(*, invitation: AppealInvitation, user) -> AppealVolunteer:
    """Accept the link as `user`: they are assigned to the appeal (nothing else: no membership).
    Raises ValidationError if the link was used, revoked or expired meanwhile."""
    return invitation.accept(user)


# --- changing an appeal (the API's PATCH, the workspace's forms) ----------------------------------------


CHANGEABLE = (
    "venue",
    "status",
    "filed_on",
    "case_number",
    "outcome",
    "decided_on",
    "complaint_decision_received_on",
    "language",
    "filing_due_on",
    "volunteers",
)


@transaction.atomic
def appeal_change(*, appeal: Appeal, by, **changes) -> Appeal:
    """Apply what was sent, each through its verb: `filed_on` on an appeal in preparation files
    it (as does status "filed"); `outcome` on a filed one decides it (status "decided");
    status "withdrawn" withdraws it; a hearing is scheduled with schedule_hearing, not here.
    Dates and the case number of a filed appeal are corrected in place."""
    unknown = set(changes) - set(CHANGEABLE)
    if unknown:
        raise TypeError(f"appeal_change() cannot change {sorted(unknown)}")
    require(Appeal.objects.workable_by(by), appeal, forbidden=access.NOT_WORKABLE)
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    today = local_today(appeal.application.jurisdiction.time_zone)
    status = changes.pop("status", None)
    if "volunteers" in changes:
        appeal_set_volunteers(appeal=appeal, usernames=changes.pop("volunteers"), by=by)
    if "language" in changes:
        appeal.language = _language(changes.pop("language"), by)
        appeal.save(update_fields=["language", "updated_at"])
    if "venue" in changes:
        appeal.change_venue(changes.pop("venue"), custom_due_on=changes.pop("filing_due_on", None), by=by)
    if "filing_due_on" in changes:
        due_on = changes.pop("filing_due_on")
        if appeal.venue in (Venue.HIGHER_AUTHORITY, Venue.COURT):
            raise ValidationError(
                {"filing_due_on": _("This venue's deadline comes from the law's rule; change it on the deadline.")}
            )
        if due_on is not None:
            appeal.sync_deadlines(by=by, custom_due_on=due_on)
    if "complaint_decision_received_on" in changes:
        appeal.set_complaint_decision_received_on(changes.pop("complaint_decision_received_on"), by=by)

    filed_on = changes.pop("filed_on", None)
    case_number = changes.pop("case_number", None)
    outcome = changes.pop("outcome", None)
    decided_on = changes.pop("decided_on", None)

    if status == AppealStatus.PREPARING and appeal.status != AppealStatus.PREPARING:
        raise ValidationError({"status": _("A filed appeal cannot go back to preparation.")})
    if status == AppealStatus.HEARING_SCHEDULED and appeal.status != AppealStatus.HEARING_SCHEDULED:
        raise ValidationError({"status": _("Schedule a hearing (its date and place) to change the status.")})

    if appeal.status == AppealStatus.PREPARING and (status == AppealStatus.FILED or filed_on is not None):
        appeal.file(on=filed_on or today, case_number=case_number, by=by)
        case_number = None
    elif filed_on is not None and filed_on != appeal.filed_on:
        appeal.correct(by=by, filed_on=filed_on)
    if case_number is not None and case_number != appeal.case_number:
        appeal.correct(by=by, case_number=case_number)

    if appeal.status == AppealStatus.DECIDED:
        corrections = {name: value for name, value in (("outcome", outcome), ("decided_on", decided_on)) if value}
        if corrections:
            appeal.correct(by=by, **corrections)
    elif status == AppealStatus.DECIDED or outcome:
        if appeal.status == AppealStatus.PREPARING:
            raise ValidationError({"outcome": _("File the appeal before recording its outcome.")})
        appeal.record_outcome(outcome=outcome or "", on=decided_on or today, by=by)
    if status == AppealStatus.WITHDRAWN and appeal.status != AppealStatus.WITHDRAWN:
        appeal.withdraw(on=today, by=by)
    return appeal


# --- the first draft -----------------------------------------------------------------------------------


def _citations(argument: Argument) -> tuple[drafting.CitationText, ...]:
    return tuple(
        drafting.CitationText(
            instrument=c.instrument,
            article_or_paragraph=c.article_or_paragraph,
            url=c.url,
            confirmed=c.confirmed,
        )
        for c in argument.citations.all()
    )


def _argument_text(argument: Argument) -> drafting.ArgumentText:
    return drafting.ArgumentText(
        title=argument.title,
        text=argument.text,
        citations=_citations(argument),
        code=argument.code,
        version=argument.version,
        shared=argument.is_shared,
    )


def _deadline_text(deadline) -> drafting.DeadlineText | None:
    if deadline is None:
        return None
    data = deadline.computation_data or {}
    if deadline.rule_id is None or deadline.is_overridden or data.get("method") != "rule":
        return drafting.DeadlineText(due_on=deadline.due_on, title=deadline.label)
    return drafting.DeadlineText(
        due_on=deadline.due_on,
        source=deadline.rule_source,
        rule_code=deadline.rule.code,
        start=deadline.starts_on,
        count=int(data.get("count") or 0),
        unit=data.get("unit", ""),
        rolled=bool(data.get("rolled_over")),
        needs_verification=deadline.needs_verification,
    )


def draft_facts(appeal: Appeal, *, language: str, template: DraftTemplate | None) -> drafting.CaseFacts:
    """Everything the assembler needs, read from the case and the library."""
    application = appeal.application
    decision = appeal.decision
    # The shared library and the lead group's own arguments: never another group's.
    arguments = list(
        Argument.objects.for_organization(application.organization_id)
        .in_language(language)
        .prefetch_related("citations", "reasons")
        .order_by("position", "id")
    )
    arguments = [a for a in arguments if a.applies_to_venue(appeal.venue)]

    def of_kind(kind):
        return tuple(_argument_text(a) for a in arguments if a.kind == kind)

    grounds = []
    for ground in decision.grounds.select_related("reason"):
        answering = tuple(
            _argument_text(a)
            for a in arguments
            if a.kind == ArgumentKind.GROUND and any(r.code == ground.reason.code for r in a.reasons.all())
        )
        grounds.append(
            drafting.GroundText(
                reason_code=ground.reason.code,
                reason_name=ground.reason.name,
                legal_basis=ground.reason.legal_basis,
                quote=ground.quote,
                arguments=answering,
            )
        )
    timeline = tuple(
        drafting.TimelineFact(on=entry.happened_on, kind=entry.kind, summary=entry.summary, details=entry.details)
        for entry in application.timeline.filter(kind__in=drafting.FACT_KINDS).order_by("happened_on", "created_at")
    )
    outlook = application.remedy_outlook
    filing = appeal.filing_deadline if appeal.filing_deadline_id else None
    template_text = (
        drafting.TemplateText(template.heading, template.request, template.closing)
        if template is not None
        else drafting.TemplateText("", "", "")
    )
    return drafting.CaseFacts(
        language=language,
        venue=appeal.venue,
        template=template_text,
        lead=application.organization.name,
        co_organizers=tuple(o.name for o in application.co_organizers.order_by("name")),
        applicants=tuple(a.name for a in application.applicants.all()),
        authority=application.authority.name,
        jurisdiction=application.jurisdiction.name,
        event_title=application.title,
        event_type=application.event_type,
        event_day=application.event_day,
        place=application.location,
        route=application.route,
        filed_on=application.filed_on,
        filing_reference=application.reference_number,
        decision_date=decision.decided_on,
        decision_number=decision.reference_number,
        decision_received_on=decision.received_on,
        response_due_on=application.response_due_on,
        answered_late=application.answered_late,
        timeline=timeline,
        grounds=tuple(grounds),
        no_alternative=of_kind(ArgumentKind.NO_ALTERNATIVE) if decision.place_taken_without_alternative else (),
        standards=of_kind(ArgumentKind.STANDARD),
        remedy=of_kind(ArgumentKind.REMEDY),
        remedy_before_event=outlook.decided_before_event if outlook else None,
        deadline=_deadline_text(filing),
    )


class AssembledDraft(NamedTuple):
    text: str
    language: str  # the language used
    notes: list[str]  # for the volunteer
    arguments_used: list[dict]  # the library's codes and versions, recorded on the revision


def draft_assemble(appeal: Appeal) -> AssembledDraft:
    """The draft text for the appeal as it stands now. A language without a template falls back
    to Russian, then English, with a note."""
    available = set(DraftTemplate.objects.filter(venue=appeal.venue).values_list("language", flat=True))
    language = drafting.draft_language(appeal.language, available)
    notes = []
    if language != appeal.language:
        asked = dict(settings.LANGUAGES).get(appeal.language, appeal.language)
        notes.append(drafting.fallback_note(str(asked), language))
    template = DraftTemplate.objects.filter(venue=appeal.venue, language=language).first()
    # Names with translations (the authority, the jurisdiction, the reasons) in the draft's
    # language, not in the language of whoever opened or regenerated it.
    with translation.override(language):
        facts = draft_facts(appeal, language=language, template=template)
    facts = dataclasses.replace(facts, notes=tuple(notes))
    return AssembledDraft(drafting.assemble(facts), language, notes, drafting.arguments_used(facts))


# --- saving, regenerating, restoring -------------------------------------------------------------------


def draft_of(appeal: Appeal) -> AppealDraft:
    """The appeal's draft; an appeal made outside appeal_open (the admin) gets an empty one."""
    try:
        return appeal.draft
    except AppealDraft.DoesNotExist:
        return AppealDraft.objects.get_or_create(appeal=appeal)[0]


def _clean_text(text) -> str:
    if not isinstance(text, str):
        raise ValidationError({"text": _("Send the draft's text.")})
    # The conditional UPDATE below sends no pre_save signal: the stored-text rule is applied here.
    text = strip_control_characters(text.replace("\r\n", "\n"))
    if len(text) > MAX_DRAFT_CHARS:
        raise ValidationError(
            {"text": _("The draft is too long: at most %(count)d characters.") % {"count": MAX_DRAFT_CHARS}}
        )
    return text


def _require_editable_draft(appeal: Appeal):
    if not appeal.can("edit_draft"):
        raise ValidationError(
            _("This appeal is %(status)s: its draft is kept as it was.") % {"status": appeal.get_status_display()}
        )


def draft_save(
    *,
    draft: AppealDraft,
    text: str,
    based_on_version: int | None,
    by,
    origin: str = RevisionOrigin.EDITED,
    note: str = "",
    restored_from: DraftRevision | None = None,
) -> DraftRevision:
    """Save `text` as the new current draft if `based_on_version` is still the current version.

    The check and the write are one conditional UPDATE (… WHERE version = based_on_version), so
    of two people saving on the same version exactly one wins; the other gets DraftConflict with
    the winner's text and version, and nothing of theirs is written — their text is still in their
    hands (the page shows both side by side). Every successful save is a DraftRevision. Saving
    the text unchanged on the current version changes nothing and returns the current revision."""
    if based_on_version is None or isinstance(based_on_version, bool) or not isinstance(based_on_version, int):
        raise ValidationError({"version": _("Send the version your text is based on (the number you loaded).")})
    text = _clean_text(text)
    require(Appeal.objects.workable_by(by), draft.appeal, forbidden=access.NOT_WORKABLE)
    _require_editable_draft(draft.appeal)
    new_version = based_on_version + 1
    with transaction.atomic():
        changed = (
            AppealDraft.objects.filter(pk=draft.pk, version=based_on_version)
            .exclude(text=text)
            .update(text=text, version=new_version, updated_by=by, updated_at=timezone.now())
        )
        if not changed:
            current = AppealDraft.objects.values("text", "version").get(pk=draft.pk)
            if current["version"] == based_on_version and current["text"] == text:
                return draft.revisions.saved().first()
            raise DraftConflict(text=current["text"], version=current["version"])
        # The text edited (or restored) still cites what its base was assembled from.
        base = restored_from or draft.revisions.saved().first()
        revision = DraftRevision.objects.create(
            draft=draft,
            version=new_version,
            text=text,
            origin=origin,
            author=by,
            note=note[:300],
            restored_from=restored_from,
            arguments_used=base.arguments_used if base is not None else [],
        )
    draft.text, draft.version, draft.updated_by = text, new_version, by
    # The conditional UPDATE sends no signal: the audit trail gets the new version by hand.
    audit.record_update(draft, {"version": (based_on_version, new_version)})
    return revision


def draft_regenerate(*, appeal: Appeal, by) -> DraftRevision:
    """Assemble the draft again from the case and the library as they are now, as a *proposal*
    beside the current text: nothing anyone wrote is replaced. The page compares it with the
    current text; draft_restore adopts it (through the same conflict-safe save)."""
    require(Appeal.objects.workable_by(by), appeal, forbidden=access.NOT_WORKABLE)
    _require_editable_draft(appeal)
    draft = draft_of(appeal)
    assembled = draft_assemble(appeal)
    notes = assembled.notes
    if not comparison.has_changes(draft.text, assembled.text):
        notes.append(_("Same as the current text."))
    return DraftRevision.objects.create(
        draft=draft,
        version=None,
        text=assembled.text,
        origin=RevisionOrigin.REGENERATED,
        author=by,
        note=" ".join(notes)[:300],
        arguments_used=assembled.arguments_used,
    )


def draft_restore(*, draft: AppealDraft, revision: DraftRevision, based_on_version: int | None, by) -> DraftRevision:
    """Make an earlier revision (or a regenerated proposal) the current text, as a new revision."""
    if revision.draft_id != draft.pk:
        raise ValidationError({"revision": _("This revision belongs to another draft.")})
    if revision.is_proposal:
        origin = RevisionOrigin.REGENERATED
        note = _("Adopted the text regenerated on %(moment)s.") % {
            "moment": formats.date_format(timezone.localtime(revision.created_at), "DATETIME_FORMAT")
        }
    else:
        origin = RevisionOrigin.RESTORED
        note = _("Restored from version %(version)d.") % {"version": revision.version}
    return draft_save(
        draft=draft,
        text=revision.text,
        based_on_version=based_on_version,
        by=by,
        origin=origin,
        note=note,
        restored_from=revision,
    )


@dataclass(frozen=True)
class Comparison:
    old_label: str
    new_label: str
    rows: list
    unified: str


def draft_compare(old: DraftRevision | AppealDraft, new: DraftRevision | AppealDraft, *, context=3) -> Comparison:
    """Two states of a draft, side by side (rows for a template) and as a unified diff."""

    def label(state) -> str:
        if isinstance(state, AppealDraft):
            return _("current text (version %(version)d)") % {"version": state.version}
        if state.is_proposal:
            return _("regenerated proposal")
        return _("version %(version)d") % {"version": state.version}

    old_label, new_label = label(old), label(new)
    return Comparison(
        old_label=old_label,
        new_label=new_label,
        rows=comparison.side_by_side(old.text, new.text, context=context),
        unified=comparison.unified(old.text, new.text, old_label=old_label, new_label=new_label),
    )


@dataclass(frozen=True)
class ConflictComparison:
    """What the conflict screen shows: each side's changes since the version both started from,
    passage by passage, and both changes merged when they do not touch the same lines."""

    version: int  # the current (their) version, on which the editor now stands
    text: str  # their text
    based_on_version: int | None  # the version the refused save started from, if it is still known
    saved: DraftRevision | None  # their revision: who saved it and when
    passages: list
    merged: str | None  # their changes and mine together; None when a passage clashes
    identical: bool  # my text is already theirs: nothing to merge


def conflict_comparison(
    *, draft: AppealDraft, based_on_version: int | None, current_text: str, current_version: int, mine: str
) -> ConflictComparison:
    """Compare a refused save (`mine`, started from `based_on_version`) with the current text.

    Both are compared with the revision they started from, so a line the colleague added shows as
    *their addition*, not as something missing from mine. When that revision is not known (a draft
    made outside Ruqsat's saves), the current text stands in for it: everything then reads as my
    changes to theirs."""
    revisions = {r.version: r for r in draft.revisions.filter(version__in=[based_on_version, current_version])}
    base = revisions.get(based_on_version)
    passages = comparison.three_way(base.text if base else current_text, current_text, mine)
    return ConflictComparison(
        version=current_version,
        text=current_text,
        based_on_version=based_on_version if base else None,
        saved=revisions.get(current_version),
        passages=passages,
        merged=comparison.merge(passages),
        identical=not comparison.has_changes(current_text, mine),
    )


# --- export --------------------------------------------------------------------------------------------


def draft_export_docx(appeal: Appeal) -> tuple[str, bytes]:
    """(file name, Word bytes) of the current draft. An empty draft is a ValidationError, never
    an empty file."""
    draft = draft_of(appeal)
    try:
        with translation.override(appeal.language):
            title = str(appeal)  # the file's title property, in the draft's language
        content = draft_docx(draft.text, title=title, language=appeal.language)
    except EmptyDraft:
        raise ValidationError(
            _("The draft is empty: write it, or restore an earlier version, before exporting it.")
        ) from None
    return f"appeal-{appeal.pk}-v{draft.version}.docx", content


def appeal_timeline(appeal: Appeal):
    """The application's timeline entries about appeals and hearings."""
    return appeal.application.timeline.filter(kind__in=[TimelineEntry.Kind.APPEAL, TimelineEntry.Kind.HEARING])


# --- plan B: re-filing while the appeal runs --------------------------------------------------------


@transaction.atomic
def application_refile(*, appeal: Appeal, by) -> tuple[PermitApplication, list[Organization]]:
    """Plan B beside the appeal: a new draft application copied from the refused one (groups,
    applicants, event type, authority, purpose, route), with the authority's proposed alternative
    as the place when it made one, and the date left for the group to change. The refused
    application's timeline notes the new one. Goes through permits.services.application_create, so
    only someone who may file for the lead group can; co-organizers the person does not belong to
    cannot be added by them (the same rule as the form) and are returned so the page can say so.
    The others are asked again, unless the person coordinates them: a new application is a new
    naming, which each group's coordinators agree to (permits.services.co_organizers_name)."""
    refused = appeal.application
    require(PermitApplication.objects.editable_by(by), refused, forbidden=access.NOT_REFILABLE)
    decision = appeal.decision
    alternative = decision.alternative_offered.strip()
    location, purpose = refused.location, refused.purpose
    if alternative:
        note = _("The authority's proposed alternative (refusal of %(date)s): %(alternative)s") % {
            "date": formats.date_format(decision.decided_on, "DATE_FORMAT"),
            "alternative": alternative,
        }
        purpose = f"{purpose}\n\n{note}".strip()
        if len(alternative) <= PermitApplication._meta.get_field("location").max_length:
            location = alternative
    allowed = set(access.organizations_of(by).values_list("pk", flat=True))
    co_organizers = list(refused.co_organizers.all())
    kept = [group for group in co_organizers if group.pk in allowed]
    dropped = [group for group in co_organizers if group.pk not in allowed]
    title_field = PermitApplication._meta.get_field("title")
    title = (_("%(title)s (plan B)") % {"title": refused.title})[: title_field.max_length]
    new = application_create(
        by=by,
        organization=refused.organization,
        co_organizers=kept,
        applicant_names=list(refused.applicants.values_list("name", flat=True)),
        title=title,
        event_type=refused.event_type,
        purpose=purpose,
        starts_at=refused.starts_at,
        ends_at=refused.ends_at,
        location=location,
        route=refused.route,
        expected_participants=refused.expected_participants,
        authority=refused.authority,
    )
    today = timezone.localdate()
    TimelineEntry.write(
        application=refused,
        kind=TimelineEntry.Kind.NOTE,
        on=today,
        summary=TimelineMessage(gettext_lazy("Plan B: a new application started while the appeal runs")),
        details=reverse("permits:application_detail", args=[new.pk]),
        by=by,
    )
    TimelineEntry.write(
        application=new,
        kind=TimelineEntry.Kind.NOTE,
        on=today,
        summary=TimelineMessage(gettext_lazy("Copied from the refused application “%(title)s”"), title=refused.title),
        details=reverse("permits:application_detail", args=[refused.pk]),
        by=by,
    )
    return new, dropped


# --- click to insert: an argument or the authority's record, appended to the draft ------------------


def argument_insert_text(argument: Argument, language: str) -> str:
    """The argument as the draft shows it: its title, its text and its citations, one a line."""
    lines = [argument.title, argument.text.strip()]
    lines += [f"- {citation.render(language)}" for citation in _citations(argument)]
    return "\n".join(line for line in lines if line)


def evidence_record(appeal: Appeal):
    """The refusing authority's record for the refusal's year (reports.authority_record)."""
    return authority_record(authority=appeal.application.authority, year=appeal.decision.decided_on.year)


def evidence_counts_refusal(appeal: Appeal) -> bool:
    """Whether the authority's record counts this appeal's own refusal: only when its lead group
    shares its statistics (the rule of reports.services._sharing_refusals). When it does not, the
    workspace says so, or "no refusal in 2021" would sit beside the 2021 refusal being appealed."""
    return appeal.application.organization.share_statistics


def evidence_draft_text(appeal: Appeal) -> str:
    """The authority's record as inserted into the draft: in the draft's language, whatever the
    language of the volunteer who clicks."""
    with translation.override(appeal.language):
        return evidence_insert_text(evidence_record(appeal))


def evidence_insert_text(record) -> str:
    lines = [record.paragraph]
    for case in record.cases:
        reasons = "; ".join(case.reasons)
        lines.append(f"- {formats.date_format(case.decided_on, 'DATE_FORMAT')}: {case.event_type} ({reasons})")
    return "\n".join(lines)


def draft_append(*, text: str, addition: str) -> str:
    """The editor's text with `addition` after a blank line (what the Insert button does in the browser)."""
    text = text.rstrip("\n")
    return f"{text}\n\n{addition}\n" if text else f"{addition}\n"
