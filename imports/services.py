"""Importing a group's history through the verbs a typed application goes through, and exporting
it in the same columns.

Each row runs application_create (filed on its day: the deadlines that follow are computed, and
being past they plan no reminder), record_decision, appeal_open and Appeal.file with `by=` the
coordinator, so the timeline and the audit trail name her. A row runs in a savepoint of its own:
whatever a verb refuses rolls back that row alone and becomes its reason. A dry run is the same
run rolled back as a whole, so the preview says exactly what the import will do."""

import datetime as dt
import logging
from dataclasses import asdict, dataclass
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from appeals.models import Appeal
from appeals.services import appeal_open
from imports.columns import COLUMNS, COLUMNS_BY_KEY, LIST_SEPARATOR
from imports.reading import SheetRow
from imports.rows import ImportRow, Lookups, RowProblems, parse_row
from organizations import access
from permits.models import PermitApplication
from permits.services import application_create

logger = logging.getLogger(__name__)

OK, REFUSED, DUPLICATE = "ok", "refused", "duplicate"

# The columns a verb's field error belongs to, so the reason names the column the person sees.
FIELD_COLUMNS = {
    "filed_on": "filed_on",
    "received_on": "received_on",
    "decided_on": "decided_on",
    "conditions": "conditions",
    "grounds": "refusal_reasons",
    "venue": "appeal_venue",
    "ends_at": "ends_at",
    "starts_at": "starts_at",
    "title": "title",
    "location": "location",
    "authority": "authority",
}


@dataclass
class RowOutcome:
    row: int
    status: str
    reason: str = ""
    application: int | None = None
    decision: int | None = None
    appeal: int | None = None
    cells: dict | None = None  # the row as read, kept for a refused row's line in the refusals file
    stored: dict | None = None  # what Ruqsat made of a good row, for the preview (see as_stored)

    def as_dict(self) -> dict:
        return asdict(self)


def as_stored(application: PermitApplication) -> dict:
    """A stored row as the preview shows it, read back from what the verbs made (so the preview
    shows the computed deadlines, not what the file said)."""
    time_zone = ZoneInfo(application.jurisdiction.time_zone)
    decision = application.latest_decision
    return {
        "title": application.title,
        "event_type": application.get_event_type_display(),
        "starts_at": f"{application.starts_at.astimezone(time_zone):%Y-%m-%d %H:%M}",
        "authority": application.authority.name,
        "filed_on": application.filed_on.isoformat(),
        "status": application.get_status_display(),
        "grounds": [ground.reason.name for ground in decision.grounds.select_related("reason")] if decision else [],
        "appeals": [appeal.get_venue_display() for appeal in application.appeals.all()],
        "deadlines": [str(deadline) for deadline in application.deadlines.order_by("due_on", "pk")],
    }


def require_coordinator(*, organization, by) -> None:
    if not access.allows(access.organizations_of(by, access.COORDINATING_ROLES), organization):
        raise PermissionDenied(_("Only the group's coordinators can import its history."))


def _reason_from(error: ValidationError) -> str:
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    parts = []
    for name, messages in error.message_dict.items():
        column = COLUMNS_BY_KEY.get(FIELD_COLUMNS.get(name, ""))
        text = " ".join(messages)
        parts.append(f"{column.header()}: {text}" if column else text)
    return "; ".join(parts)


def _day_bounds(day: dt.date, time_zone: str) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(day, dt.time(0), tzinfo=ZoneInfo(time_zone))
    return start, start + dt.timedelta(days=1)


def find_same_application(*, organization, parsed: ImportRow) -> PermitApplication | None:
    """The application already in Ruqsat that this row describes, typed or imported: the same group,
    authority, type of event, event day and filing day. What identifies an application to the
    people who filed it; the title is left out, as it is often retyped differently."""
    authority = parsed.authority
    start, end = _day_bounds(
        parsed.application["starts_at"].astimezone(ZoneInfo(authority.jurisdiction.time_zone)).date(),
        authority.jurisdiction.time_zone,
    )
    return (
        PermitApplication.objects.filter(
            organization=organization,
            authority=authority,
            event_type=parsed.application["event_type"],
            filed_on=parsed.filed_on,
            starts_at__gte=start,
            starts_at__lt=end,
        )
        .order_by("pk")
        .first()
    )


def _store(parsed: ImportRow, *, organization, by) -> RowOutcome:
    application = application_create(
        by=by,
        organization=organization,
        filed_on=parsed.filed_on,
        reference_number=parsed.reference_number,
        **parsed.application,
    )
    outcome = RowOutcome(row=parsed.number, status=OK, application=application.pk)
    if parsed.decision is not None:
        decision = application.record_decision(by=by, **parsed.decision)
        outcome.decision = decision.pk
        if parsed.appeal is not None:
            filed_on = parsed.appeal["filed_on"]
            appeal = appeal_open(
                decision=decision,
                venue=parsed.appeal["venue"],
                by=by,
                opened_on=filed_on or decision.received_on or decision.decided_on,
            )
            if filed_on is not None:
                Appeal.objects.get(pk=appeal.pk).file(on=filed_on, case_number=parsed.appeal["case_number"], by=by)
            outcome.appeal = appeal.pk
    return outcome


