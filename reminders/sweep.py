"""The reminder sweep: ONE function, run every minute by Celery beat (task `reminders.sweep`) and
on demand by `python manage.py send_due_reminders`. Safe to run in several processes at once.

1. Skip what a later reminder has made pointless: after downtime several offsets of the same
   deadline and person may all be due; only the latest is sent, the others are marked skipped.
2. Claim a small batch of due rows with a conditional UPDATE that sets a lease (claimed_until)
   and this sweep's token — on PostgreSQL candidates are read with SKIP LOCKED, and a second
   sweep's UPDATE on a row it still met waits for ours, re-checks the condition on the new row
   version and so never takes the same row. A row whose sweep died is
   due again when its lease runs out.
3. Deliver the claimed batch: read its rows with their deadlines, people, preferences, what they
   may still see (the access rule compiled once per sweep and asked for the whole batch in one
   query, reminders.recipients.StillSeen) and the acknowledgements in a few queries; close in
   bulk what no longer applies; save the batch's in-app notices in one statement; then send each
   Telegram message (for those who chose Telegram and have a working chat) over the sweep's one
   Bot API client, and each email over its one mail connection, recording each channel on the row
   as soon as it is done (notified_at, telegram_sent_at, email_sent_at) with a conditional UPDATE
   on our token; the row finishes SENT, in that same UPDATE, when its last chosen channel is
   done. The lease is renewed for the rows still open whenever less than three quarters of it
   remains. A failure is recorded
   with its error and retried with growing delays, repeating only the channels not yet done (a
   Telegram outage does not hold back the row's email, nor anyone else's: after the first
   "unavailable" the sweep stops calling Telegram and leaves those rows to their retry); after a
   day of failures the lead group's coordinators are told (and staff see it in the admin). A chat
   that refuses the bot (blocked, deleted) is marked broken, its person told on the bell, and the
   reminder goes by email instead (or, without an address, on the bell) — not a failure.
4. Record the sweep's time for GET /healthz.

The only possible repeat is an email accepted by the mail server just before its process died;
it is resent with the same Message-ID (`<reminder-{id}@…>`), so it is recognisable as the same.
On PostgreSQL an email's mark commits without waiting for the disk (synchronous_commit off while
a batch's emails go out), except every tenth, which waits and so makes every mark before it
durable too: a mark is seen by every other sweep at once and kept if the sweep's process dies;
only a crash of the database server or its machine can undo the marks written since the last one
that waited (at most nine, and at most about 3 × wal_writer_delay old), and those emails are then
resent with the same Message-ID — the same repeat, from one more (rare) cause, for at most nine
emails. Waiting for the disk for every email cost more than rendering it (the sweep took 4–6 × its
floor on the bench, against 2.3–2.4 ×). Grouping emails' marks in one statement would widen the
repeat after the death of the sweep's own process, the common case, to several emails: each is
still marked alone, right after its send.
Telegram has no such id, so a message is never sent twice: the row is marked just before the
message is handed over (telegram_started_at), in a transaction that waits for the disk whatever
the session or server is set to, and a later sweep never resends a marked one. What
that costs: a sweep that dies in the instant between the mark and the request loses that one
message (the bell and the email still carry the reminder), and a message Telegram took but
answered after TELEGRAM_TIMEOUT_SECONDS is counted as failed and sent again."""

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
from django.db.models.sql import UpdateQuery
from django.utils import timezone

from messenger import bot_api
from messenger.bot_api import BotBlocked
from messenger.models import TelegramLink
from permits.models import Deadline
from reminders.delivery import (
    build_email,
    in_app_notification,
    notify_delivery_failing,
    notify_in_app,
    notify_in_app_all,
    reminder_subject,
)
from reminders.models import Acknowledgement, Reminder, ReminderPreference, SweepRecord
from reminders.recipients import ApplicationPeople, StillSeen
from reminders.telegram import TelegramSender, reminder_message
from reminders.telegram_link import notify_telegram_broken

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


def _ours(reminder_ids, token: str):
    return Reminder.objects.filter(pk__in=reminder_ids, claim_token=token, status=Reminder.Status.PENDING)


