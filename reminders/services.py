"""Planning reminders (which rows should exist) and the few writes that span apps.

`reminders_sync(application_id=…)` is the one place rows are created, re-planned and cancelled. It
runs in a Celery task after every commit that changes deadlines or memberships, and hourly for
every application as a safety net (`reminders_reconcile`); it is idempotent, so running it twice,
or at once in two workers, changes nothing more."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import new_calendar_token
from organizations import access
from permits.models import Deadline, PermitApplication
from reminders.models import (
    ESCALATE_TO_COORDINATORS_DAYS,
    ESCALATE_TO_EVERYONE_DAYS,
    Acknowledgement,
    Reminder,
    ReminderPreference,
    SweepRecord,
)
from reminders.recipients import ApplicationPeople, appeal_volunteer_ids, asks_acknowledgement

logger = logging.getLogger(__name__)

Key = tuple[int, int, str, int, dt.date]  # deadline, recipient, purpose, offset_days, deadline_due_on


@dataclass(frozen=True)
class PlannedReminder:
    deadline_id: int
    recipient_id: int
    purpose: str
    offset_days: int
    deadline_due_on: dt.date
    send_at: dt.datetime
    asks_acknowledgement: bool

    @property
    def key(self) -> Key:
        return (self.deadline_id, self.recipient_id, self.purpose, self.offset_days, self.deadline_due_on)


@dataclass
class SyncResult:
    created: int = 0
    replanned: int = 0
    cancelled: int = 0


def user_zone(time_zone: str) -> ZoneInfo:
    try:
        return ZoneInfo(time_zone or settings.TIME_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(settings.TIME_ZONE)


def reminder_moment(deadline: Deadline, offset_days: int, time_zone: str) -> dt.datetime:
    """`offset_days` before the deadline's date, at REMINDER_SEND_TIME (09:00) in the recipient's
    zone — but never later than an hour before the deadline itself falls due (an assembly that
    starts at 08:00 is not reminded of at 09:00)."""
    day = deadline.due_on - dt.timedelta(days=offset_days)
    local = dt.datetime.combine(day, settings.REMINDER_SEND_TIME, tzinfo=user_zone(time_zone))
    moment = local.astimezone(dt.UTC)
    latest = deadline.due_at - dt.timedelta(hours=1)
    return min(moment, latest)


def plan_reminders(application: PermitApplication, *, now: dt.datetime) -> dict[Key, PlannedReminder]:
    """Every reminder row the application's open, future deadlines call for now."""
    deadlines = list(Deadline.objects.filter(application=application).open().filter(due_at__gt=now))
    if not deadlines:
        return {}
    people = ApplicationPeople.of(application)
    seeing = people.seeing(deadlines)
    volunteers = {d.pk: appeal_volunteer_ids(d) & seeing[d.pk] for d in deadlines}
    acknowledged = {d.pk for d in deadlines if asks_acknowledgement(d)}
    involved = people.everyone
    preferences = ReminderPreference.for_users(involved)
    zones = dict(get_user_model().objects.filter(pk__in=involved).values_list("pk", "time_zone"))
    plans: dict[Key, PlannedReminder] = {}

    def add(deadline, user_id, purpose, offset, asks):
        plan = PlannedReminder(
            deadline_id=deadline.pk,
            recipient_id=user_id,
            purpose=purpose,
            offset_days=offset,
            deadline_due_on=deadline.due_on,
            send_at=reminder_moment(deadline, offset, zones.get(user_id, "")),
            asks_acknowledgement=asks,
        )
        plans[plan.key] = plan

    for deadline in deadlines:
        assigned = volunteers[deadline.pk]
        acknowledged_kind = deadline.pk in acknowledged
        for user_id in sorted(people.lead_regular | assigned):
            preference = preferences[user_id]
            # Volunteers assigned to the appeal are reminded even if they turned off general reminders.
            if not (preference.wants_reminders or user_id in assigned):
                continue
            for offset in preference.sorted_offsets:
                add(deadline, user_id, Reminder.Purpose.REMINDER, offset, acknowledged_kind and user_id in assigned)
        if acknowledged_kind:
            # Escalations are planned up front and dropped at send time if someone acknowledged.
            for user_id in sorted(people.lead_coordinators):
                add(deadline, user_id, Reminder.Purpose.ESCALATION, ESCALATE_TO_COORDINATORS_DAYS, False)
            for user_id in sorted(seeing[deadline.pk]):
                add(deadline, user_id, Reminder.Purpose.ESCALATION, ESCALATE_TO_EVERYONE_DAYS, False)
    return plans


