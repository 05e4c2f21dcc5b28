"""Operations on an appeal that span several models or apps: "my appeals", opening one (with its
deadline, volunteers and first draft) and changing it through its verbs. The draft lives in
appeals/drafts.py, volunteers and their invitations in appeals/volunteers.py. Views, API viewsets
and the demo loader all call these; none of them writes an appeal by hand.

Permissions (organizations/access.py): a caller who may *see* an appeal but not do the thing gets
PermissionDenied (a 403 — they already know it exists); one who may not see it never gets here
(views fetch through `Appeal.objects.visible_to(user)` and answer 404).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from appeals.drafts import draft_assemble
from appeals.models import (
    Appeal,
    AppealDraft,
    AppealStatus,
    DraftRevision,
    RevisionOrigin,
    Venue,
)
from appeals.volunteers import appeal_set_volunteers
from organizations import access
from organizations.access import require
from permits.models import Deadline, Decision, PermitApplication
from permits.models.planning import local_today

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