def _finished(status: str, note: str = "", **fields) -> dict:
    return {
        "status": status,
        "next_attempt_at": None,
        "claimed_until": None,
        "claim_token": "",
        "outcome_note": note,
        **fields,
    }


def _record_failure(reminder: Reminder, token: str, error: Exception, now: dt.datetime) -> None:
    attempts = reminder.attempts + 1
    first_failed_at = reminder.first_failed_at or now
    _ours([reminder.pk], token).update(
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


@contextlib.contextmanager
def _emails_not_waiting_for_the_disk():
    """While a batch's emails go out (PostgreSQL): each COMMIT, above all each email's mark, does
    not wait for the write-ahead log to reach the disk (`synchronous_commit` off for the session,
    put back as it was after the batch's emails). A mark is still visible to every other sweep the
    moment it commits, still kept if the sweep's process dies, and on disk within about three times
    wal_writer_delay (200 ms by default) or at the next mark that waits (_EmailMarks.FLUSH_EVERY);
    only a crash of the PostgreSQL server or its machine before that can lose it, and the email is
    then sent again with the same Message-ID (module docstring). The other writes of this phase
    (a failure recorded, a lease renewed) lose nothing either if such a crash undoes them: the row
    is retried when its lease runs out, and no email was sent for it. Waiting for the disk cost
    more than rendering the email; so did a transaction of its own per mark (four round trips for
    SET LOCAL instead of one). Telegram's mark is written by `_synchronous`, whatever this says."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('synchronous_commit'), set_config('synchronous_commit', 'off', false)")
        before = cursor.fetchone()[0]
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('synchronous_commit', %s, false)", [before])


@contextlib.contextmanager
def _synchronous():
    """A transaction whose COMMIT waits for the disk (PostgreSQL), whatever the session or the
    server's configuration says: Telegram's mark before the send, which has no Message-ID to make
    a repeat recognisable, must survive a crash of the database server too."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO ON")
        yield


class _EmailMarks:
    """The UPDATE that records an email as sent and finishes its row — the statement the sweep runs
    once per email — built and compiled by the ORM once per sweep (before any email goes out), then
    run with each row's id, claim token and moment. Building and compiling it cost three times what
    PostgreSQL takes to run it (0.5 ms against 0.15 ms on the bench)."""

    # Stand-ins for one mark's values, found again among the compiled query's parameters.
    ROW, TOKEN, MOMENT = -424_242, "\x00claim-token", dt.datetime(1901, 1, 1, tzinfo=dt.UTC)
    # Every this many marks, one waits for the disk, and with it every mark before it (the log is
    # written in order): a crash of the database server can undo at most the marks since, and so
    # resend at most this many emails less one — not every email of the last half second.
    FLUSH_EVERY = 10

    def __init__(self):
        self.marked = 0
        self._moment_field = Reminder._meta.get_field("email_sent_at")
        queryset = _ours([self.ROW], self.TOKEN)
        query = queryset.query.chain(UpdateQuery)
        query.add_update_values(_finished(Reminder.Status.SENT, email_sent_at=self.MOMENT, sent_at=self.MOMENT))
        self.sql, params = query.get_compiler(queryset.db).as_sql()
        self.params = list(params)
        moment = self._adapted(self.MOMENT)
        self.slots = {
            "row": [i for i, value in enumerate(self.params) if value == self.ROW],
            "token": [i for i, value in enumerate(self.params) if value == self.TOKEN],
            "moment": [i for i, value in enumerate(self.params) if value == moment],
        }
        if [len(self.slots[name]) for name in ("row", "token", "moment")] != [1, 1, 2]:
            raise RuntimeError(f"the email's mark no longer compiles as expected: {self.sql}")

    def _adapted(self, moment: dt.datetime):
        return self._moment_field.get_db_prep_save(moment, connection)

    def sent(self, reminder_id: int, token: str, moment: dt.datetime) -> bool:
        """Finish the row as sent by email at `moment`, if it is still ours and pending."""
        params = list(self.params)
        values = {"row": reminder_id, "token": token, "moment": self._adapted(moment)}
        for name, value in values.items():
            for index in self.slots[name]:
                params[index] = value
        self.marked += 1
        flush = _synchronous() if self.marked % self.FLUSH_EVERY == 0 else contextlib.nullcontext()
        with flush, connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            return cursor.rowcount > 0