def _key(row: Reminder) -> Key:
    return (row.deadline_id, row.recipient_id, row.purpose, row.offset_days, row.deadline_due_on)


def _cancel_reason(row: Reminder, open_deadlines: dict[int, Deadline]) -> str:
    deadline = open_deadlines.get(row.deadline_id)
    if deadline is None:
        return "deadline done, passed or no longer applies"
    if deadline.due_on != row.deadline_due_on:
        return "deadline moved"
    return "no longer a recipient, or that offset was removed"


@transaction.atomic
def reminders_sync(*, application_id: int, now: dt.datetime | None = None) -> SyncResult:
    """Make the application's reminder rows match its deadlines and people: create what is missing,
    re-plan waiting rows whose moment changed (a new time zone), cancel waiting rows that no longer
    apply (deadline done, moved or gone; person left; offset removed). Sent rows are history and
    are never touched; a cancelled row that applies again is reopened."""
    now = now or timezone.now()
    result = SyncResult()
    # One sync per application at a time (PostgreSQL row lock): two workers planning the same rows
    # would otherwise both decide to insert them (ignore_conflicts below makes that harmless anyway).
    application = PermitApplication.objects.select_for_update().filter(pk=application_id).first()
    if application is None:
        return result  # deleted: its deadlines, and so their reminders, went with it
    plans = plan_reminders(application, now=now)
    rows = list(Reminder.objects.filter(deadline__application_id=application_id))
    existing = {_key(row): row for row in rows}
    open_deadlines = {
        d.pk: d for d in Deadline.objects.filter(application_id=application_id).open().filter(due_at__gt=now)
    }

    cancel: dict[str, list[int]] = {}
    for key, row in existing.items():
        plan = plans.get(key)
        if row.status == Reminder.Status.PENDING and plan is None:
            cancel.setdefault(_cancel_reason(row, open_deadlines), []).append(row.pk)
        elif row.status == Reminder.Status.PENDING and (
            row.send_at != plan.send_at or row.asks_acknowledgement != plan.asks_acknowledgement
        ):
            changes = {"send_at": plan.send_at, "asks_acknowledgement": plan.asks_acknowledgement}
            if row.attempts == 0:
                changes["next_attempt_at"] = plan.send_at
            # Conditional: a sweep may have sent it meanwhile.
            result.replanned += Reminder.objects.filter(pk=row.pk, status=Reminder.Status.PENDING).update(**changes)
        elif row.status == Reminder.Status.CANCELLED and plan is not None:
            result.replanned += Reminder.objects.filter(pk=row.pk, status=Reminder.Status.CANCELLED).update(
                status=Reminder.Status.PENDING,
                send_at=plan.send_at,
                next_attempt_at=plan.send_at,
                asks_acknowledgement=plan.asks_acknowledgement,
                attempts=0,
                first_failed_at=None,
                last_error="",
                outcome_note="",
            )
    for reason, ids in cancel.items():
        result.cancelled += Reminder.objects.filter(pk__in=ids, status=Reminder.Status.PENDING).update(
            status=Reminder.Status.CANCELLED, next_attempt_at=None, claimed_until=None, outcome_note=reason
        )
    missing = [plan for key, plan in plans.items() if key not in existing]
    Reminder.objects.bulk_create(
        [
            Reminder(
                deadline_id=plan.deadline_id,
                recipient_id=plan.recipient_id,
                purpose=plan.purpose,
                offset_days=plan.offset_days,
                deadline_due_on=plan.deadline_due_on,
                send_at=plan.send_at,
                next_attempt_at=plan.send_at,
                asks_acknowledgement=plan.asks_acknowledgement,
            )
            for plan in missing
        ],
        ignore_conflicts=True,
    )
    result.created = len(missing)
    return result


