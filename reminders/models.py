"""Reminders: every reminder is a row with its moment, claimed by a sweep and marked with what
happened to it, so that crashes, double sweeps and mail outages neither lose nor repeat one
(after healthchecks' Flip rows and `sendalerts`). Plus the in-app notifications they leave, the
acknowledgements that stop an escalation, and each person's reminder preferences.

Rows are planned by reminders.services.reminders_sync and delivered by reminders.sweep."""

from __future__ import annotations

import datetime as dt
import secrets

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Days before a deadline a person may be reminded; 0 is the day itself.
OFFSET_CHOICES = (30, 21, 14, 10, 7, 5, 3, 2, 1, 0)
DEFAULT_OFFSETS = (14, 7, 3, 1, 0)
# Deadlines whose reminders ask the assigned volunteers to acknowledge them, and escalate if nobody does.
ACKNOWLEDGED_KINDS = ("appeal_filing", "court_claim")
# When nobody has acknowledged: the lead group's coordinators N days before, everyone on the
# application on the day itself.
ESCALATE_TO_COORDINATORS_DAYS = 3
ESCALATE_TO_EVERYONE_DAYS = 0


def now():
    """timezone.now, looked up when called: a default of `timezone.now` is bound at import, and
    tests that move the clock would not move it."""
    return timezone.now()


def default_offsets() -> list[int]:
    return list(DEFAULT_OFFSETS)


def offset_label(days: int) -> str:
    if days == 0:
        return str(_("on the day"))
    from django.utils.translation import ngettext

    return ngettext("%(days)d day before", "%(days)d days before", days) % {"days": days}


# For labels built at import (a form field's choices): translated each time one is shown, in the
# reader's language, not once in the language of whoever's request first imported the form.
offset_label_lazy = lazy(offset_label, str)


def validate_offsets(value):
    """The one rule for offsets, used by the model and so by the profile form: whole days from the
    list Ruqsat offers, never negative."""
    if not isinstance(value, list | tuple):
        raise ValidationError(_("Give the reminder days as a list of numbers of days."), code="invalid")
    errors = []
    for item in value:
        if isinstance(item, bool) or not isinstance(item, int):
            errors.append(
                ValidationError(_("“%(value)s” is not a number of days."), code="invalid", params={"value": item})
            )
        elif item < 0:
            errors.append(
                ValidationError(
                    _("Reminders come before a deadline: %(value)s days is negative."),
                    code="negative",
                    params={"value": item},
                )
            )
        elif item not in OFFSET_CHOICES:
            errors.append(
                ValidationError(
                    _("%(value)s days before is not one of the choices: %(choices)s."),
                    code="unknown",
                    params={"value": item, "choices": ", ".join(str(days) for days in OFFSET_CHOICES)},
                )
            )
    if errors:
        raise ValidationError(errors)


