"""Planning deadlines without saving anything: what a rule gives for a starting day, when a day
ends in a jurisdiction, and whether a refusal can be reviewed before the assembly.

No database access here. Applications (permits/models/application_deadlines.py) and appeals
(appeals/models/appeals.py) plan with it; `Deadline.apply_plan` turns a plan into a row for both.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from permits import workdays
from permits.models.deadline_text import describe_computation

if TYPE_CHECKING:
    from permits.models.rules import DeadlineRule


class DeadlineKind(models.TextChoices):
    AUTHORITY_RESPONSE = "authority_response", _("Authority must answer")
    LATEST_FILING = "latest_filing", _("Latest day to file")
    APPEAL_FILING = "appeal_filing", _("Appeal must be filed")
    COURT_CLAIM = "court_claim", _("Court claim must be filed")
    COMPLAINT_DECISION = "complaint_decision", _("Higher body must decide the complaint")
    HEARING = "hearing", _("Hearing")
    EVENT = "event", _("Day of the assembly")
    CUSTOM = "custom", _("Custom")


# Deadlines computed from the application (one row each at most); the others are added by people
# or, later, by appeals.
COMPUTED_KINDS = [
    DeadlineKind.AUTHORITY_RESPONSE,
    DeadlineKind.LATEST_FILING,
    DeadlineKind.APPEAL_FILING,
    DeadlineKind.EVENT,
]
MANUAL_KINDS = [DeadlineKind.CUSTOM, DeadlineKind.HEARING]


def end_of_day(day: dt.date, time_zone: str) -> dt.datetime:
    """The moment a deadline falls due: the last second of its day in the jurisdiction's zone, in UTC."""
    local = dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=ZoneInfo(time_zone))
    return local.astimezone(dt.UTC)


def local_today(time_zone: str) -> dt.date:
    return timezone.now().astimezone(ZoneInfo(time_zone)).date()


@dataclass
class PlannedDeadline:
    kind: str
    due_on: dt.date
    due_at: dt.datetime
    starts_on: dt.date | None
    rule: DeadlineRule | None
    computation_data: dict

    @property
    def computation(self) -> str:
        return describe_computation(self.computation_data)


@dataclass
class RemedyOutlook:
    """Whether a refusal can be reviewed before the assembly (LEGAL.md §3, "effective remedy").

    `complaint_decided_by` assumes the complaint is registered the day the refusal was received; the
    higher body has until then to decide. The court stage has no statutory end, so it is not counted."""

    event_day: dt.date
    received_on: dt.date
    complaint_due_on: dt.date | None
    complaint_decided_by: dt.date | None
    complaint_decision_rule: DeadlineRule | None
    court_claim_due_by: dt.date | None  # if the complaint takes its full legal time at every step

    @property
    def decided_before_event(self) -> bool | None:
        """True only if the law guarantees a decision on the complaint before the event day; None
        when no rule says how long the higher body has."""
        if self.complaint_decided_by is None:
            return None
        return self.complaint_decided_by < self.event_day


def plan_from_rule(
    kind: str,
    rule: DeadlineRule,
    start: dt.date,
    calendar: workdays.WorkingCalendar,
    time_zone: str,
    *,
    counted_from: str = "",
    start_fallback: str = "",
) -> PlannedDeadline:
    """The deadline `rule` gives when counted from `start` (`counted_from`: what `start` is, when it
    is not the rule's own starting point, e.g. a court claim counted from the complaint's answer)."""
    computation = rule.compute(start, calendar)
    return PlannedDeadline(
        kind=kind,
        due_on=computation.result,
        due_at=end_of_day(computation.result, time_zone),
        starts_on=start,
        rule=rule,
        computation_data=computation_data(
            computation, counted_from=counted_from or rule.counted_from, start_fallback=start_fallback
        ),
    )


def computation_data(
    computation: workdays.Computation, *, counted_from: str, start_fallback: str = ""
) -> dict[str, object]:
    """What Deadline.computation_data stores: plain JSON, rendered in the reader's language later."""
    return {
        "method": "rule",
        "count": computation.count,
        "unit": computation.unit,
        "direction": computation.direction,
        "counted_from": counted_from,
        "start_fallback": start_fallback,
        "start": computation.start.isoformat(),
        "period_end": computation.period_end.isoformat(),
        "result": computation.result.isoformat(),
        "counted": [day.isoformat() for day in computation.counted],
        "skipped": [[day.isoformat(), why] for day, why in computation.skipped],
        "rolled_over": [[day.isoformat(), why] for day, why in computation.rolled_over],
    }