class _Mailer:
    """One mail connection for the sweep, opened once (an SMTP session serves every message of
    every batch) and replaced after an error (the session may be broken)."""

    def __init__(self):
        self.connection = None

    def get(self):
        if self.connection is None:
            self.connection = get_connection()
            # Opened here, send_messages leaves it open; unopened, it would connect for each message.
            self.connection.open()
        return self.connection

    def send(self, message) -> None:
        self.get().send_messages([message])

    def discard(self):
        if self.connection is not None:
            # A broken connection may fail to close; it is dropped either way.
            with contextlib.suppress(Exception):
                self.connection.close()
        self.connection = None

    close = discard


@dataclass
class _Delivery:
    """A claimed reminder that passed every check, and the channels it goes out by."""

    reminder: Reminder
    preference: ReminderPreference
    in_app: bool
    by_email: bool
    telegram: TelegramLink | None = None  # the person's working chat, when they chose Telegram
    # Telegram failed while an email was still to go: the email goes, then the row is retried for Telegram.
    telegram_error: Exception | None = None
    # The reminder's summary line, made once for the bell and reused as the email's subject.
    subject: str | None = None


class _Batch:
    """One claimed batch: read with everything the checks need in a few queries, the rows that no
    longer apply closed in bulk, the in-app notices saved in one statement, then each Telegram
    message and each email sent, each recorded at once, and each row finished with its last channel.

    The lease: the batch was claimed until `claimed_at + lease()`. While that is comfortably ahead
    the rows are ours (no other sweep takes a row before its lease ends); when less than three
    quarters of it remains, the rows not yet finished are renewed (conditionally: a row whose lease
    ran out may belong to another sweep now, and is left to it). So every email starts with at least
    three quarters of a lease ahead, as when each row was renewed just before its send."""

    def __init__(
        self, reminder_ids: list[int], token: str, claimed_at: dt.datetime, mailer, seen, result, telegram, email_marks
    ):
        self.ids, self.token, self.mailer, self.seen, self.result = reminder_ids, token, mailer, seen, result
        self.telegram, self.email_marks = telegram, email_marks
        self.leased_until = claimed_at + lease()
        self.open: dict[int, Reminder] = {}  # ours and not finished yet

    def deliver(self) -> None:
        try:
            self._deliver()
        except Exception as error:
            # A bug, or a database error: the rows not finished yet are retried later like any failure
            # (if even that fails, their lease runs out and they are retried).
            logger.exception("reminders %s: unexpected error in the sweep", sorted(self.open))
            for reminder in list(self.open.values()):
                with contextlib.suppress(Exception):
                    _record_failure(reminder, self.token, error, timezone.now())
                    self.result.failed += 1

    def _deliver(self) -> None:
        rows = _ours(self.ids, self.token).select_related(*RELATED).order_by("next_attempt_at", "id")
        self.open = {reminder.pk: reminder for reminder in rows}
        self.result.lost += len(self.ids) - len(self.open)
        deliveries = self._check(timezone.now())
        if not self._keep_lease():
            return
        self._notify_in_app(deliveries)
        self._send_telegrams(deliveries)
        self._send_emails(deliveries)

    # --- what still applies -------------------------------------------------------------------

    def _check(self, now: dt.datetime) -> list[_Delivery]:
        """Checked at send time, not only by the sync: a task lost with the broker must not let a
        reminder about a withdrawn assembly, or to someone who left the group, go out."""
        reminders = list(self.open.values())
        deadline_ids = {reminder.deadline_id for reminder in reminders}
        still_open = set(Deadline.objects.open().filter(pk__in=deadline_ids).values_list("pk", flat=True))
        asked_of: dict = {}
        for reminder in reminders:
            if reminder.deadline_id in still_open and reminder.recipient.is_active:
                asked_of.setdefault(reminder.recipient, set()).add(reminder.deadline_id)
        seen = self.seen.pairs(asked_of)
        escalated = {r.deadline_id for r in reminders if r.purpose == Reminder.Purpose.ESCALATION}
        # What reminders.services.is_acknowledged asks of one deadline, for the batch's escalations.
        acknowledged = set(
            Acknowledgement.objects.filter(deadline_id__in=escalated).values_list("deadline_id", flat=True)
        )
        preferences = ReminderPreference.for_users(reminder.recipient_id for reminder in reminders)
        links = self._telegram_links(preferences)

        closing: dict[tuple[str, str], list[int]] = {}
        deliveries = []
        for reminder in reminders:
            deadline = reminder.deadline
            if reminder.deadline_id not in still_open:
                outcome = (Reminder.Status.CANCELLED, "deadline done or no longer applies")
            elif (reminder.deadline_id, reminder.recipient_id) not in seen:  # includes a deactivated person
                outcome = (Reminder.Status.CANCELLED, "no longer on this application")
            elif deadline.due_on != reminder.deadline_due_on:
                outcome = (Reminder.Status.CANCELLED, "deadline moved")  # the sync plans the new date
            elif deadline.due_at <= now and reminder.attempts:
                outcome = (Reminder.Status.FAILED, "the deadline passed while delivery kept failing")
            elif deadline.due_at <= now:
                outcome = (Reminder.Status.SKIPPED, "the deadline passed before it could be sent")
            elif reminder.purpose == Reminder.Purpose.ESCALATION and reminder.deadline_id in acknowledged:
                outcome = (Reminder.Status.SKIPPED, "acknowledged")
            else:
                preference = preferences[reminder.recipient_id]
                in_app = preference.in_app or reminder.purpose == Reminder.Purpose.ESCALATION
                by_email = preference.by_email and bool(reminder.recipient.email)
                telegram = links.get(reminder.recipient_id)
                if preference.by_telegram and telegram is None:
                    # Telegram chosen but no working chat (it broke, or the site has no bot now): by email.
                    by_email = bool(reminder.recipient.email)
                if in_app or by_email or telegram:
                    deliveries.append(_Delivery(reminder, preference, in_app, by_email, telegram))
                    continue
                outcome = (Reminder.Status.SKIPPED, "the person turned off every channel")
            closing.setdefault(outcome, []).append(reminder.pk)
        for (status, note), ids in closing.items():
            closed = _ours(ids, self.token).update(**_finished(status, note))
            if status == Reminder.Status.FAILED:
                self.result.failed += closed
            else:
                self.result.skipped += closed
            self.result.lost += len(ids) - closed
            for pk in ids:
                del self.open[pk]
        return deliveries

    # --- the lease ----------------------------------------------------------------------------

    def _keep_lease(self) -> bool:
        """Renew the open rows' lease when less than three quarters of it remains; False when none
        of them is ours any more."""
        now = timezone.now()
        if self.leased_until - now >= lease() * 3 / 4:
            return bool(self.open)
        until = now + lease()
        renewed = _ours(list(self.open), self.token).filter(claimed_until__gt=now).update(claimed_until=until)
        if renewed < len(self.open):
            # Those whose lease ran out while earlier rows took long may be another sweep's now.
            kept = set(_ours(list(self.open), self.token).filter(claimed_until=until).values_list("pk", flat=True))
            for pk in set(self.open) - kept:
                del self.open[pk]
                self.result.lost += 1
        self.leased_until = until
        return bool(self.open)

    # --- the channels -------------------------------------------------------------------------

    def _fail(self, reminder: Reminder, error: Exception) -> None:
        self.open.pop(reminder.pk, None)
        _record_failure(reminder, self.token, error, timezone.now())
        self.result.failed += 1

    def _notify_in_app(self, deliveries: list[_Delivery]) -> None:
        """The bell first, for the whole batch: it works while mail is down."""
        notices, notified = [], []
        for delivery in deliveries:
            reminder = delivery.reminder
            if not delivery.in_app or reminder.notified_at is not None:
                continue
            try:
                delivery.subject = reminder_subject(reminder)
                notices.append(in_app_notification(reminder, title=delivery.subject))
            except Exception as error:
                logger.exception("reminder %s: the in-app notice could not be written", reminder.pk)
                self._fail(reminder, error)
                continue
            notified.append(reminder.pk)
        if notices:
            notify_in_app_all(notices)
            _ours(notified, self.token).update(notified_at=timezone.now())
        # The rows with nothing to email or send to Telegram are done.
        done = [
            d.reminder.pk
            for d in deliveries
            if d.reminder.pk in self.open and not self._emails(d) and not self._telegrams(d)
        ]
        if done:
            finished = _ours(done, self.token).update(**_finished(Reminder.Status.SENT, sent_at=timezone.now()))
            self.result.sent += finished
            self.result.lost += len(done) - finished
            for pk in done:
                del self.open[pk]

    @staticmethod
    def _emails(delivery: _Delivery) -> bool:
        return delivery.by_email and delivery.reminder.email_sent_at is None

    def _send_emails(self, deliveries: list[_Delivery]) -> None:
        """One message at a time over the sweep's one connection, each recorded right after the mail
        server took it (in the same UPDATE that finishes its row): a crash repeats at most the one
        message in flight, never the batch. The marks' commits do not wait for the disk (see
        _emails_not_waiting_for_the_disk for what that risks: nothing more than before)."""
        if not any(self._emails(delivery) for delivery in deliveries):
            return
        with _emails_not_waiting_for_the_disk():
            self._send_each_email(deliveries)

    def _send_each_email(self, deliveries: list[_Delivery]) -> None:
        for delivery in deliveries:
            reminder = delivery.reminder
            if reminder.pk not in self.open or not self._emails(delivery):
                continue
            if not self._keep_lease() or reminder.pk not in self.open:
                continue
            try:
                self.mailer.send(
                    build_email(reminder, delivery.preference, connection=self.mailer.get(), subject=delivery.subject)
                )
            except Exception as error:
                self.mailer.discard()
                self._fail(reminder, error)
                continue
            moment = timezone.now()
            if delivery.telegram_error is not None:
                self._email_sent_telegram_failed(delivery, moment)
                continue
            del self.open[reminder.pk]
            if self.email_marks.sent(reminder.pk, self.token, moment):
                self.result.sent += 1
            else:
                self.result.lost += 1

    # --- Telegram -----------------------------------------------------------------------------

    @staticmethod
    def _telegram_links(preferences: dict[int, ReminderPreference]) -> dict[int, TelegramLink]:
        """The working chats of the batch's people who chose Telegram, where the site has a bot."""
        wanting = [user_id for user_id, preference in preferences.items() if preference.by_telegram]
        if not wanting or not bot_api.enabled():
            return {}
        return TelegramLink.working_for(wanting)

    @staticmethod
    def _telegrams(delivery: _Delivery) -> bool:
        """Telegram still to do. A message handed over by a sweep that died before Telegram's answer
        was recorded is not sent again: at most one message per reminder."""
        reminder = delivery.reminder
        return (
            delivery.telegram is not None and reminder.telegram_sent_at is None and reminder.telegram_started_at is None
        )

    def _send_telegrams(self, deliveries: list[_Delivery]) -> None:
        """One message at a time over the sweep's one client, before the emails. Each is marked
        handed over just before it goes (telegram_started_at) and recorded right after Telegram
        took it (telegram_sent_at, in the UPDATE that finishes the row when nothing is left to
        email). A failure is not allowed to hold back the row's email: the email goes, then the row
        is retried for Telegram only."""
        for delivery in deliveries:
            reminder = delivery.reminder
            if reminder.pk not in self.open or not self._telegrams(delivery):
                continue
            if not self._keep_lease() or reminder.pk not in self.open:
                continue
            link = delivery.telegram
            if not link.is_working:  # it refused an earlier message of this sweep
                self._telegram_refused(delivery, None)
                continue
            try:
                message = reminder_message(reminder, link)
                self.telegram.check()  # the breaker: Telegram was found down earlier in this sweep
                if not self._telegram_started(reminder):
                    continue
                self.telegram.send(link.chat_id, message)
            except BotBlocked as error:
                self._telegram_not_started(reminder)
                self._telegram_refused(delivery, error)
                continue
            except Exception as error:
                self._telegram_not_started(reminder)
                if not isinstance(error, bot_api.TelegramError):
                    logger.exception("reminder %s: the Telegram message could not be made", reminder.pk)
                self._telegram_failed(delivery, error)
                continue
            self._telegram_sent(delivery)

    def _telegram_started(self, reminder: Reminder) -> bool:
        moment = timezone.now()
        with _synchronous():
            started = _ours([reminder.pk], self.token).filter(telegram_started_at__isnull=True)
            marked = started.update(telegram_started_at=moment)
        if marked:
            reminder.telegram_started_at = moment
            return True
        del self.open[reminder.pk]
        self.result.lost += 1
        return False

    def _telegram_not_started(self, reminder: Reminder) -> None:
        """Telegram said no (or was not asked): nothing went out, so a retry may send it."""
        if reminder.telegram_started_at is not None:
            _ours([reminder.pk], self.token).update(telegram_started_at=None)
            reminder.telegram_started_at = None

    def _telegram_sent(self, delivery: _Delivery) -> None:
        reminder = delivery.reminder
        moment = timezone.now()
        reminder.telegram_sent_at = moment
        if self._emails(delivery):
            if not _ours([reminder.pk], self.token).update(telegram_sent_at=moment):
                del self.open[reminder.pk]
                self.result.lost += 1
            return
        self._finish_sent(reminder, telegram_sent_at=moment, sent_at=moment)

    def _finish_sent(self, reminder: Reminder, **fields) -> None:
        del self.open[reminder.pk]
        if _ours([reminder.pk], self.token).update(**_finished(Reminder.Status.SENT, **fields)):
            self.result.sent += 1
        else:
            self.result.lost += 1

    def _telegram_failed(self, delivery: _Delivery, error: Exception) -> None:
        if self._emails(delivery):
            delivery.telegram_error = error  # recorded once the email is out (_email_sent_telegram_failed)
        else:
            self._fail(delivery.reminder, error)

    def _email_sent_telegram_failed(self, delivery: _Delivery, moment: dt.datetime) -> None:
        """The email is recorded as sent; the row stays waiting, to retry only its Telegram message."""
        reminder = delivery.reminder
        with _synchronous():  # rare (Telegram failed too): this mark waits for the disk
            marked = _ours([reminder.pk], self.token).update(email_sent_at=moment)
        if marked:
            reminder.email_sent_at = moment
            self._fail(reminder, delivery.telegram_error)
        else:
            del self.open[reminder.pk]
            self.result.lost += 1

    def _telegram_refused(self, delivery: _Delivery, error: BotBlocked | None) -> None:
        """The chat refuses the bot (blocked, deleted): the link is marked broken once, the person
        told on the bell, and this reminder goes by email instead — even if they had turned email
        off — or, without an address, on the bell. Not a failure: nothing is retried in Telegram."""
        reminder, link = delivery.reminder, delivery.telegram
        delivery.telegram = None
        if error is not None:
            if link.mark_broken(str(error)):
                notify_telegram_broken(link)
            link.broken_at = timezone.now()  # the batch's other reminders to this chat skip Telegram
            logger.info("reminder %s: Telegram refused the chat; by email instead", reminder.pk)
        if reminder.recipient.email:
            delivery.by_email = True  # _send_emails sends it in this batch, unless it went already
        elif reminder.notified_at is None:
            notify_in_app(reminder)
            moment = timezone.now()
            _ours([reminder.pk], self.token).update(notified_at=moment)
            reminder.notified_at = moment
        if not self._emails(delivery):
            self._finish_sent(reminder, sent_at=timezone.now())


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
    telegram = TelegramSender()
    seen = StillSeen()
    email_marks = _EmailMarks()
    try:
        while True:
            now = timezone.now()
            token = uuid.uuid4().hex
            claimed = claim_batch(now, token, size)
            if not claimed:
                break
            _Batch(claimed, token, now, mailer, seen, result, telegram, email_marks).deliver()
            result.superseded += skip_superseded(timezone.now())
    finally:
        mailer.close()
        telegram.close()
    record_sweep(started, result)
    return result
