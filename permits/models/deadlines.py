"""Deadlines: the dated obligations of each application and appeal, computed from a rule or added
by a person, and how they are overridden, closed and found again.

Planning is in permits/models/planning.py, the rules in permits/models/rules.py, the words that
explain a computation in permits/models/deadline_text.py. The application's verbs (file,
record_decision, change_dates…) call `ApplicationDeadlines.refresh_deadlines`; nothing else creates
an application's computed deadlines.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config import audit
from config.formats import compact_date as _date
from organizations import access
from permits import workdays
from permits.models.deadline_text import describe_computation
from permits.models.jurisdictions import Jurisdiction
from permits.models.planning import COMPUTED_KINDS, DeadlineKind, PlannedDeadline, end_of_day, local_today
from permits.models.rules import DeadlineRule, SourceStatus
from permits.models.timeline import TimelineEntry
from permits.signals import deadlines_changed, deadlines_recomputed
from permits.timeline import TimelineMessage, choice_param, date_param


class DeadlineQuerySet(models.QuerySet):
    # The access rule is organizations.access: a volunteer sees the deadlines of their own appeal
    # and of the application, not those of its other appeals.
    def visible_to(self, user):
        return self.filter(access.visible_deadlines(user))

    def editable_by(self, user):
        return self.filter(access.editable_deadlines(user))

    def acknowledgeable_by(self, user):
        return self.filter(access.acknowledgeable_deadlines(user))

    def open(self):
        """Not done, and still meaningful: the answer, filing and event deadlines of a withdrawn,
        cancelled or held assembly are moot."""
        # applications.py imports this module (through its deadline mixin): not at the top.
        from permits.models.applications import Status

        moot = Q(
            kind__in=[DeadlineKind.AUTHORITY_RESPONSE, DeadlineKind.LATEST_FILING, DeadlineKind.EVENT],
            application__status__in=[Status.WITHDRAWN, Status.CANCELLED, Status.HELD],
        )
        return self.filter(done_at__isnull=True).exclude(moot)

    def upcoming(self, now: dt.datetime | None = None):
        """Open deadlines not yet past, soonest first (the dashboard's "due next")."""
        return self.open().filter(due_at__gte=now or timezone.now()).order_by("due_at", "id")

    def overdue(self, now: dt.datetime | None = None):
        """Open deadlines whose moment has passed, oldest first."""
        return self.open().filter(due_at__lt=now or timezone.now()).order_by("due_at", "id")

    @staticmethod
    def _closed_long_ago(now: dt.datetime) -> Q:
        # The assembly a deadline served is over (its end, or its start when no end was given): an
        # answer, a filing or an appeal missed then can no longer let it take place. Nothing is
        # done_at, so the row stays open and the application page still lists it.
        return Q(application__ends_at__lt=now) | Q(application__ends_at__isnull=True, application__starts_at__lt=now)

    def pressing(self, now: dt.datetime | None = None):
        """Overdue deadlines that still matter (the dashboard's count in red): the assembly is ahead."""
        now = now or timezone.now()
        return self.overdue(now).exclude(self._closed_long_ago(now))

    def missed(self, now: dt.datetime | None = None):
        """Overdue deadlines that closed unmet long ago: the assembly they served is over (the
        dashboard folds them under "Missed", with what can still be done)."""
        now = now or timezone.now()
        return self.overdue(now).filter(self._closed_long_ago(now))

    def for_dashboard(self):
        return self.select_related("application", "application__authority__jurisdiction", "rule")


class Deadline(models.Model):
    """One dated obligation of an application: computed from a rule, or added by a person."""

    Kind = DeadlineKind

    application = models.ForeignKey(
        "permits.PermitApplication", on_delete=models.CASCADE, related_name="deadlines", verbose_name=_("application")
    )
    # The appeal a deadline belongs to (its filing deadline, a hearing), if any. A string reference
    # so that permits imports nothing from appeals (DESIGN.md: appeals → permits); set by the
    # appeal's own verbs (appeals.models.Appeal.sync_deadlines, schedule_hearing).
    appeal = models.ForeignKey(
        "appeals.Appeal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deadlines",
        verbose_name=_("appeal"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=DeadlineKind.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    # A title the system wrote ("Hearing: %(place)s"), kept as its msgid and parameters so that each
    # reader sees it in their language (permits.timeline); `title` holds it in the site's language.
    title_message = models.CharField(_("system title"), max_length=200, blank=True, editable=False)
    title_params = models.JSONField(_("title parameters"), default=dict, blank=True, editable=False)
    due_on = models.DateField(_("due on"))
    due_at = models.DateTimeField(_("due at"), help_text=_("The end of the due day in the jurisdiction's time zone."))
    starts_on = models.DateField(
        _("counted from"), null=True, blank=True, help_text=_("The date the period is counted from.")
    )
    computed_due_on = models.DateField(_("computed date"), null=True, blank=True)
    rule = models.ForeignKey(
        DeadlineRule,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deadlines",
        verbose_name=_("rule"),
    )
    rule_source = models.CharField(_("source"), max_length=500, blank=True)
    source_status = models.CharField(_("source status"), max_length=20, choices=SourceStatus.choices, blank=True)
    computation_data = models.JSONField(_("computation"), default=dict, blank=True)
    original_due_on = models.DateField(
        _("date before the override"), null=True, blank=True, help_text=_("The computed date a person replaced.")
    )
    override_reason = models.TextField(_("reason for the change"), blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    overridden_at = models.DateTimeField(_("changed at"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    # The day the obligation was met (the appeal's filing date, the registration date), which may be
    # before the day someone recorded it (done_at): what tells a late filing from one on time.
    done_on = models.DateField(_("met on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("done by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "kind"],
                condition=Q(kind__in=COMPUTED_KINDS),
                name="deadline_one_computed_per_kind",
            ),
            models.CheckConstraint(
                condition=Q(overridden_at__isnull=True) | ~Q(override_reason=""), name="deadline_override_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(kind=DeadlineKind.CUSTOM) | ~Q(title=""), name="deadline_custom_titled"
            ),
        ]
        indexes = [
            # upcoming()/overdue() across a user's applications: open rows by due moment.
            models.Index(fields=["due_at"], condition=Q(done_at__isnull=True), name="deadline_open_due_at"),
        ]

    def __str__(self):
        return f"{self.label}: {self.due_on}"

    @property
    def label(self) -> str:
        if self.title_message:
            rendered = TimelineMessage.stored(self.title_message, self.title_params).render()
            if rendered:
                return rendered
        return self.title or str(self.get_kind_display())

    def set_title(self, message: TimelineMessage) -> None:
        """A title written by the system, shown in each reader's language."""
        self.title = message.recorded()[:200]
        self.title_message, self.title_params = message.message, message.params

    @property
    def after_missed(self) -> str:
        """What can still be done once this deadline closed unmet (the dashboard's "Missed")."""
        if self.kind in (DeadlineKind.APPEAL_FILING, DeadlineKind.COURT_CLAIM):
            return _(
                "A late complaint or claim can ask to restore the missed time limit for a valid reason "
                "(verify in the law); a ruling that the refusal was unlawful still counts after the event."
            )
        if self.kind == DeadlineKind.AUTHORITY_RESPONSE:
            return _("Record the answer if it came; an authority's silence can be cited in a complaint or a report.")
        if self.kind == DeadlineKind.LATEST_FILING:
            return _("Record the filing if it was made; otherwise mark the application withdrawn or cancelled.")
        return _("Mark it done on the application page, or note what happened instead.")

    @property
    def computation(self) -> str:
        """How the date was computed, in words, in the reader's language."""
        return describe_computation(self.computation_data or {})

    @property
    def time_zone(self) -> str:
        return self.application.authority.jurisdiction.time_zone

    @property
    def is_overridden(self) -> bool:
        return self.overridden_at is not None

    @property
    def override_outdated(self) -> bool:
        """A person changed the date, and the computed date has since moved (e.g. the event day was
        edited): someone should look at it again."""
        return self.is_overridden and self.computed_due_on != self.original_due_on

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    @property
    def is_overdue(self) -> bool:
        return self.done_at is None and self.due_at < timezone.now()

    @property
    def days_late(self) -> int:
        """Days between the due day and the day the obligation was met, when it was met late; 0 when
        on time or not (yet) met. A late filing is never shown as simply "done" (issue 13)."""
        if self.done_at is None or self.done_on is None or self.done_on <= self.due_on:
            return 0
        return (self.done_on - self.due_on).days

    def days_left(self, today: dt.date | None = None) -> int:
        """Whole days from today (in the jurisdiction's zone) to the due day; negative when past."""
        return (self.due_on - (today or local_today(self.time_zone))).days

    @property
    def needs_verification(self) -> bool:
        return self.rule is not None and self.rule.needs_verification

    @property
    def source_citation(self) -> str:
        """Where the deadline comes from, as people read it (the application page, reminders, the
        calendar feed, the API): the rule's citation in the reader's language while the stored
        `rule_source` is still what the rule says; otherwise (no rule, or a rule edited since the
        deadline was planned) the stored text, as recorded."""
        rule = self.rule if self.rule_id else None
        if rule is not None and self.rule_source and self.rule_source == rule.recorded_citation:
            return rule.citation
        return self.rule_source

    # --- planning -----------------------------------------------------------------------------------
    @classmethod
    def apply_plan(
        cls, row: Deadline | None, plan: PlannedDeadline | None, *, met_on: dt.date | None = None, **new
    ) -> Deadline | None:
        """Bring a computed deadline in line with its plan, for applications and appeals alike.

        `row` is the stored deadline of the plan's kind (None: there is none yet, and `new` gives the
        fields of the one to create: application, appeal, created_by). A date a person overrode is
        kept and only its computed date follows, so `override_outdated` tells when they drift apart.
        Without a plan the row goes, unless a person overrode it or it is done (then it loses its
        computed date). `met_on`: the day the record shows the obligation was met. Returns the row,
        or None when there is none left."""
        if plan is None:
            if row is None:
                return None
            if not row.is_overridden and not row.is_done:
                row.delete()  # no longer follows from the record (e.g. the event type or venue changed)
                return None
            if row.is_overridden and row.computed_due_on is not None:
                row.computed_due_on = None
                row.save(update_fields=["computed_due_on", "updated_at"])
            return row
        row = row or cls(kind=plan.kind, **new)
        row.starts_on = plan.starts_on
        row.computed_due_on = plan.due_on
        row.rule = plan.rule
        row.rule_source = plan.rule.recorded_citation if plan.rule else ""
        row.source_status = plan.rule.status if plan.rule else ""
        row.computation_data = plan.computation_data
        if not row.is_overridden:
            row.due_on, row.due_at = plan.due_on, plan.due_at
        if met_on is not None:
            # The day it was met follows the record (a corrected registration or decision date).
            if row.done_at is None:
                row.done_at = timezone.now()
            row.done_on = met_on
        row.save()
        return row

    # --- verbs --------------------------------------------------------------------------------------
    @transaction.atomic
    def override(self, *, due_on: dt.date | None, reason: str, by=None):
        """Replace the due date, with a reason; the computed date is kept and the timeline says so."""
        reason = (reason or "").strip()
        errors = {}
        if not reason:
            errors["override_reason"] = _("Say why the date changes; the reason is kept with the deadline.")
        if due_on is None:
            errors["due_on"] = _("Give the new date.")
        elif self.kind == DeadlineKind.EVENT:
            errors["due_on"] = _("The day of the assembly changes with the application's start, not here.")
        elif self.starts_on and self.computation_data.get("direction") == workdays.BACKWARD:
            if due_on > self.starts_on:
                errors["due_on"] = _("The date cannot be after %(date)s, the day it is counted back from.") % {
                    "date": _date(self.starts_on)
                }
        elif self.starts_on and due_on < self.starts_on:
            errors["due_on"] = _("The date cannot be before %(date)s, the day it is counted from.") % {
                "date": _date(self.starts_on)
            }
        if errors:
            raise ValidationError(errors)
        previous = self.due_on
        if not self.is_overridden:
            self.original_due_on = self.computed_due_on or self.due_on
        self.due_on = due_on
        self.due_at = end_of_day(due_on, self.time_zone)
        self.override_reason = reason
        self.overridden_by = by
        self.overridden_at = timezone.now()
        self.save()
        TimelineEntry.write(
            application=self.application,
            kind=TimelineEntry.Kind.DEADLINE,
            on=local_today(self.time_zone),
            summary=TimelineMessage(
                _("%(deadline)s: date changed from %(old)s to %(new)s"),
                deadline=self.title or choice_param(Deadline, "kind", self.kind),
                old=date_param(previous),
                new=date_param(due_on),
            ),
            details=reason,
            by=by,
        )
        deadlines_changed.send(sender=Deadline, application_id=self.application_id)

    def mark_done(self, *, by=None, on: dt.date | None = None) -> bool:
        """Record that the obligation was met, on `on` (the day it was, e.g. the appeal's filing
        date; today if not given). Returns False if it already was."""
        on = on or local_today(self.time_zone)
        changed = Deadline.objects.filter(pk=self.pk, done_at__isnull=True).update(
            done_at=timezone.now(), done_on=on, done_by=by, updated_at=timezone.now()
        )
        self.refresh_from_db(fields=["done_at", "done_on", "done_by", "updated_at"])
        if changed:
            # A conditional UPDATE sends no model signals: tell the audit trail ourselves.
            audit.record_update(
                self, {"done_at": (None, self.done_at), "done_on": (None, on), "done_by": (None, self.done_by_id)}
            )
            deadlines_changed.send(sender=Deadline, application_id=self.application_id)
        return bool(changed)


# --- planning an application's deadlines -------------------------------------------------------------


def refresh_deadlines_in(jurisdictions) -> int:
    """Recompute the deadlines of every application in these jurisdictions and the ones inside
    them, after an operator changed a rule or a calendar correction. Returns how many applications.
    Overridden deadlines keep their dates and are flagged if the computed date moved. The apps with
    deadlines of their own from the same rules (appeals) hear it through `deadlines_recomputed`."""
    # applications.py imports this module (through its deadline mixin): not at the top.
    from permits.models.applications import PermitApplication, Status

    roots = {j.pk for j in jurisdictions}
    affected = [j.pk for j in Jurisdiction.objects.all() if roots & {p.pk for p in j.lineage()}]
    applications = PermitApplication.objects.filter(authority__jurisdiction__in=affected).exclude(
        status__in=[Status.WITHDRAWN, Status.CANCELLED, Status.HELD]
    )
    refreshed = []
    for application in applications.select_related("authority__jurisdiction"):
        application.refresh_deadlines()
        refreshed.append(application.pk)
    if refreshed:
        deadlines_recomputed.send(sender=Deadline, application_ids=refreshed)
    return len(refreshed)
