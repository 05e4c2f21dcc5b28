"""The law as data: deadline rules of each jurisdiction (never code), their vocabularies, and the
operators' corrections to the public-holiday calendar.

Which rule applies is looked up here (jurisdiction → parent chain, event type, validity on the
starting date); the arithmetic is in permits/workdays.py, the resulting rows in permits/models/deadlines.py.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from config.formats import compact_date as _date
from permits import workdays
from permits.models.jurisdictions import Jurisdiction


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
        return self.effective_for_each([jurisdiction], on=on)[jurisdiction.pk]

    def effective_for_each(self, jurisdictions, on: dt.date | None = None) -> dict[int, list[DeadlineRule]]:
        """effective_for of many jurisdictions, by id, in one query per time zone among them (the
        jurisdictions API lists some sixty: a query per place and parent would be hundreds)."""
        by_zone: dict[str, list[Jurisdiction]] = {}
        for jurisdiction in jurisdictions:
            by_zone.setdefault(jurisdiction.time_zone, []).append(jurisdiction)
        effective: dict[int, list[DeadlineRule]] = {}
        for zone, places in by_zone.items():
            day = on or timezone.localdate(timezone=ZoneInfo(zone))
            lineage_ids = {place.pk for jurisdiction in places for place in jurisdiction.lineage()}
            own: dict[int, list[DeadlineRule]] = {}
            for rule in self.filter(jurisdiction_id__in=lineage_ids).in_force_on(day).order_by("kind", "code"):
                own.setdefault(rule.jurisdiction_id, []).append(rule)
            for jurisdiction in places:
                chosen: list[DeadlineRule] = []
                for place in jurisdiction.lineage():
                    for rule in own.get(place.pk, []):
                        if not any(other.kind == rule.kind and other.shares_event_types(rule) for other in chosen):
                            chosen.append(rule)
                effective[jurisdiction.pk] = chosen
        return effective


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
        # applications.py imports the rules (through its deadline mixin): not at the top.
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
