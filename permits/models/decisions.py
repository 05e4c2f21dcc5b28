import datetime as dt

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from config.audit import by_is_actor
from permits.models.applications import PermitApplication, Status
from permits.models.planning import DeadlineKind, local_today
from permits.models.timeline import TimelineEntry
from permits.signals import deadlines_recomputed, send_application_event
from permits.timeline import TimelineMessage, choice_param, corrections_param, date_param, object_param


class RefusalReason(models.Model):
    """One entry of the shared taxonomy of pretexts (LEGAL.md §2), from permits/reference/refusal_reasons.yaml."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    legal_basis = models.CharField(
        _("legal basis"),
        max_length=200,
        blank=True,
        help_text=_("The provision the ground corresponds to, e.g. Law 333-VI Art. 14 p. 1 sub. 10."),
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("refusal reason")
        verbose_name_plural = _("refusal reasons")
        ordering = ["position", "code"]

    def __str__(self):
        return self.name


class DecisionQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(application__in=PermitApplication.objects.visible_to(user))


class Decision(models.Model):
    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Approved")
        APPROVED_WITH_CONDITIONS = "approved_with_conditions", _("Approved with conditions")
        REFUSED = "refused", _("Refused")

    application = models.ForeignKey(
        PermitApplication, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("application")
    )
    outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices)
    decided_on = models.DateField(_("decided on"), help_text=_("The date on the authority's letter."))
    received_on = models.DateField(
        _("received on"),
        null=True,
        blank=True,
        help_text=_("The day the organizers learnt of the decision: appeal periods count from it."),
    )
    reference_number = models.CharField(pgettext_lazy("decision", "reference number"), max_length=100, blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    alternative_offered = models.TextField(
        _("alternative offered"),
        blank=True,
        help_text=_("The other place, route or time the authority proposed, in its words. Empty if it proposed none."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(received_on__isnull=True) | Q(received_on__gte=F("decided_on")),
                name="decision_received_not_before_decided",
            )
        ]

    def __str__(self):
        return f"{self.get_outcome_display()} ({self.decided_on})"

    def clean(self):
        # Recording and correcting share these rules (record_decision and correct call full_clean).
        errors = {}
        today = local_today(self.application.jurisdiction.time_zone) if self.application_id else None
        if today and self.decided_on and self.decided_on > today:
            errors["decided_on"] = _("The decision cannot be dated on a day still to come.")
        if today and self.received_on and self.received_on > today:
            errors["received_on"] = _("The decision cannot have been received on a day still to come.")
        elif self.received_on and self.decided_on and self.received_on < self.decided_on:
            errors["received_on"] = _("The decision cannot be received before the date it was made.")
        if self.outcome == self.Outcome.APPROVED_WITH_CONDITIONS and not self.conditions.strip():
            errors["conditions"] = _("Describe the conditions the authority set.")
        if errors:
            raise ValidationError(errors)

    @classmethod
    def check_grounds(cls, outcome, grounds) -> None:
        """A refusal needs at least one ground; nothing else has any."""
        if outcome == cls.Outcome.REFUSED and not grounds:
            raise ValidationError({"grounds": _("A refusal needs at least one ground.")})
        if outcome != cls.Outcome.REFUSED and grounds:
            raise ValidationError({"grounds": _("Only a refusal has grounds.")})

    def _save_grounds(self, grounds) -> None:
        # One save per ground, not bulk_create: the audit trail (config/audit.py) sees each one.
        for i, g in enumerate(grounds):
            RefusalGround.objects.create(
                decision=self, reason=g["reason"], quote=g.get("quote", ""), note=g.get("note", ""), position=i
            )

    # --- corrections (issue 13) ---------------------------------------------------------------------

    CORRECTABLE = ("outcome", "decided_on", "received_on", "reference_number", "conditions", "alternative_offered")
    TEXT_FIELDS = ("reference_number", "conditions", "alternative_offered")

    def _lock_application(self) -> PermitApplication:
        # The application's row is the lock every lifecycle verb takes (PermitApplication._require):
        # a correction cannot interleave with a new decision, a withdrawal or another correction.
        application = PermitApplication.objects.select_for_update().select_related("authority__jurisdiction")
        return application.get(pk=self.application_id)

    def _ground_rows(self) -> list[tuple]:
        return [(g.reason_id, g.quote, g.note) for g in self.grounds.order_by("position", "id")]

    @by_is_actor
    @transaction.atomic
    def correct(self, *, by=None, grounds=None, **changes):
        """Correct what was recorded: any field of CORRECTABLE and/or the grounds (`grounds`, as for
        record_decision, replaces them all). The same rules as recording apply; the timeline names
        each change ("received on: 27 Nov 2021 → 28 Nov 2021"); the deadlines that follow from the
        decision are recomputed (the appeal's from received_on), and the application's status
        follows a changed outcome. Nothing changes when a rule is broken."""
        unknown = set(changes) - set(self.CORRECTABLE)
        if unknown:
            raise TypeError(f"correct() cannot change {sorted(unknown)}")
        application = self._lock_application()
        current = Decision.objects.get(pk=self.pk)
        before = {name: getattr(current, name) for name in self.CORRECTABLE}
        grounds_before = current._ground_rows()
        for name, value in changes.items():
            setattr(self, name, (value or "") if name in self.TEXT_FIELDS else value)
        self.application = application
        self.full_clean(exclude=["application", "recorded_by"])
        if grounds is not None:
            grounds = list(grounds)
            new_rows = [(g["reason"].pk, g.get("quote", ""), g.get("note", "")) for g in grounds]
        else:
            # Kept grounds must still fit the outcome: a refusal corrected to an approval drops them
            # only when the correction says so (grounds=[]).
            new_rows = grounds_before
        Decision.check_grounds(self.outcome, new_rows)
        outcome_changed = before["outcome"] != self.outcome
        if outcome_changed and self.outcome != self.Outcome.REFUSED and self.appeals.exists():
            raise ValidationError(
                {
                    "outcome": _(
                        "This refusal has an appeal against it: it stays a refusal. Correct its dates or grounds."
                    )
                }
            )
        if outcome_changed and application.status not in self.Outcome.values:
            raise ValidationError(
                {
                    "outcome": _("The application is %(status)s now: its decision's outcome can no longer change.")
                    % {"status": application.get_status_display()}
                }
            )
        changed = {
            name: (before[name], getattr(self, name))
            for name in self.CORRECTABLE
            if before[name] != getattr(self, name)
        }
        grounds_changed = new_rows != grounds_before
        if not changed and not grounds_changed:
            return self
        self.save()
        if grounds_changed:
            self.grounds.all().delete()
            self._save_grounds(grounds)
        if outcome_changed:
            application._set_status(self.outcome)
            if self.outcome != self.Outcome.REFUSED:
                # The appeal period followed from the refusal alone, even a date a person gave it.
                application.deadlines.filter(kind=DeadlineKind.APPEAL_FILING).delete()
        if changed:
            summary = TimelineMessage(
                _("Decision corrected: %(changes)s"), changes=corrections_param(Decision, changed)
            )
        else:
            summary = TimelineMessage(_("Decision corrected: the grounds of the refusal"))
        details = (
            TimelineMessage(_("The grounds of the refusal were corrected.")) if changed and grounds_changed else ""
        )
        entry = TimelineEntry.write(
            application=application,
            kind=TimelineEntry.Kind.DECISION,
            on=local_today(application.jurisdiction.time_zone),
            summary=summary,
            details=details,
            by=by,
        )
        application.refresh_deadlines(by=by)
        send_application_event(
            Decision,
            "decision_corrected",
            entry=entry,
            by=by,
            outcome=self.outcome,
            decided_on=self.decided_on.isoformat(),
        )
        # The appeals' own deadlines (a court claim counted from received_on) follow (appeals.receivers).
        deadlines_recomputed.send(sender=Decision, application_ids=[application.pk])
        return self

    @by_is_actor
    @transaction.atomic
    def void(self, *, by=None):
        """Take a decision recorded by mistake off the record: the application is filed again, the
        deadlines that followed from the decision go, the authority's answer is awaited again, and
        the timeline says so. An appealed refusal cannot be voided (the appeal is built on it):
        correct it instead."""
        application = self._lock_application()
        if self.appeals.exists():
            raise ValidationError(
                _("This refusal has an appeal against it and cannot be voided; correct the decision instead.")
            )
        if application.status != self.outcome:
            raise ValidationError(
                _("The application is %(status)s now: the decision can no longer be voided; correct it instead.")
                % {"status": application.get_status_display()}
            )
        outcome, decided_on = self.outcome, self.decided_on
        self.delete()
        application._set_status(Status.FILED)
        application.deadlines.filter(kind=DeadlineKind.APPEAL_FILING).delete()
        for answer in application.deadlines.filter(kind=DeadlineKind.AUTHORITY_RESPONSE, done_at__isnull=False):
            answer.done_at = answer.done_by = None
            answer.save(update_fields=["done_at", "done_by", "updated_at"])
        entry = TimelineEntry.write(
            application=application,
            kind=TimelineEntry.Kind.DECISION,
            on=local_today(application.jurisdiction.time_zone),
            summary=TimelineMessage(
                _("Decision voided (%(outcome)s of %(date)s): the application is filed again"),
                outcome=choice_param(Decision, "outcome", outcome),
                date=date_param(decided_on),
            ),
            by=by,
        )
        application.refresh_deadlines(by=by)
        send_application_event(
            Decision, "decision_voided", entry=entry, by=by, outcome=outcome, decided_on=decided_on.isoformat()
        )

    def summary(self) -> TimelineMessage:
        """The timeline's sentence for the decision, shown in each reader's language."""
        authority = object_param(self.application.authority)
        if self.outcome == self.Outcome.REFUSED:
            return TimelineMessage(_("Refused by %(authority)s"), authority=authority)
        if self.outcome == self.Outcome.APPROVED_WITH_CONDITIONS:
            return TimelineMessage(_("Approved with conditions by %(authority)s"), authority=authority)
        return TimelineMessage(_("Approved by %(authority)s"), authority=authority)

    @property
    def is_refusal(self) -> bool:
        return self.outcome == self.Outcome.REFUSED

    # Taxonomy codes for "the place is taken by another event / works are under way" (LEGAL.md §2,
    # Law 333-VI Art. 14 p. 1 sub. 10): the authority must first offer another place or time.
    PLACE_TAKEN_REASONS = ("conflicting_event", "repair_works")
    # The day that duty is reported to hold from (resolution No. 61-NP, LEGAL.md §2; the argument
    # library dates it the same way: appeals/reference/arguments.*.yaml, `in_force_from`).
    ALTERNATIVE_DUTY_SINCE = dt.date(2025, 1, 20)

    @property
    def place_taken_without_alternative(self) -> bool:
        """A refusal because the place is taken or under works, with no other place or time offered:
        an appeal argument (Constitutional Court resolution No. 61-NP of 20 January 2025, as reported)."""
        return (
            self.is_refusal
            and not self.alternative_offered.strip()
            and any(ground.reason.code in self.PLACE_TAKEN_REASONS for ground in self.grounds.all())
        )

    @property
    def alternative_duty_applied(self) -> bool:
        """Whether the duty to offer another place or time held on the day of the decision: a refusal
        made before it is not argued from it as if it bound the authority (issue 13, item 11)."""
        return self.decided_on >= self.ALTERNATIVE_DUTY_SINCE


class RefusalGround(models.Model):
    """One ground of a refusal: the taxonomy category and the authority's own words."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="grounds", verbose_name=_("decision"))
    reason = models.ForeignKey(
        RefusalReason, on_delete=models.PROTECT, related_name="grounds", verbose_name=_("reason")
    )
    quote = models.TextField(_("the authority's words"), blank=True)
    note = models.TextField(_("note"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("refusal ground")
        verbose_name_plural = _("refusal grounds")
        ordering = ["position", "id"]

    def __str__(self):
        return str(self.reason)

    @staticmethod
    def audited_application_id(ground) -> int | None:
        """The application an audit entry about `ground` belongs to: through its decision, or, when
        the decision is being deleted with it, through the decision's own audit entry."""
        try:
            return ground.decision.application_id
        except ObjectDoesNotExist:
            entry = (
                LogEntry.objects.filter(
                    content_type=ContentType.objects.get_for_model(Decision), object_pk=str(ground.decision_id)
                )
                .exclude(additional_data=None)
                .first()
            )
            return (entry.additional_data or {}).get("application") if entry else None
