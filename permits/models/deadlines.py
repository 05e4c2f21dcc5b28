"""Deadlines: the jurisdiction rules they come from (data, never code), operators' calendar
corrections, and the dated obligations of each application.

The arithmetic is in permits/workdays.py. Here: which rule applies (jurisdiction → parent chain,
event type, validity on the starting date), the rows that result, and how they are explained,
overridden and closed. The application's verbs (file, record_decision, change_dates…) call
`ApplicationDeadlines.refresh_deadlines`; nothing else creates computed deadlines.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from config.formats import compact_date
from organizations import access
from permits import workdays
from permits.holiday_names import holiday_name
from permits.models.jurisdictions import Jurisdiction
from permits.signals import deadlines_changed, deadlines_recomputed
from permits.timeline import TimelineMessage, choice_param, date_param

# --- vocabularies ------------------------------------------------------------------------------


class RuleKind(models.TextChoices):
    """What a rule governs. The regime (notification or approval) is told by the event types."""

    AUTHORITY_RESPONSE = "authority_response", _("Authority's answer")
    LATEST_FILING = "latest_filing", _("Latest filing day before the event")
    APPEAL_FILING = "appeal_filing", _("Pre-trial complaint against a refusal")
    COMPLAINT_DECISION = "complaint_decision", _("Decision on the complaint by the higher body")
    COURT_CLAIM = "court_claim", _("Court claim")


class Unit(models.TextChoices):
    CALENDAR_DAYS = workdays.CALENDAR_DAYS, _("calendar days")
    WORKING_DAYS = workdays.WORKING_DAYS, _("working days")
    MONTHS = workdays.MONTHS, _("months")


class CountedFrom(models.TextChoices):
    FILED_ON = "filed_on", _("the day the filing was registered")
    DECISION_RECEIVED_ON = "decision_received_on", _("the day the decision was received")
    COMPLAINT_FILED_ON = "complaint_filed_on", _("the day the complaint was registered")
    COMPLAINT_DECISION_RECEIVED_ON = (
        "complaint_decision_received_on",
        _("the day the decision on the complaint was received"),
    )
    EVENT_DAY = "event_day", _("the day of the assembly")


class SourceStatus(models.TextChoices):
    """How sure we are of a rule (LEGAL.md): shown to users next to every date it produces."""

    CONFIRMED = "confirmed", _("Confirmed")
    LIKELY = "likely", _("Likely — verify")
    UNCONFIRMED = "unconfirmed", _("Unconfirmed — verify")


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

DISCLAIMER = _("Computed by Ruqsat from the rule shown. Check this date against the current law.")


def _date(day: dt.date) -> str:
    return compact_date(day)


def end_of_day(day: dt.date, time_zone: str) -> dt.datetime:
    """The moment a deadline falls due: the last second of its day in the jurisdiction's zone, in UTC."""
    local = dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=ZoneInfo(time_zone))
    return local.astimezone(dt.UTC)


def local_today(time_zone: str) -> dt.date:
    return timezone.now().astimezone(ZoneInfo(time_zone)).date()


# --- rules ---------------------------------------------------------------------------------------


class DeadlineRuleQuerySet(models.QuerySet):
    def in_force_on(self, day: dt.date):
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def applicable(self, jurisdiction: Jurisdiction, kind: str, event_type: str, on: dt.date) -> DeadlineRule | None:
        """The rule for `kind` and `event_type` in force on `on` (the starting date of the count).

        Looked up in the jurisdiction first, then its parent, grandparent…: a city inherits its
        country's rules unless it has its own for that kind and event type."""
        for place in jurisdiction.lineage():
            candidates = [
                rule
                for rule in self.filter(jurisdiction=place, kind=kind).in_force_on(on).order_by("-valid_from", "-id")
                if rule.applies_to(event_type)
            ]
            if candidates:
                return candidates[0]
        return None

    def effective_for(self, jurisdiction: Jurisdiction, on: dt.date | None = None) -> list[DeadlineRule]:
        """Every rule that governs `jurisdiction` on `on` (default: today there), its own and those
        inherited from its parents that it does not replace. For the jurisdictions API and pages."""
        on = on or local_today(jurisdiction.time_zone)
        chosen: list[DeadlineRule] = []
        for place in jurisdiction.lineage():
            for rule in self.filter(jurisdiction=place).in_force_on(on).order_by("kind", "code"):
                if not any(other.kind == rule.kind and other.shares_event_types(rule) for other in chosen):
                    chosen.append(rule)
        return chosen


