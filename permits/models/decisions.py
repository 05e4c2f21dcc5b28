from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from permits.models.applications import PermitApplication
from permits.timeline import TimelineMessage, object_param


class RefusalReason(models.Model):
    """One entry of the shared taxonomy of pretexts (LEGAL.md §2), seeded by a data migration."""

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
        if self.received_on and self.decided_on and self.received_on < self.decided_on:
            raise ValidationError({"received_on": _("The decision cannot be received before the date it was made.")})
        if self.outcome == self.Outcome.APPROVED_WITH_CONDITIONS and not self.conditions.strip():
            raise ValidationError({"conditions": _("Describe the conditions the authority set.")})

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

    @property
    def place_taken_without_alternative(self) -> bool:
        """A refusal because the place is taken or under works, with no other place or time offered:
        an appeal argument (Constitutional Court resolution No. 61-NP of 20 January 2025, as reported)."""
        return (
            self.is_refusal
            and not self.alternative_offered.strip()
            and any(ground.reason.code in self.PLACE_TAKEN_REASONS for ground in self.grounds.all())
        )


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
