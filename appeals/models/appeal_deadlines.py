"""The deadline side of Appeal (mixed into it), as ApplicationDeadlines is of an application: the
filing deadline its venue's rule gives, the venue's answer once it is filed, and keeping both in
step with the appeal's dates."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from appeals.models.vocabularies import Venue
from permits.models import (
    CountedFrom,
    Deadline,
    DeadlineKind,
    DeadlineRule,
    RuleKind,
    working_calendar,
)
from permits.models.planning import PlannedDeadline, end_of_day, plan_from_rule
from permits.signals import deadlines_changed
from permits.timeline import TimelineMessage


class AppealDeadlines:
    # --- the filing deadline ------------------------------------------------------------------------
    def plan_filing_deadline(self) -> PlannedDeadline | None:
        """The computed filing deadline for the venue, without saving anything (LEGAL.md §3):
        the higher authority → the pre-trial complaint (АППК Art. 92: 3 months from receipt of the
        refusal, the application's own appeal_filing deadline); a court → the claim (Art. 136: 1 month
        from delivery of the decision on the complaint, or of the refusal itself without a pre-trial
        step). The other venues have no rule in Ruqsat: none is invented."""
        application = self.application
        if self.venue == Venue.HIGHER_AUTHORITY:
            return application.plan_deadlines().get(DeadlineKind.APPEAL_FILING)
        if self.venue != Venue.COURT:
            return None
        decision = self.decision
        if self.complaint_decision_received_on:
            start, counted_from, fallback = (
                self.complaint_decision_received_on,
                CountedFrom.COMPLAINT_DECISION_RECEIVED_ON,
                "",
            )
        else:
            start = decision.received_on or decision.decided_on
            counted_from = CountedFrom.DECISION_RECEIVED_ON
            fallback = "" if decision.received_on else "decided_on"
        jurisdiction = application.jurisdiction
        rule = DeadlineRule.objects.applicable(jurisdiction, RuleKind.COURT_CLAIM, application.event_type, start)
        if rule is None:
            return None
        return plan_from_rule(
            DeadlineKind.COURT_CLAIM,
            rule,
            start,
            working_calendar(jurisdiction),
            jurisdiction.time_zone,
            counted_from=counted_from,
            start_fallback=fallback,
        )

    @transaction.atomic
    def sync_deadlines(self, *, by=None, custom_due_on: dt.date | None = None):
        """Create or update the appeal's filing deadline from the rules for its venue.

        - higher authority: the application's own appeal_filing deadline (there is one per
          application, computed when the refusal was recorded) is linked to this appeal;
        - court: a court_claim deadline of this appeal, recomputed (an overridden date is kept);
        - other venues: only a date a person gives (`custom_due_on`), as a custom deadline.
        A filing deadline that no longer applies (the venue changed) is removed or unlinked."""
        application = self.application
        current = self.filing_deadline if self.filing_deadline_id else None
        if self.venue == Venue.HIGHER_AUTHORITY:
            row = application.deadlines.filter(kind=DeadlineKind.APPEAL_FILING).first()
            if row is None:
                application.refresh_deadlines(by=by)
                row = application.deadlines.filter(kind=DeadlineKind.APPEAL_FILING).first()
        elif self.venue == Venue.COURT:
            row = current if current is not None and current.kind == DeadlineKind.COURT_CLAIM else None
            row = Deadline.apply_plan(
                row, self.plan_filing_deadline(), application=application, appeal=self, created_by=by
            )
        else:
            row = current if current is not None and current.kind == DeadlineKind.CUSTOM else None
            if custom_due_on is not None:
                row = row or Deadline(application=application, appeal=self, kind=DeadlineKind.CUSTOM, created_by=by)
                row.set_title(TimelineMessage(_("File the appeal: %(venue)s"), venue=self._venue_param()))
                row.due_on = custom_due_on
                row.due_at = end_of_day(custom_due_on, application.jurisdiction.time_zone)
                row.computation_data = {"method": "manual"}
                row.save()
        if current is not None and (row is None or current.pk != row.pk):
            self._release(current)
        if row is not None and row.appeal_id != self.pk:
            row.appeal = self
            row.save(update_fields=["appeal", "updated_at"])
        self.filing_deadline = row
        self.save(update_fields=["filing_deadline", "updated_at"])
        self._sync_answer_deadline(by=by)
        self.deadlines_changed()
        return row

    def plan_answer_deadline(self) -> PlannedDeadline | None:
        """Once the appeal is filed, the day its venue must decide by, where Ruqsat has a rule for it:
        the higher body's decision on a pre-trial complaint (АППК Art. 100, seeded as "verify": the
        period is not yet read in the text). No rule is seeded for a court's or another venue's
        answer, and none is invented."""
        if self.venue != Venue.HIGHER_AUTHORITY or self.filed_on is None:
            return None
        application = self.application
        jurisdiction = application.jurisdiction
        start = self.filed_on  # counted from the complaint's registration: the filing day Ruqsat knows
        rule = DeadlineRule.objects.applicable(jurisdiction, RuleKind.COMPLAINT_DECISION, application.event_type, start)
        if rule is None:
            return None
        return plan_from_rule(
            DeadlineKind.COMPLAINT_DECISION, rule, start, working_calendar(jurisdiction), jurisdiction.time_zone
        )

    def _sync_answer_deadline(self, *, by=None) -> Deadline | None:
        row = self.deadlines.filter(kind=DeadlineKind.COMPLAINT_DECISION).first()
        return Deadline.apply_plan(
            row, self.plan_answer_deadline(), application=self.application, appeal=self, created_by=by
        )

    def follow_filing_day(self, *, by=None):
        """After a correction of `filed_on`: the filing deadline was met on the new day (which tells
        whether it was late), and the venue's answer is counted from it."""
        deadline = self.filing_deadline if self.filing_deadline_id else None
        if deadline is not None and deadline.is_done and deadline.done_on != self.filed_on:
            deadline.done_on = self.filed_on
            deadline.save(update_fields=["done_on", "updated_at"])
        self._sync_answer_deadline(by=by)
        self.deadlines_changed()

    def deadlines_changed(self):
        """Tell the apps that read deadlines (reminders) that this appeal's changed: its dates, or
        who is assigned to it."""
        deadlines_changed.send(sender=Deadline, application_id=self.application_id)

    def _release(self, deadline: Deadline):
        """A filing deadline this appeal no longer uses: the application's computed one goes back
        to the application; one the appeal made is removed unless it is already done."""
        if deadline.kind in (DeadlineKind.APPEAL_FILING,):
            deadline.appeal = None
            deadline.save(update_fields=["appeal", "updated_at"])
        elif not deadline.is_done:
            deadline.delete()