class DeadlineRule(models.Model):
    """One period of law: "the authority answers within 7 working days from registration"."""

    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.CASCADE, related_name="deadline_rules", verbose_name=_("jurisdiction")
    )
    code = models.SlugField(
        _("code"),
        max_length=60,
        help_text=_("Stable name of the rule within its jurisdiction, e.g. approval-response."),
    )
    kind = models.CharField(_("governs"), max_length=30, choices=RuleKind.choices)
    event_types = models.JSONField(
        _("event types"),
        default=list,
        blank=True,
        help_text=_("The event types the rule applies to; none ticked means every event type."),
    )
    count = models.PositiveSmallIntegerField(
        _("count"), validators=[MinValueValidator(1, _("A period must be at least 1 day or month long."))]
    )
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    counted_from = models.CharField(
        _("counted from"),
        max_length=40,
        choices=CountedFrom.choices,
        help_text=_("The latest filing day is counted back from the day of the assembly; other periods forward."),
    )
    roll_forward = models.BooleanField(
        _("roll to a working day"),
        default=True,
        help_text=_(
            "A last day that is not a working day moves to the next working day "
            "(for periods counted back from the event: to the working day before)."
        ),
    )
    valid_from = models.DateField(
        _("valid from"), null=True, blank=True, help_text=_("Empty: in force since before any date Ruqsat handles.")
    )
    valid_to = models.DateField(_("valid to"), null=True, blank=True, help_text=_("The last day it applies."))
    law = models.CharField(_("law"), max_length=300)
    article = models.CharField(_("article"), max_length=50, blank=True, help_text=_("For example Art. 13."))
    paragraph = models.CharField(_("paragraph"), max_length=50, blank=True, help_text=_("For example p. 1."))
    url = models.URLField(_("link to the text"), max_length=500, blank=True)
    status = models.CharField(
        _("status of the period"), max_length=20, choices=SourceStatus.choices, default=SourceStatus.UNCONFIRMED
    )
    counting_status = models.CharField(
        _("status of the counting method"),
        max_length=20,
        choices=SourceStatus.choices,
        default=SourceStatus.UNCONFIRMED,
        help_text=_("How sure we are of when counting starts, which days count and the roll to a working day."),
    )
    counting_note = models.TextField(_("note on counting"), blank=True)
    description = models.TextField(_("description"), help_text=_("What the rule says, in plain words."))
    when_missed = models.TextField(
        _("when the period passes"),
        blank=True,
        help_text=_("What the law says follows when the period ends unmet, e.g. silence of the authority."),
    )

    objects = DeadlineRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")
        ordering = ["jurisdiction__code", "kind", "code", "valid_from"]
        constraints = [
            models.CheckConstraint(condition=Q(count__gt=0), name="deadline_rule_count_positive"),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True) | Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="deadline_rule_valid_to_not_before_from",
            ),
            # Natural key of permits/reference/deadline_rules.yaml: a changed law is a new row with a later valid_from.
            models.UniqueConstraint(fields=["jurisdiction", "code", "valid_from"], name="deadline_rule_natural_key"),
            models.UniqueConstraint(
                fields=["jurisdiction", "code"],
                condition=Q(valid_from__isnull=True),
                name="deadline_rule_natural_key_open_start",
            ),
        ]

    def __str__(self):
        return f"{self.jurisdiction.code} {self.code}: {self.period_text()}"

    # --- reading --------------------------------------------------------------------------------
    @property
    def citation(self) -> str:
        """E.g. "Law No. 333-VI, Art. 13, p. 1", in the active language (law, article and paragraph
        are translated: permits/translation.py)."""
        return ", ".join(part for part in (self.law, self.article, self.paragraph) if part)

    @property
    def recorded_citation(self) -> str:
        """The citation as a deadline records it (`Deadline.rule_source`): in the default language,
        whoever's request planned the deadline, so the record does not change with the reader."""
        with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
            return self.citation

    @property
    def direction(self) -> str:
        return workdays.BACKWARD if self.counted_from == CountedFrom.EVENT_DAY else workdays.FORWARD

    @property
    def needs_verification(self) -> bool:
        """Shown as "verify" next to the dates it produces."""
        return self.status != SourceStatus.CONFIRMED or self.counting_status != SourceStatus.CONFIRMED

    def period_text(self) -> str:
        if self.unit == Unit.MONTHS:
            return ngettext("%(count)d month", "%(count)d months", self.count) % {"count": self.count}
        if self.unit == Unit.WORKING_DAYS:
            return ngettext("%(count)d working day", "%(count)d working days", self.count) % {"count": self.count}
        return ngettext("%(count)d calendar day", "%(count)d calendar days", self.count) % {"count": self.count}

    def applies_to(self, event_type: str) -> bool:
        return not self.event_types or event_type in self.event_types

    def shares_event_types(self, other: DeadlineRule) -> bool:
        return not self.event_types or not other.event_types or bool(set(self.event_types) & set(other.event_types))

    def overlaps_in_time(self, other: DeadlineRule) -> bool:
        return (self.valid_from is None or other.valid_to is None or self.valid_from <= other.valid_to) and (
            other.valid_from is None or self.valid_to is None or other.valid_from <= self.valid_to
        )

    def compute(self, start: dt.date, calendar: workdays.WorkingCalendar) -> workdays.Computation:
        return workdays.compute_due_date(
            calendar, start, count=self.count, unit=self.unit, direction=self.direction, roll=self.roll_forward
        )

    # --- validation -------------------------------------------------------------------------------
    def clean(self):
        from permits.models.applications import EventType

        errors = {}
        if not isinstance(self.event_types, list) or not all(isinstance(v, str) for v in self.event_types):
            errors["event_types"] = _("Give the event types as a list of codes.")
        else:
            unknown = sorted(set(self.event_types) - set(EventType.values))
            if unknown:
                errors["event_types"] = _("Unknown event types: %(codes)s.") % {"codes": ", ".join(unknown)}
            else:
                self.event_types = sorted(set(self.event_types))
        if self.count is not None and self.count <= 0:
            errors["count"] = _("A period must be at least 1 day or month long.")
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = _("The rule cannot end before it starts.")
        backwards_kind = self.kind == RuleKind.LATEST_FILING
        if self.kind and self.counted_from and backwards_kind != (self.counted_from == CountedFrom.EVENT_DAY):
            errors["counted_from"] = _(
                "The latest filing day, and only it, is counted back from the day of the assembly."
            )
        if errors:
            raise ValidationError(errors)
        self._refuse_overlap()

    def _refuse_overlap(self):
        if not (self.jurisdiction_id and self.kind):
            return
        for other in DeadlineRule.objects.filter(jurisdiction_id=self.jurisdiction_id, kind=self.kind).exclude(
            pk=self.pk
        ):
            if self.overlaps_in_time(other) and self.shares_event_types(other):
                raise ValidationError(
                    {
                        "valid_from": _(
                            "Rule “%(other)s” governs the same thing for the same event types from %(start)s to "
                            "%(end)s, and the validity periods overlap. Set an end date on that rule first, "
                            "or start this one after it ends."
                        )
                        % {
                            "other": other.code,
                            "start": _date(other.valid_from) if other.valid_from else gettext("the beginning"),
                            "end": _date(other.valid_to) if other.valid_to else gettext("no end date"),
                        }
                    }
                )