class ReminderPreference(models.Model):
    """How a person wants to be reminded. Created the first time they save it; until then
    `for_user` returns the defaults without writing anything."""

    class DigestFrequency(models.TextChoices):
        OFF = "off", pgettext_lazy("digest frequency", "No summary")
        DAILY = "daily", pgettext_lazy("digest frequency", "Every day")
        WEEKLY = "weekly", pgettext_lazy("digest frequency", "Every Monday")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preference", verbose_name=_("user")
    )
    wants_reminders = models.BooleanField(
        _("remind me of my groups' deadlines"),
        default=True,
        help_text=_("Reminders about appeals you are assigned to, and alerts nobody acknowledged, still come."),
    )
    offsets = models.JSONField(_("when"), default=default_offsets, validators=[validate_offsets], blank=True)
    by_email = models.BooleanField(_("by email"), default=True)
    in_app = models.BooleanField(_("in Ruqsat (the bell)"), default=True)
    # Reminders, escalations and event notifications in the person's linked Telegram chat
    # (messenger.TelegramLink); offered only where the site has a bot.
    by_telegram = models.BooleanField(_("in Telegram"), default=False)
    # Opt-in: an email for each event notification (reminders.events.EVENT_KINDS lists them on the
    # preferences page). A later channel (Telegram) gets a switch of its own beside this one.
    email_events = models.BooleanField(
        _("email me when something happens"),
        default=False,
        help_text=_(
            "A decision recorded, corrected or voided, an appeal opened or filed, a hearing set: "
            "the bell always shows them; tick this to get an email as well."
        ),
    )
    discreet = models.BooleanField(
        _("discreet"),
        default=False,
        help_text=_(
            "Emails and calendar entries with a neutral title and no names of groups, applications or deadlines, "
            "in case your phone is taken from you."
        ),
    )
    # A summary by email at 09:00 in the person's zone (reminders.digest): due this week, what
    # happened since the last one, what is overdue.
    digest = models.CharField(
        _("summary by email"),
        max_length=10,
        choices=DigestFrequency.choices,
        default=DigestFrequency.OFF,
        help_text=_("At 09:00 in your time zone: what is due this week, what happened since, what is overdue."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("reminder preference")
        verbose_name_plural = _("reminder preferences")

    def __str__(self):
        return f"{self.user}: {self.offsets}"

    @classmethod
    def for_user(cls, user) -> ReminderPreference:
        preference = cls.objects.filter(user=user).first()
        return preference or cls(user=user)

    @classmethod
    def save_for(cls, user, **choices) -> ReminderPreference:
        """Store the person's choices. Two saves at once (a double click, two tabs) must not both
        insert a first row: update_or_create takes the row the other request made instead of failing
        on the unique user."""
        preference, _created = cls.objects.update_or_create(user=user, defaults=choices)
        return preference

    @classmethod
    def for_users(cls, user_ids) -> dict[int, ReminderPreference]:
        """Everyone's preferences in one query; the defaults for those who never saved any."""
        user_ids = set(user_ids)
        found = {p.user_id: p for p in cls.objects.filter(user_id__in=user_ids)}
        return {user_id: found.get(user_id) or cls(user_id=user_id) for user_id in user_ids}

    @property
    def sorted_offsets(self) -> list[int]:
        return sorted(set(self.offsets or []), reverse=True)


class ReminderQuerySet(models.QuerySet):
    def due(self, now):
        """Waiting, its moment (or retry moment) reached, and not leased to a live sweep."""
        return self.filter(status=Reminder.Status.PENDING, next_attempt_at__lte=now).filter(
            Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
        )

    def failing_for(self, period, now=None):
        """Still being retried, and failing since longer than `period` (admin filter, notices)."""
        now = now or timezone.now()
        return self.filter(status=Reminder.Status.PENDING, first_failed_at__lte=now - period)


class Reminder(models.Model):
    """One reminder: `recipient` is told about `deadline`, `offset_days` before its date, at
    09:00 in their zone. The deadline's date is part of its identity: a moved deadline gets new
    rows and the old, unsent ones are cancelled, while what was already sent stays on record."""

    class Purpose(models.TextChoices):
        REMINDER = "reminder", _("Reminder")
        ESCALATION = "escalation", _("Nobody acknowledged")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")  # for its moment, or for the next try after a failure
        SENT = "sent", _("Sent")
        SKIPPED = "skipped", _("Skipped")  # a later one was already due, acknowledged, or no channel
        # Deadline done, moved or gone; person no longer on it. "Cancelled" has its own context: a
        # reminder is neuter in Russian (отменено), an application feminine (отменена).
        CANCELLED = "cancelled", pgettext_lazy("reminder status", "Cancelled")
        FAILED = "failed", _("Failed")  # delivery kept failing until the deadline passed

    deadline = models.ForeignKey(
        "permits.Deadline", on_delete=models.CASCADE, related_name="reminders", verbose_name=_("deadline")
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("recipient")
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices, default=Purpose.REMINDER)
    offset_days = models.PositiveSmallIntegerField(_("days before"))
    deadline_due_on = models.DateField(_("for the deadline dated"))
    send_at = models.DateTimeField(_("planned for"))
    asks_acknowledgement = models.BooleanField(_("asks to acknowledge"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    # The sweep takes a row when next_attempt_at has passed: send_at at first, later after each failure.
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    # The lease: a sweep that claimed the row owns it until then; after that, another sweep may take it.
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(_("failed attempts"), default=0)
    first_failed_at = models.DateTimeField(_("failing since"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    failure_reported_at = models.DateTimeField(_("failure reported at"), null=True, blank=True)
    # Each channel is recorded as soon as it is done, so a retry repeats only what failed.
    notified_at = models.DateTimeField(_("in-app notice at"), null=True, blank=True)
    email_sent_at = models.DateTimeField(_("email sent at"), null=True, blank=True)
    # Set just before the message goes to Telegram, cleared when Telegram refuses it: a sweep that
    # dies between the two leaves it set, and the message is not sent again (Telegram has no
    # Message-ID to recognise a repeat by). telegram_sent_at says Telegram confirmed it.
    telegram_started_at = models.DateTimeField(_("Telegram message handed over at"), null=True, blank=True)
    telegram_sent_at = models.DateTimeField(_("Telegram message sent at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    outcome_note = models.CharField(_("why"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["send_at", "id"]
        constraints = [
            # Never two rows for the same reminder: concurrent plans insert with ignore_conflicts.
            models.UniqueConstraint(
                fields=["deadline", "recipient", "purpose", "offset_days", "deadline_due_on"],
                name="reminder_one_per_deadline_recipient_offset",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "sent", "skipped", "cancelled", "failed"]),
                name="reminder_status_known",
            ),
            models.CheckConstraint(
                condition=~Q(status="pending") | Q(next_attempt_at__isnull=False), name="reminder_pending_has_moment"
            ),
        ]
        indexes = [
            # The due rows: reminders.sweep.sweep_due_reminders (Celery beat's reminders.sweep and
            # `manage.py send_due_reminders`) claims from this index every minute.
            models.Index(fields=["next_attempt_at"], condition=Q(status="pending"), name="reminder_due"),
            # reminders_sync reads an application's rows per deadline.
            models.Index(fields=["deadline", "recipient"], name="reminder_deadline_recipient"),
        ]

    def __str__(self):
        return f"{self.deadline} → {self.recipient} ({self.offset_days}d, {self.status})"

    @property
    def message_id(self) -> str:
        """The same reminder always carries the same Message-ID, so a resend after a crash is
        recognisable (and collapsed by most mail servers and clients)."""
        from urllib.parse import urlsplit

        domain = urlsplit(settings.SITE_URL).hostname or "ruqsat.localhost"
        return f"<reminder-{self.pk}@{domain}>"


class Acknowledgement(models.Model):
    """An assigned volunteer saying "I have this": stops the escalation of the deadline's
    reminders (not the reminders themselves)."""

    class Via(models.TextChoices):
        EMAIL = "email", _("Link in an email")
        APP = "app", _("In Ruqsat")
        TELEGRAM = "telegram", _("Button in Telegram")

    deadline = models.ForeignKey(
        "permits.Deadline", on_delete=models.CASCADE, related_name="acknowledgements", verbose_name=_("deadline")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("acknowledged by")
    )
    via = models.CharField(_("via"), max_length=10, choices=Via.choices)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), default=now)

    class Meta:
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")
        constraints = [models.UniqueConstraint(fields=["deadline", "user"], name="acknowledgement_once_per_person")]

    def __str__(self):
        return f"{self.deadline} ✓ {self.user}"


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def visible_to(self, user):
        """The user's own notifications about what they may still see: one about an application,
        appeal or deadline they no longer see (they left the group, were taken off the appeal) is
        neither shown nor counted, and its id is a 404 (organizations.access, through the models'
        visible_to)."""
        application_model = apps.get_model("permits", "PermitApplication")
        appeal_model = apps.get_model("appeals", "Appeal")
        deadline_model = apps.get_model("permits", "Deadline")
        if not (user and user.is_authenticated):
            return self.none()
        return self.filter(
            Q(application__isnull=True) | Q(application__in=application_model.objects.visible_to(user)),
            Q(appeal__isnull=True) | Q(appeal__in=appeal_model.objects.visible_to(user)),
            Q(deadline__isnull=True) | Q(deadline__in=deadline_model.objects.visible_to(user)),
            user=user,
        )

    def for_bell(self):
        """Unread first, then the newest; with what the texts read."""
        unread_first = models.Case(models.When(read_at__isnull=True, then=0), default=1)
        return self.select_related("deadline", "application", "actor").order_by(unread_first, "-created_at", "-id")

    def mark_read(self, now=None) -> int:
        return self.unread().update(read_at=now or timezone.now())


class Notification(models.Model):
    """What the bell shows. A reminder's text is written in the recipient's language when it is
    created; an event's (a decision, an appeal's step) is its kind and `params`, put into words in
    the reader's language each time it is read (reminders.events)."""

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("Reminder")
        ESCALATION = "escalation", _("Nobody acknowledged")
        DELIVERY_FAILING = "delivery_failing", _("Reminder not delivered")
        # Events (permits.signals.APPLICATION_EVENTS), one notification per person told.
        DECISION_RECORDED = "decision_recorded", _("Decision recorded")
        DECISION_CORRECTED = "decision_corrected", _("Decision corrected")
        DECISION_VOIDED = "decision_voided", _("Decision voided")
        APPEAL_OPENED = "appeal_opened", _("Appeal opened")
        APPEAL_FILED = "appeal_filed", _("Appeal filed")
        HEARING_SET = "hearing_set", _("Hearing set")
        # An editor published, merged or declined an authority the group added (reminders.notify).
        AUTHORITY_REVIEWED = "authority_reviewed", _("Authority reviewed")
        # Telegram refused a message (the bot blocked, the chat deleted): reminders.telegram_link.
        TELEGRAM_BROKEN = "telegram_broken", _("Telegram stopped working")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("user")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    reminder = models.ForeignKey(
        Reminder, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    deadline = models.ForeignKey("permits.Deadline", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    # What an event is about, and whom the reader must still be allowed to see it through (visible_to).
    application = models.ForeignKey(
        "permits.PermitApplication",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("application"),
    )
    appeal = models.ForeignKey(
        "appeals.Appeal", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("appeal")
    )
    # The timeline entry the event's verb wrote: the event's identity, so that a task run twice
    # tells nobody twice (notification_once_per_event).
    timeline_entry = models.ForeignKey(
        "permits.TimelineEntry", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("done by"),
    )
    params = models.JSONField(_("details"), default=dict, blank=True)
    title = models.CharField(_("title"), max_length=300, blank=True)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    asks_acknowledgement = models.BooleanField(default=False)
    created_at = models.DateTimeField(_("created at"), default=now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            # A reminder re-taken after a crash does not ring the bell twice.
            models.UniqueConstraint(fields=["reminder", "user", "kind"], name="notification_once_per_reminder"),
            # An event re-announced (a task delivered twice) does not ring the bell twice.
            models.UniqueConstraint(
                fields=["timeline_entry", "user"],
                condition=Q(timeline_entry__isnull=False),
                name="notification_once_per_event",
            ),
        ]
        indexes = [
            # The navbar bell's unread count on every page (reminders.context_processors.notifications).
            models.Index(fields=["user"], condition=Q(read_at__isnull=True), name="notification_unread"),
            models.Index(fields=["user", "-created_at"], name="notification_list"),
        ]

    def __str__(self):
        return f"{self.user}: {self.kind} {self.title}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def is_event(self) -> bool:
        return self.kind in EVENT_KINDS

    @property
    def text(self) -> str:
        """The title in the active language: an event's put into words now, a reminder's as written."""
        if self.kind == Notification.Kind.AUTHORITY_REVIEWED:
            from reminders.events import authority_review_text

            return authority_review_text(self)
        if self.kind == Notification.Kind.TELEGRAM_BROKEN:
            from reminders.telegram_link import broken_text

            return broken_text()
        if self.is_event:
            from reminders.events import event_text

            return event_text(self)
        return self.title

    @property
    def details(self) -> str:
        if self.kind == Notification.Kind.AUTHORITY_REVIEWED:
            return (self.params or {}).get("note", "")
        if self.kind == Notification.Kind.TELEGRAM_BROKEN:
            from reminders.telegram_link import broken_details

            return broken_details()
        if self.is_event:
            from reminders.events import event_details

            return event_details(self)
        return self.body


EVENT_KINDS = (
    Notification.Kind.DECISION_RECORDED,
    Notification.Kind.DECISION_CORRECTED,
    Notification.Kind.DECISION_VOIDED,
    Notification.Kind.APPEAL_OPENED,
    Notification.Kind.APPEAL_FILED,
    Notification.Kind.HEARING_SET,
)


class LeasedSend(models.Model):
    """A message that must go out once (an event's email, a summary): the task that sends it first
    claims the row with a conditional UPDATE and a lease, so a task run twice, or by two workers or
    beats, sends once; a failed send stays pending and is tried again after the lease, a sent or
    skipped one never is."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENT = "sent", _("Sent")
        SKIPPED = "skipped", _("Skipped")  # nothing to send any more (no address, nothing to tell, no sight)
        FAILED = "failed", _("Failed")  # the mail server kept refusing it

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    # The lease, as on Reminder: the task that claimed the row owns it until then.
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(_("failed attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=now)

    class Meta:
        abstract = True

    @classmethod
    def claim(cls, pk: int, moment, lease) -> str | None:
        """Take the row for this task: its token, or None when it is done or a live task holds it."""
        token = secrets.token_hex(16)
        free = Q(claimed_until__isnull=True) | Q(claimed_until__lt=moment)
        claimed = cls.objects.filter(free, pk=pk, status=cls.Status.PENDING).update(
            claimed_until=moment + lease, claim_token=token
        )
        return token if claimed else None

    @classmethod
    def finish(cls, pk: int, token: str, **outcome) -> int:
        """Record how the send ended and free the row, if this task still holds it."""
        return cls.objects.filter(pk=pk, claim_token=token).update(claimed_until=None, claim_token="", **outcome)


class NotificationDelivery(LeasedSend):
    """One channel's delivery of one notification (an email, a Telegram message). A row per
    (notification, channel); the task that sends it claims the row with a conditional UPDATE, so a
    task delivered twice sends once (reminders.notify)."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        TELEGRAM = "telegram", _("Telegram")

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("notification")
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    # Telegram only, as Reminder.telegram_started_at: set before the message goes out and cleared
    # when Telegram refuses it, so a task that died mid-send is not followed by a second message.
    started_at = models.DateTimeField(_("handed over at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification delivery")
        verbose_name_plural = _("notification deliveries")
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"], name="notification_delivery_once_per_channel"),
        ]

    def __str__(self):
        return f"{self.notification_id} {self.channel} {self.status}"

    @property
    def message_id(self) -> str:
        """The same notification's email always carries the same Message-ID (see Reminder.message_id)."""
        from urllib.parse import urlsplit

        domain = urlsplit(settings.SITE_URL).hostname or "ruqsat.localhost"
        return f"<notification-{self.notification_id}@{domain}>"


class SweepRecord(models.Model):
    """The last sweep, for GET /healthz (one row, written at the end of every sweep)."""

    name = models.CharField(max_length=40, primary_key=True)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    sent = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("sweep record")
        verbose_name_plural = _("sweep records")

    def __str__(self):
        return f"{self.name}: {self.last_finished_at}"

    @classmethod
    def claim_period(cls, name: str, *, now: dt.datetime, period: dt.timedelta) -> bool:
        """Whether this run of the periodic job `name` is the one for its period. With a beat on
        each of several machines the job is queued once per beat; the conditional UPDATE lets
        exactly one of them through (on PostgreSQL the second waits for the first's row lock and
        re-checks the condition against the new `last_started_at`)."""
        cls.objects.bulk_create([cls(name=name)], ignore_conflicts=True)
        not_started_in_period = Q(last_started_at__isnull=True) | Q(last_started_at__lte=now - period)
        return bool(cls.objects.filter(not_started_in_period, pk=name).update(last_started_at=now))


class Digest(LeasedSend):
    """One person's summary for one period (a day, or a week from its Monday): the row is made and
    claimed before anything is sent, so two workers or two beats send it once; a failed send stays
    pending and is tried again, a sent or skipped one never is (reminders.digest)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests", verbose_name=_("user")
    )
    # The local date the period begins: the day itself, or the week's Monday.
    period_start = models.DateField(_("period from"))
    frequency = models.CharField(_("frequency"), max_length=10, choices=ReminderPreference.DigestFrequency.choices)

    class Meta:
        verbose_name = _("summary email")
        verbose_name_plural = _("summary emails")
        constraints = [
            # One per person and period, whatever the number of workers and beats.
            models.UniqueConstraint(fields=["user", "period_start"], name="digest_once_per_person_period"),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "sent", "skipped", "failed"]), name="digest_status_known"
            ),
        ]

    def __str__(self):
        return f"{self.user}: {self.period_start} ({self.status})"

    @property
    def message_id(self) -> str:
        from urllib.parse import urlsplit

        domain = urlsplit(settings.SITE_URL).hostname or "ruqsat.localhost"
        return f"<digest-{self.pk}@{domain}>"