def applications_needing_sync(now: dt.datetime | None = None):
    """Applications with a deadline still ahead, or with rows still waiting (to be cancelled)."""
    now = now or timezone.now()
    with_deadlines = Deadline.objects.open().filter(due_at__gt=now).values("application_id")
    with_waiting = Reminder.objects.filter(status=Reminder.Status.PENDING).values("deadline__application_id")
    return PermitApplication.objects.filter(Q(pk__in=with_deadlines) | Q(pk__in=with_waiting)).order_by("pk")


RECONCILE_RECORD = "reconcile"


def reminders_reconcile_for_period(now: dt.datetime | None = None) -> int | None:
    """What beat runs: the reconcile, unless another beat's reconcile already started in the last
    half interval (several machines, a beat on each). Returns how many applications it synced,
    None when it left the period to the other run."""
    now = now or timezone.now()
    period = dt.timedelta(seconds=settings.REMINDER_RECONCILE_INTERVAL_SECONDS / 2)
    if not SweepRecord.claim_period(RECONCILE_RECORD, now=now, period=period):
        logger.info("reconcile: another run took this period")
        return None
    count = reminders_reconcile(now)
    SweepRecord.objects.filter(pk=RECONCILE_RECORD).update(last_finished_at=timezone.now())
    return count


def reminders_reconcile(now: dt.datetime | None = None) -> int:
    """The hourly safety net: sync every application that can have reminders. Returns how many."""
    count = 0
    for application_id in applications_needing_sync(now).values_list("pk", flat=True).iterator():
        try:
            reminders_sync(application_id=application_id, now=now)
        except Exception:
            # One broken application must not stop the others; the next run tries it again.
            logger.exception("reminders_sync failed for application %s", application_id)
        count += 1
    return count


def reminders_sync_for_user(*, user) -> int:
    """After a person changed their preferences or time zone: every application they can see."""
    count = 0
    for application_id in (
        applications_needing_sync()
        .filter(pk__in=PermitApplication.objects.visible_to(user).values("pk"))
        .values_list("pk", flat=True)
    ):
        reminders_sync(application_id=application_id)
        count += 1
    return count


# --- acknowledging -------------------------------------------------------------------------------


def may_acknowledge(*, deadline: Deadline, user) -> bool:
    """Whoever is asked to acknowledge it: the volunteers assigned to its appeal while it is under
    way (organizations.access). The page and the emailed link both ask this, at the moment of
    acknowledging: a volunteer removed since the email went out can no longer answer for the group."""
    return asks_acknowledgement(deadline) and access.allows(Deadline.objects.acknowledgeable_by(user), deadline)


def deadline_acknowledge(*, deadline: Deadline, user, via: str) -> Acknowledgement:
    """Record "I have this". Stops the escalation (checked when each escalation is due), not the
    reminders. Acknowledging twice keeps the first."""
    acknowledgement, _created = Acknowledgement.objects.get_or_create(
        deadline=deadline, user=user, defaults={"via": via}
    )
    return acknowledgement


def is_acknowledged(deadline_id: int) -> bool:
    return Acknowledgement.objects.filter(deadline_id=deadline_id).exists()


# --- preferences and the calendar token --------------------------------------------------------


def calendar_token_regenerate(*, user) -> str:
    """A new private feed address; the old one stops working at once (404)."""
    user.calendar_token = new_calendar_token()
    user.save(update_fields=["calendar_token"])
    return user.calendar_token