class CalendarOverride(models.Model):
    """An operator's correction to the public-holiday calendar, e.g. a decree the `holidays`
    package does not know yet. Applies to the jurisdiction and every jurisdiction inside it."""

    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.CASCADE, related_name="calendar_overrides", verbose_name=_("jurisdiction")
    )
    date = models.DateField(_("date"))
    is_working_day = models.BooleanField(
        _("is a working day"),
        help_text=_("Ticked: a working day (e.g. a Saturday worked by decree). Unticked: a day off."),
    )
    note = models.CharField(_("note"), max_length=300, help_text=_("The decree or reason, shown in computations."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar correction")
        verbose_name_plural = _("calendar corrections")
        ordering = ["jurisdiction__code", "-date"]
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "date"], name="calendar_override_one_per_day")]

    def __str__(self):
        state = gettext("working day") if self.is_working_day else gettext("day off")
        return f"{self.jurisdiction.code} {self.date}: {state} ({self.note})"


def working_calendar(jurisdiction: Jurisdiction) -> workdays.WorkingCalendar:
    """The jurisdiction's calendar: its country's holidays plus the overrides of the jurisdiction
    and its parents (the nearer jurisdiction wins for the same day)."""
    holidays_off: dict[dt.date, str] = {}
    working: dict[dt.date, str] = {}
    for place in reversed(jurisdiction.lineage()):  # farthest first, so nearer rows overwrite
        for override in CalendarOverride.objects.filter(jurisdiction=place):
            target, other = (working, holidays_off) if override.is_working_day else (holidays_off, working)
            other.pop(override.date, None)
            target[override.date] = override.note
    return workdays.WorkingCalendar(
        jurisdiction.country, jurisdiction.subdivision, extra_holidays=holidays_off, extra_working_days=working
    )


