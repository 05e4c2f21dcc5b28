"""The deadline side of PermitApplication (mixed into it): planning, recomputing and reading its
deadlines, and the verbs that move them (change_dates, add_custom_deadline)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from permits import workdays
from permits.models.deadlines import Deadline
from permits.models.jurisdictions import Jurisdiction
from permits.models.planning import (
    COMPUTED_KINDS,
    MANUAL_KINDS,
    DeadlineKind,
    PlannedDeadline,
    RemedyOutlook,
    end_of_day,
    local_today,
    plan_from_rule,
)
from permits.models.rules import DeadlineRule, RuleKind, working_calendar
from permits.models.timeline import TimelineEntry
from permits.signals import deadlines_changed
from permits.timeline import TimelineMessage, date_param


class ApplicationDeadlines:
    """The deadline side of PermitApplication (mixed into it): reading and recomputing its deadlines.

    Read properties iterate `self.deadlines.all()`, so `prefetch_related("deadlines")` makes a list
    of applications cost one query; when no row exists yet (a draft) they compute the date live."""

    # --- inputs ---------------------------------------------------------------------------------
    @property
    def jurisdiction(self) -> Jurisdiction:
        return self.authority.jurisdiction

    @property
    def event_day(self) -> dt.date | None:
        if not self.starts_at:
            return None
        return self.starts_at.astimezone(ZoneInfo(self.jurisdiction.time_zone)).date()

    def _refusal(self):
        decision = self.latest_decision
        return decision if decision is not None and decision.is_refusal else None

    def plan_deadlines(self, calendar: workdays.WorkingCalendar | None = None) -> dict[str, PlannedDeadline]:
        """Every computed deadline the application has now, by kind, without saving anything."""
        jurisdiction = self.jurisdiction
        calendar = calendar or working_calendar(jurisdiction)
        time_zone = jurisdiction.time_zone
        plans: dict[str, PlannedDeadline] = {}

        def from_rule(kind, rule_kind, start, start_fallback=""):
            rule = DeadlineRule.objects.applicable(jurisdiction, rule_kind, self.event_type, start)
            if rule is not None:
                plans[kind] = plan_from_rule(kind, rule, start, calendar, time_zone, start_fallback=start_fallback)

        event_day = self.event_day
        if event_day:
            plans[DeadlineKind.EVENT] = PlannedDeadline(
                kind=DeadlineKind.EVENT,
                due_on=event_day,
                due_at=self.starts_at,  # the assembly is "due" when it starts, not at midnight
                starts_on=None,
                rule=None,
                computation_data={"method": "event"},
            )
            from_rule(DeadlineKind.LATEST_FILING, RuleKind.LATEST_FILING, event_day)
        if self.filed_on:
            from_rule(DeadlineKind.AUTHORITY_RESPONSE, RuleKind.AUTHORITY_RESPONSE, self.filed_on)
        refusal = self._refusal()
        if refusal is not None:
            # Counted from the day the organizers learnt of the refusal; if that is not recorded, from
            # the decision's date — the earliest possible, so the deadline shown is never too late.
            start = refusal.received_on or refusal.decided_on
            fallback = "" if refusal.received_on else "decided_on"
            from_rule(DeadlineKind.APPEAL_FILING, RuleKind.APPEAL_FILING, start, fallback)
        return plans

    @transaction.atomic
    def refresh_deadlines(self, *, by=None) -> list[Deadline]:
        """Create or update the computed deadlines from the application's current dates and state.

        A deadline a person overrode keeps its date; its computed date is updated, so
        `override_outdated` tells when the two have drifted apart. Idempotent."""
        plans = self.plan_deadlines()
        existing = {d.kind: d for d in self.deadlines.filter(kind__in=COMPUTED_KINDS).select_for_update()}
        for kind in COMPUTED_KINDS:
            # Obligations met by what the application records: the filing was made, the answer came.
            met_on = None
            if kind == DeadlineKind.LATEST_FILING and self.filed_on:
                met_on = self.filed_on
            elif kind == DeadlineKind.AUTHORITY_RESPONSE and (decision := self.latest_decision) is not None:
                met_on = decision.decided_on
            Deadline.apply_plan(existing.get(kind), plans.get(kind), met_on=met_on, application=self, created_by=by)
        # A list loaded with prefetch_related("deadlines") must not keep showing the old rows.
        getattr(self, "_prefetched_objects_cache", {}).pop("deadlines", None)
        deadlines_changed.send(sender=Deadline, application_id=self.pk)
        return list(self.deadlines.all())

    # --- verbs --------------------------------------------------------------------------------------
    @transaction.atomic
    def change_dates(self, *, by=None, **changes):
        """Change starts_at, ends_at and/or filed_on (the registration date) and recompute the
        deadlines that follow from them. Overridden deadlines keep their dates and are flagged if
        their computed date moved."""
        allowed = {"starts_at", "ends_at", "filed_on"}
        unknown = set(changes) - allowed
        if unknown:
            raise TypeError(f"change_dates() cannot change {sorted(unknown)}")
        self.check_date_changes(**changes)
        old_filed_on = self.filed_on
        for field, value in changes.items():
            setattr(self, field, value)
        # Validate what changed (and the model's clean(): the end after the start), not the rest.
        self.full_clean(exclude=[f.name for f in self._meta.get_fields() if f.name not in changes])
        self.save()
        if old_filed_on and self.filed_on != old_filed_on:
            TimelineEntry.write(
                application=self,
                kind=TimelineEntry.Kind.DEADLINE,
                on=local_today(self.jurisdiction.time_zone),
                summary=TimelineMessage(
                    _("Registration date corrected from %(old)s to %(new)s"),
                    old=date_param(old_filed_on),
                    new=date_param(self.filed_on),
                ),
                by=by,
            )
        self.refresh_deadlines(by=by)

    def check_date_changes(self, **changes) -> None:
        """change_dates' own rules, beside the model's clean() (the admin's form calls it too): a
        filed application keeps a registration date, and a draft gets one only by being filed."""
        if "filed_on" in changes and changes["filed_on"] is None and self.filed_on is not None:
            raise ValidationError(
                {"filed_on": _("A filed application keeps its registration date; correct it instead.")}
            )
        if "filed_on" in changes and changes["filed_on"] is not None and self.is_draft:
            raise ValidationError({"filed_on": _("File the application to give it a registration date.")})

    @transaction.atomic
    def add_custom_deadline(self, *, title: str, due_on: dt.date | None, by=None, kind=DeadlineKind.CUSTOM):
        """A deadline a person adds (a meeting to prepare for, a hearing). Writes the timeline."""
        title = (title or "").strip()
        errors = {}
        if kind not in MANUAL_KINDS:
            errors["kind"] = _("Only custom deadlines and hearings can be added by hand.")
        if not title:
            errors["title"] = _("Give the deadline a title.")
        if due_on is None:
            errors["due_on"] = _("Give the date it is due.")
        if errors:
            raise ValidationError(errors)
        deadline = Deadline.objects.create(
            application=self,
            kind=kind,
            title=title,
            due_on=due_on,
            due_at=end_of_day(due_on, self.jurisdiction.time_zone),
            computation_data={"method": "manual"},
            created_by=by,
        )
        TimelineEntry.write(
            application=self,
            kind=TimelineEntry.Kind.DEADLINE,
            on=local_today(self.jurisdiction.time_zone),
            summary=TimelineMessage(_("Deadline added: %(title)s, due %(date)s"), title=title, date=date_param(due_on)),
            by=by,
        )
        deadlines_changed.send(sender=Deadline, application_id=self.pk)
        return deadline

    # --- reading ----------------------------------------------------------------------------------
    def deadline(self, kind: str) -> Deadline | None:
        """The stored deadline of a computed kind (uses prefetched deadlines when present)."""
        return next((d for d in self.deadlines.all() if d.kind == kind), None)

    def _due_on(self, kind: str) -> dt.date | None:
        row = self.deadline(kind) if self.pk else None
        if row is not None:
            return row.due_on
        plan = self.plan_deadlines().get(kind)
        return plan.due_on if plan else None

    @property
    def response_due_on(self) -> dt.date | None:
        """The last day for the authority's answer (None before filing or without a rule)."""
        return self._due_on(DeadlineKind.AUTHORITY_RESPONSE)

    @property
    def latest_filing_on(self) -> dt.date | None:
        """The last day the filing could be registered in time for the event day."""
        return self._due_on(DeadlineKind.LATEST_FILING)

    @property
    def filed_late(self) -> bool:
        """Registered after the latest filing day: a refusal ground the authority may use."""
        latest = self.latest_filing_on
        return bool(self.filed_on and latest and self.filed_on > latest)

    @property
    def authority_answer_overdue(self) -> bool:
        """Filed, no decision yet, and the answer deadline has passed (derived, never stored)."""
        # applications.py mixes this class in: importing it at the top would be circular.
        from permits.models.applications import Status

        if self.status != Status.FILED:
            return False
        row = self.deadline(DeadlineKind.AUTHORITY_RESPONSE)
        if row is not None:
            return row.due_at < timezone.now()
        due = self.response_due_on
        return bool(due and end_of_day(due, self.jurisdiction.time_zone) < timezone.now())

    @property
    def answered_late(self) -> bool:
        """The decision is dated after the answer deadline (an appeal argument)."""
        decision, due = self.latest_decision, self.response_due_on
        return bool(decision and due and decision.decided_on > due)

    @property
    def silence_consequence(self) -> str:
        """What the law says follows when the authority's answer is overdue (from the rule's data)."""
        row = self.deadline(DeadlineKind.AUTHORITY_RESPONSE)
        return row.rule.when_missed if row and row.rule else ""

    @property
    def remedy_outlook(self) -> RemedyOutlook | None:
        """For a refused application: can the complaint be decided before the event day?"""
        refusal, event_day = self._refusal(), self.event_day
        if refusal is None or event_day is None:
            return None
        jurisdiction = self.jurisdiction
        calendar = working_calendar(jurisdiction)
        received = refusal.received_on or refusal.decided_on
        complaint_due = self._due_on(DeadlineKind.APPEAL_FILING)
        decision_rule = DeadlineRule.objects.applicable(
            jurisdiction, RuleKind.COMPLAINT_DECISION, self.event_type, received
        )
        decided_by = decision_rule.compute(received, calendar).result if decision_rule else None
        court_due = None
        if complaint_due and decision_rule:
            latest_decision = decision_rule.compute(complaint_due, calendar).result
            court_rule = DeadlineRule.objects.applicable(
                jurisdiction, RuleKind.COURT_CLAIM, self.event_type, latest_decision
            )
            court_due = court_rule.compute(latest_decision, calendar).result if court_rule else None
        return RemedyOutlook(
            event_day=event_day,
            received_on=received,
            complaint_due_on=complaint_due,
            complaint_decided_by=decided_by,
            complaint_decision_rule=decision_rule,
            court_claim_due_by=court_due,
        )
