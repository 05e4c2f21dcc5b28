"""The reminder sweep: ONE function, run every minute by Celery beat (task `reminders.sweep`) and
on demand by `python manage.py send_due_reminders`. Safe to run in several processes at once.

1. Skip what a later reminder has made pointless: after downtime several offsets of the same
   deadline and person may all be due; only the latest is sent, the others are marked skipped.
2. Claim a small batch of due rows with a conditional UPDATE that sets a lease (claimed_until)
   and this sweep's token — on PostgreSQL candidates are read with SKIP LOCKED, and a second
   sweep's UPDATE on a row it still met waits for ours, re-checks the condition on the new row
   version and so never takes the same row. A row whose sweep died is
   due again when its lease runs out.
3. Deliver each claimed row (in-app notice, then email), recording each channel as soon as it
   is done, and finish the row with a conditional UPDATE on our token. A failure is recorded with
   its error and retried with growing delays; after a day of failures the lead group's
   coordinators are told (and staff see it in the admin).
4. Record the sweep's time for GET /healthz.

The only possible repeat is an email accepted by the mail server just before its process died;
it is resent with the same Message-ID (`<reminder-{id}@…>`), so it is recognisable as the same."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import get_connection
from django.db import connection, transaction
from django.db.models import Case, Exists, OuterRef, Value, When
from django.utils import timezone

from permits.models import Deadline
from reminders.delivery import build_email, notify_delivery_failing, notify_in_app
from reminders.models import Reminder, ReminderPreference, SweepRecord
from reminders.recipients import ApplicationPeople
from reminders.services import is_acknowledged

logger = logging.getLogger(__name__)

SWEEP_RECORD = "reminders"
# How often a sweep reads again after other sweeps took every row it had read.
CLAIM_ATTEMPTS = 20
RELATED = ("recipient", "deadline__application__authority__jurisdiction", "deadline__rule")


@dataclass
class SweepResult:
    sent: int = 0
    failed: int = 0
    skipped: int = 0
    superseded: int = 0
    lost: int = 0  # rows whose lease ran out while we held them and another sweep took over

    def __str__(self):
        return f"sent {self.sent}, failed {self.failed}, skipped {self.skipped + self.superseded}"


def retry_delay(attempts: int) -> dt.timedelta:
    """1, 2, 4, 8 … minutes after the 1st, 2nd, 3rd … failure, at most REMINDER_RETRY_MAX_SECONDS."""
    seconds = settings.REMINDER_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return dt.timedelta(seconds=min(seconds, settings.REMINDER_RETRY_MAX_SECONDS))


def lease() -> dt.timedelta:
    return dt.timedelta(seconds=settings.REMINDER_LEASE_SECONDS)


def skip_superseded(now: dt.datetime) -> int:
    """Mark skipped every due row for which a later row of the same deadline, person and purpose
    is due too: after downtime only the latest offset goes out — never a burst."""
    later_due = Reminder.objects.filter(
        deadline=OuterRef("deadline"),
        recipient=OuterRef("recipient"),
        purpose=OuterRef("purpose"),
        deadline_due_on=OuterRef("deadline_due_on"),
        send_at__gt=OuterRef("send_at"),
        send_at__lte=now,
    ).exclude(status=Reminder.Status.CANCELLED)
    return (
        Reminder.objects.due(now)
        .filter(Exists(later_due))
        .update(
            # One that had been failing was never delivered: keep that on record.
            status=Case(
                When(attempts__gt=0, then=Value(Reminder.Status.FAILED)), default=Value(Reminder.Status.SKIPPED)
            ),
            next_attempt_at=None,
            claimed_until=None,
            outcome_note="a later reminder for the same deadline was due too",
        )
    )


def claim_batch(now: dt.datetime, token: str, size: int) -> list[int]:
    """Take up to `size` due rows for this sweep (the conditional UPDATE is the lock).

    On PostgreSQL the candidates are read with SKIP LOCKED, so concurrent sweeps pick disjoint
    rows instead of queueing behind each other. A sweep that still loses every candidate to
    another one reads again rather than stopping: an empty batch must mean "nothing due", not
    "someone else was faster this time"."""
    for _attempt in range(CLAIM_ATTEMPTS):
        with transaction.atomic():
            due = Reminder.objects.due(now).order_by("next_attempt_at", "id")
            if connection.features.has_select_for_update_skip_locked:
                due = due.select_for_update(skip_locked=True)
            candidates = list(due.values_list("pk", flat=True)[:size])
            if not candidates:
                return []
            Reminder.objects.due(now).filter(pk__in=candidates).update(claim_token=token, claimed_until=now + lease())
        ours = Reminder.objects.filter(claim_token=token, pk__in=candidates).order_by("next_attempt_at", "id")
        claimed = list(ours.values_list("pk", flat=True))
        if claimed:
            return claimed
    return []


def _ours(reminder_id: int, token: str):
    return Reminder.objects.filter(pk=reminder_id, claim_token=token, status=Reminder.Status.PENDING)


def _finish(reminder: Reminder, token: str, status: str, note: str = "", **fields) -> bool:
    return bool(
        _ours(reminder.pk, token).update(
            status=status, next_attempt_at=None, claimed_until=None, claim_token="", outcome_note=note, **fields
        )
    )


def _record_failure(reminder: Reminder, token: str, error: Exception, now: dt.datetime) -> None:
    attempts = reminder.attempts + 1
    first_failed_at = reminder.first_failed_at or now
    _ours(reminder.pk, token).update(
        attempts=attempts,
        first_failed_at=first_failed_at,
        last_error=f"{type(error).__name__}: {error}"[:2000],
        next_attempt_at=now + retry_delay(attempts),
        claimed_until=None,
        claim_token="",
    )
    logger.warning("reminder %s: delivery failed (attempt %s): %s", reminder.pk, attempts, type(error).__name__)
    period = dt.timedelta(seconds=settings.REMINDER_FAILURE_REPORT_AFTER_SECONDS)
    # Reported once: the conditional UPDATE decides which sweep does it.
    unreported = Reminder.objects.filter(pk=reminder.pk, failure_reported_at__isnull=True)
    if now - first_failed_at >= period and unreported.update(failure_reported_at=now):
        coordinators = ApplicationPeople.of(reminder.deadline.application).lead_coordinators
        notify_delivery_failing(reminder, coordinators)
        logger.error("reminder %s: failing for more than a day", reminder.pk)


class _Mailer:
    """One mail connection for the sweep, replaced after an error (an SMTP session may be broken)."""

    def __init__(self):
        self.connection = None

    def get(self):
        if self.connection is None:
            self.connection = get_connection()
        return self.connection

    def discard(self):
        if self.connection is not None:
            # A broken connection may fail to close; it is dropped either way.
            with contextlib.suppress(Exception):
                self.connection.close()
        self.connection = None

    close = discard


def deliver(reminder_id: int, token: str, mailer: _Mailer, result: SweepResult) -> None:
    now = timezone.now()
    # Renew the lease for this row; if it ran out while earlier rows took long, another sweep may
    # own it now, and it is theirs.
    if not _ours(reminder_id, token).filter(claimed_until__gt=now).update(claimed_until=now + lease()):
        result.lost += 1
        return
    # Read now, not when the batch was claimed: the deadline may have been done or moved since.
    reminder = Reminder.objects.select_related(*RELATED).get(pk=reminder_id)
    deadline = reminder.deadline
    late = deadline.due_at <= now
    # Checked again at send time, not only by the sync: a task lost with the broker must not let a
    # reminder about a withdrawn assembly, or to someone who left the group, go out.
    if not Deadline.objects.open().filter(pk=deadline.pk).exists():
        _finish(reminder, token, Reminder.Status.CANCELLED, "deadline done or no longer applies")
        result.skipped += 1
        return
    recipient = reminder.recipient
    if not (recipient.is_active and Deadline.objects.visible_to(recipient).filter(pk=deadline.pk).exists()):
        _finish(reminder, token, Reminder.Status.CANCELLED, "no longer on this application")
        result.skipped += 1
        return
    if deadline.due_on != reminder.deadline_due_on:
        _finish(reminder, token, Reminder.Status.CANCELLED, "deadline moved")  # the sync plans the new date
        result.skipped += 1
        return
    if late:
        if reminder.attempts:
            _finish(reminder, token, Reminder.Status.FAILED, "the deadline passed while delivery kept failing")
            result.failed += 1
        else:
            _finish(reminder, token, Reminder.Status.SKIPPED, "the deadline passed before it could be sent")
            result.skipped += 1
        return
    if reminder.purpose == Reminder.Purpose.ESCALATION and is_acknowledged(deadline.pk):
        _finish(reminder, token, Reminder.Status.SKIPPED, "acknowledged")
        result.skipped += 1
        return
    preference = ReminderPreference.for_user(reminder.recipient)
    in_app = preference.in_app or reminder.purpose == Reminder.Purpose.ESCALATION
    by_email = preference.by_email and bool(reminder.recipient.email)
    if not (in_app or by_email):
        _finish(reminder, token, Reminder.Status.SKIPPED, "the person turned off every channel")
        result.skipped += 1
        return
    try:
        if in_app and reminder.notified_at is None:
            notify_in_app(reminder)
            _ours(reminder.pk, token).update(notified_at=timezone.now())
        if by_email and reminder.email_sent_at is None:
            build_email(reminder, preference, connection=mailer.get()).send()
            _ours(reminder.pk, token).update(email_sent_at=timezone.now())
    except Exception as error:
        mailer.discard()
        _record_failure(reminder, token, error, timezone.now())
        result.failed += 1
        return
    if _finish(reminder, token, Reminder.Status.SENT, sent_at=timezone.now()):
        result.sent += 1
    else:
        result.lost += 1


def record_sweep(started: dt.datetime, result: SweepResult) -> None:
    values = {
        "last_started_at": started,
        "last_finished_at": timezone.now(),
        "sent": result.sent,
        "failed": result.failed,
        "skipped": result.skipped + result.superseded,
    }
    if not SweepRecord.objects.filter(pk=SWEEP_RECORD).update(**values):
        SweepRecord.objects.bulk_create([SweepRecord(name=SWEEP_RECORD, **values)], ignore_conflicts=True)


def last_sweep_at() -> dt.datetime | None:
    return SweepRecord.objects.filter(pk=SWEEP_RECORD).values_list("last_finished_at", flat=True).first()


def sweep_due_reminders(*, batch_size: int | None = None) -> SweepResult:
    """Send every reminder that is due now. Returns what it did."""
    started = timezone.now()
    result = SweepResult()
    result.superseded = skip_superseded(started)
    size = batch_size or settings.REMINDER_CLAIM_BATCH
    mailer = _Mailer()
    try:
        while True:
            now = timezone.now()
            token = uuid.uuid4().hex
            claimed = claim_batch(now, token, size)
            if not claimed:
                break
            for reminder_id in claimed:
                try:
                    deliver(reminder_id, token, mailer, result)
                except Exception as error:
                    # A bug, or a row that cannot be rendered: go on with the rest, and retry this one
                    # later like any failure (if even that fails, its lease runs out and it is retried).
                    logger.exception("reminder %s: unexpected error in the sweep", reminder_id)
                    with contextlib.suppress(Exception):
                        broken = Reminder.objects.select_related(*RELATED).get(pk=reminder_id)
                        _record_failure(broken, token, error, timezone.now())
            result.superseded += skip_superseded(timezone.now())
    finally:
        mailer.close()
    record_sweep(started, result)
    return result