# --- how a date was computed, in words -------------------------------------------------------------


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


def _date_list(days: list[dt.date]) -> str:
    """ "17, 18, 19, 22 Nov 2021" — day numbers grouped by month, in the order given."""
    groups: list[list[dt.date]] = []
    for day in days:
        if groups and (groups[-1][-1].year, groups[-1][-1].month) == (day.year, day.month):
            groups[-1].append(day)
        else:
            groups.append([day])
    return ", ".join(
        ", ".join(str(day.day) for day in group[:-1]) + (", " if len(group) > 1 else "") + _date(group[-1])
        for group in groups
    )


# The holidays package names a decree transfer "Day off (substituted from MM/DD/YYYY)", a US date
# that a Kazakh reader would take for DD/MM.
_SUBSTITUTED = re.compile(r"^Day off \(substituted from (\d{2})/(\d{2})/(\d{4})\)$")


def _reason(why: str) -> str:
    if why == workdays.WEEKEND:
        return gettext("weekend")
    if match := _SUBSTITUTED.match(why):
        month, day, year = (int(part) for part in match.groups())
        return gettext("day off transferred from %(date)s") % {"date": _date(dt.date(year, month, day))}
    return holiday_name(why)  # the package's English name translated; an operator's note as typed


def _days_with_reasons(pairs) -> str:
    return "; ".join(f"{_date(dt.date.fromisoformat(day))} ({_reason(why)})" for day, why in pairs)


def describe_computation(data: dict) -> str:
    """The computation in words a person can check against a calendar, in the active language."""
    method = data.get("method")
    if method == "event":
        return gettext("The day the assembly is planned to take place.")
    if method == "manual":
        return gettext("Added by a person; not computed.")
    if method != "rule":
        return ""
    start = dt.date.fromisoformat(data["start"])
    period_end = dt.date.fromisoformat(data["period_end"])
    result = dt.date.fromisoformat(data["result"])
    count, unit, backward = data["count"], data["unit"], data["direction"] == workdays.BACKWARD
    origin = CountedFrom(data["counted_from"]).label
    sentences = []
    if data.get("start_fallback") == "decided_on":
        sentences.append(
            gettext(
                "The day the decision was received is not recorded, so the count starts from the date of the "
                "decision, the earliest it can be."
            )
        )
    params = {"count": count, "start": _date(start), "origin": origin, "end": _date(period_end)}
    if unit == workdays.WORKING_DAYS:
        counted = [dt.date.fromisoformat(day) for day in data.get("counted", [])]
        if backward:
            text = ngettext(
                "%(count)d working day counted backwards from the day before %(start)s (%(origin)s)",
                "%(count)d working days counted backwards from the day before %(start)s (%(origin)s)",
                count,
            )
        else:
            text = ngettext(
                "%(count)d working day counted from the day after %(start)s (%(origin)s)",
                "%(count)d working days counted from the day after %(start)s (%(origin)s)",
                count,
            )
        sentences.append(text % params + ": " + _date_list(counted) + ".")
        if data.get("skipped"):
            sentences.append(gettext("Not counted: %(days)s.") % {"days": _days_with_reasons(data["skipped"])})
    elif unit == workdays.CALENDAR_DAYS:
        text = (
            ngettext(
                "%(count)d calendar day before %(start)s (%(origin)s) is %(end)s.",
                "%(count)d calendar days before %(start)s (%(origin)s) is %(end)s.",
                count,
            )
            if backward
            else ngettext(
                "%(count)d calendar day from %(start)s (%(origin)s) ends on %(end)s.",
                "%(count)d calendar days from %(start)s (%(origin)s) end on %(end)s.",
                count,
            )
        )
        sentences.append(text % params)
    else:
        text = (
            ngettext(
                "%(count)d month before %(start)s (%(origin)s) is %(end)s.",
                "%(count)d months before %(start)s (%(origin)s) is %(end)s.",
                count,
            )
            if backward
            else ngettext(
                "%(count)d month from %(start)s (%(origin)s) ends on %(end)s, the same day number "
                "(or the month's last day).",
                "%(count)d months from %(start)s (%(origin)s) end on %(end)s, the same day number "
                "(or the month's last day).",
                count,
            )
        )
        sentences.append(text % params)
    if data.get("rolled_over"):
        passed = _days_with_reasons(data["rolled_over"][:1])
        if backward:
            sentences.append(
                gettext("%(day)s is not a working day, so it moves back to the working day before it.")
                % {"day": passed}
            )
        else:
            sentences.append(
                gettext("%(day)s is not a working day, so it moves to the next working day.") % {"day": passed}
            )
    label = gettext("Latest day: %(date)s.") if backward else gettext("Due: %(date)s.")
    sentences.append(label % {"date": _date(result)})
    return " ".join(sentences)