def history_import(*, organization, by, rows: list[SheetRow], dry_run: bool) -> list[RowOutcome]:
    """Store every good row, each alone; one outcome per row, in the file's order."""
    require_coordinator(organization=organization, by=by)
    lookups = Lookups.for_organization(organization)
    outcomes = []
    stored_rows = {}  # application id → the row of this file that stored it
    with transaction.atomic():
        for row in rows:
            outcome = _import_row(row, organization=organization, by=by, lookups=lookups, stored_rows=stored_rows)
            outcomes.append(outcome)
        if dry_run:
            transaction.set_rollback(True)
    if dry_run:
        for outcome in outcomes:
            outcome.application = outcome.decision = outcome.appeal = None
    return outcomes


def _import_row(row: SheetRow, *, organization, by, lookups, stored_rows) -> RowOutcome:
    cells = {key: str(value) if value is not None else "" for key, value in row.cells.items()}
    try:
        parsed = parse_row(row, lookups)
    except RowProblems as problems:
        return RowOutcome(row=row.number, status=REFUSED, reason=str(problems), cells=cells)
    same = find_same_application(organization=organization, parsed=parsed)
    if same is not None:
        if same.pk in stored_rows:
            reason = _("The same application as row %(row)s of this file.") % {"row": stored_rows[same.pk]}
        else:
            reason = _("Already in Ruqsat: “%(title)s” (no. %(id)s).") % {"title": same.title, "id": same.pk}
        return RowOutcome(row=row.number, status=DUPLICATE, reason=reason, application=same.pk)
    try:
        with transaction.atomic():
            outcome = _store(parsed, organization=organization, by=by)
    except ValidationError as error:
        return RowOutcome(row=row.number, status=REFUSED, reason=_reason_from(error), cells=cells)
    except DatabaseError:  # a value past what a column holds that no validation caught; the savepoint is undone
        logger.exception("History import: row %s of a file for group %s", row.number, organization.pk)
        reason = _("This row could not be stored; check its values for one far too long or out of range.")
        return RowOutcome(row=row.number, status=REFUSED, reason=reason, cells=cells)
    stored_rows[outcome.application] = row.number
    application = PermitApplication.objects.select_related("authority__jurisdiction").get(pk=outcome.application)
    outcome.stored = as_stored(application)
    return outcome


# --- export ------------------------------------------------------------------------------------------


def history_rows(organization):
    """The group's filed applications as rows of the import's columns (values, in column order):
    dates as the import reads them, choices by their label in the active language."""
    applications = (
        PermitApplication.objects.filter(organization=organization, filed_on__isnull=False)
        .select_related("authority__jurisdiction")
        .prefetch_related("decisions__grounds__reason", "appeals")
        .order_by("starts_at", "pk")
    )
    for application in applications:
        time_zone = ZoneInfo(application.jurisdiction.time_zone)
        values = {
            "title": application.title,
            "event_type": application.get_event_type_display(),
            "starts_at": f"{application.starts_at.astimezone(time_zone):%Y-%m-%d %H:%M}",
            "ends_at": f"{application.ends_at.astimezone(time_zone):%Y-%m-%d %H:%M}" if application.ends_at else "",
            "location": application.location,
            "authority": application.authority.name,
            "filed_on": application.filed_on.isoformat(),
            "reference_number": application.reference_number,
        }
        decisions = sorted(application.decisions.all(), key=lambda d: (d.decided_on, d.pk))
        decision = decisions[-1] if decisions else None
        if decision is not None:
            grounds = sorted(decision.grounds.all(), key=lambda g: (g.position, g.pk))
            values.update(
                outcome=decision.get_outcome_display(),
                decided_on=decision.decided_on.isoformat(),
                received_on=decision.received_on.isoformat() if decision.received_on else "",
                decision_reference_number=decision.reference_number,
                conditions=decision.conditions,
                refusal_reasons=f" {LIST_SEPARATOR} ".join(g.reason.code for g in grounds),
                refusal_quotes=f" {LIST_SEPARATOR} ".join(g.quote for g in grounds)
                if any(g.quote for g in grounds)
                else "",
            )
            appeals = sorted((a for a in application.appeals.all() if a.decision_id == decision.pk), key=lambda a: a.pk)
            if appeals:
                values.update(
                    appeal_venue=appeals[0].get_venue_display(),
                    appeal_filed_on=appeals[0].filed_on.isoformat() if appeals[0].filed_on else "",
                    appeal_case_number=appeals[0].case_number,
                )
        yield [values.get(column.key, "") for column in COLUMNS]