# --- deadlines --------------------------------------------------------------------------------------


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

    # --- verbs --------------------------------------------------------------------------------------
    @transaction.atomic
    def override(self, *, due_on: dt.date | None, reason: str, by=None):
        """Replace the due date, with a reason; the computed date is kept and the timeline says so."""
        from permits.models.applications import TimelineEntry

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
            from config.audit import record_update

            record_update(
                self, {"done_at": (None, self.done_at), "done_on": (None, on), "done_by": (None, self.done_by_id)}
            )
            deadlines_changed.send(sender=Deadline, application_id=self.application_id)
        return bool(changed)


# --- planning an application's deadlines -------------------------------------------------------------


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

    @property
    def appeal_window_outlasts_event(self) -> bool:
        """The time allowed to complain runs past the event day."""
        return self.complaint_due_on is not None and self.complaint_due_on >= self.event_day


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
            if rule is None:
                return
            computation = rule.compute(start, calendar)
            plans[kind] = PlannedDeadline(
                kind=kind,
                due_on=computation.result,
                due_at=end_of_day(computation.result, time_zone),
                starts_on=start,
                rule=rule,
                computation_data=computation_data(
                    computation, counted_from=rule.counted_from, start_fallback=start_fallback
                ),
            )

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
        now = timezone.now()
        existing = {d.kind: d for d in self.deadlines.filter(kind__in=COMPUTED_KINDS).select_for_update()}
        for kind in COMPUTED_KINDS:
            plan, row = plans.get(kind), existing.get(kind)
            if plan is None:
                if row is not None and not row.is_overridden and not row.is_done:
                    row.delete()  # no longer follows from the application (e.g. event type changed)
                elif row is not None and row.is_overridden:
                    row.computed_due_on = None
                    row.save(update_fields=["computed_due_on", "updated_at"])
                continue
            row = row or Deadline(application=self, kind=kind, created_by=by)
            row.starts_on = plan.starts_on
            row.computed_due_on = plan.due_on
            row.rule = plan.rule
            row.rule_source = plan.rule.recorded_citation if plan.rule else ""
            row.source_status = plan.rule.status if plan.rule else ""
            row.computation_data = plan.computation_data
            if not row.is_overridden:
                row.due_on, row.due_at = plan.due_on, plan.due_at
            # Obligations met by what the application records: the filing was made, the answer came.
            met_on = None
            if kind == DeadlineKind.LATEST_FILING and self.filed_on:
                met_on = self.filed_on
            elif kind == DeadlineKind.AUTHORITY_RESPONSE and (decision := self.latest_decision) is not None:
                met_on = decision.decided_on
            if met_on is not None:
                # The day it was met follows the record (a corrected registration or decision date).
                if row.done_at is None:
                    row.done_at = now
                row.done_on = met_on
            row.save()
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
        from permits.models.applications import TimelineEntry

        allowed = {"starts_at", "ends_at", "filed_on"}
        unknown = set(changes) - allowed
        if unknown:
            raise TypeError(f"change_dates() cannot change {sorted(unknown)}")
        if "filed_on" in changes and changes["filed_on"] is None and self.filed_on is not None:
            raise ValidationError(
                {"filed_on": _("A filed application keeps its registration date; correct it instead.")}
            )
        if "filed_on" in changes and changes["filed_on"] is not None and self.is_draft:
            raise ValidationError({"filed_on": _("File the application to give it a registration date.")})
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

    @transaction.atomic
    def add_custom_deadline(self, *, title: str, due_on: dt.date | None, by=None, kind=DeadlineKind.CUSTOM):
        """A deadline a person adds (a meeting to prepare for, a hearing). Writes the timeline."""
        from permits.models.applications import TimelineEntry

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

    @property
    def remedy_possible_before_event(self) -> bool | None:
        outlook = self.remedy_outlook
        return outlook.decided_before_event if outlook else None


def refresh_deadlines_in(jurisdictions) -> int:
    """Recompute the deadlines of every application in these jurisdictions and the ones inside
    them, after an operator changed a rule or a calendar correction. Returns how many applications.
    Overridden deadlines keep their dates and are flagged if the computed date moved. The apps with
    deadlines of their own from the same rules (appeals) hear it through `deadlines_recomputed`."""
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
