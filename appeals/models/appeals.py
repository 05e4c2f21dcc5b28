"""Appeals against a refusal, their hearings and the volunteers assigned to them.

Access (organizations/access.py): an appeal is visible to the members of its application's lead
and co-organizing groups; an assignment (AppealVolunteer) makes that one appeal, and its application
read-only, visible to its volunteer — not the application's other appeals, nothing else of the group.
Coordinators, members and legal volunteers of the lead group, and the assigned volunteers, work on it.

Status changes only through the verbs below; each locks the row, re-reads the status, writes the
application's timeline and keeps the appeal's deadlines in step, in one transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from appeals.models.appeal_deadlines import AppealDeadlines
from appeals.models.vocabularies import AppealOutcome, AppealStatus, Venue
from config.dates import is_plausible, out_of_range_error
from config.formats import compact_date
from organizations import access
from permits.models import (
    Deadline,
    DeadlineKind,
    StatusTransitions,
    TimelineEntry,
)
from permits.models.planning import local_today
from permits.signals import send_application_event
from permits.timeline import TimelineMessage, changes_param, choice_param, date_param


def _date(day: dt.date) -> str:
    return compact_date(day)


if TYPE_CHECKING:
    from appeals.models.hearings import Hearing


class AppealQuerySet(models.QuerySet):
    # The access rule is organizations.access; these name it in the appeal's terms.
    def visible_to(self, user):
        return self.filter(access.visible_appeals(user))

    def workable_by(self, user):
        return self.filter(access.workable_appeals(user))

    def coordinated_by(self, user):
        return self.filter(access.coordinated_appeals(user))

    def mine(self, user):
        """ "My appeals": those I am assigned to or whose lead group I belong to, across groups, the
        one with the nearest open deadline first (appeals with none last, newest first).
        Annotated with `next_due_at`."""
        if user is None or not user.is_authenticated:
            return self.none()
        next_due = (
            Deadline.objects.filter(appeal=OuterRef("pk"), done_at__isnull=True).order_by("due_at").values("due_at")[:1]
        )
        lead = Q(application__organization_id__in=access.organization_ids(user))
        return (
            self.filter(lead | Q(pk__in=access.assigned_appeal_ids(user)))
            .annotate(next_due_at=Subquery(next_due))
            .order_by(F("next_due_at").asc(nulls_last=True), "-created_at", "-id")
        )

    def active(self):
        return self.exclude(status__in=[AppealStatus.DECIDED, AppealStatus.WITHDRAWN])

    def for_list(self):
        return self.select_related(
            "application", "application__organization", "application__authority__jurisdiction", "decision"
        )


class Appeal(StatusTransitions, AppealDeadlines, models.Model):
    """An appeal against one refusal, to one venue."""

    Venue = Venue
    Status = AppealStatus
    Outcome = AppealOutcome

    application = models.ForeignKey(
        "permits.PermitApplication", on_delete=models.CASCADE, related_name="appeals", verbose_name=_("application")
    )
    decision = models.ForeignKey(
        "permits.Decision", on_delete=models.PROTECT, related_name="appeals", verbose_name=_("refusal appealed")
    )
    venue = models.CharField(_("venue"), max_length=30, choices=Venue.choices)
    status = models.CharField(
        _("status"), max_length=30, choices=AppealStatus.choices, default=AppealStatus.PREPARING, editable=False
    )
    filed_on = models.DateField(_("filed on"), null=True, blank=True)
    case_number = models.CharField(_("case number"), max_length=100, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=AppealOutcome.choices, blank=True, editable=False)
    decided_on = models.DateField(_("decided on"), null=True, blank=True, editable=False)
    complaint_decision_received_on = models.DateField(
        _("decision on the complaint received on"),
        null=True,
        blank=True,
        help_text=_(
            "For a court claim after a pre-trial complaint: the day the higher body's decision was delivered. "
            "The month to go to court counts from it; without it, from the refusal itself."
        ),
    )
    language = models.CharField(
        _("language of the draft"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    filing_deadline = models.ForeignKey(
        "permits.Deadline",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("filing deadline"),
    )
    volunteers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="AppealVolunteer",
        through_fields=("appeal", "user"),
        related_name="volunteered_appeals",
        blank=True,
        verbose_name=_("volunteers"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("opened by")
    )
    created_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = AppealQuerySet.as_manager()

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=AppealStatus.values), name="appeal_status_known"),
            models.CheckConstraint(condition=Q(outcome__in=AppealOutcome.values), name="appeal_outcome_known"),
            # An outcome exactly when decided.
            models.CheckConstraint(
                condition=Q(status=AppealStatus.DECIDED, decided_on__isnull=False) & ~Q(outcome="")
                | ~Q(status=AppealStatus.DECIDED) & Q(outcome=""),
                name="appeal_outcome_iff_decided",
            ),
            # One live appeal per refusal and venue; a withdrawn one may be opened again.
            models.UniqueConstraint(
                fields=["decision", "venue"],
                condition=~Q(status=AppealStatus.WITHDRAWN),
                name="appeal_one_live_per_decision_venue",
            ),
        ]

    def __str__(self):
        return f"{self.application} → {self.get_venue_display()}"

    def clean(self):
        if self.decision_id and self.application_id and self.decision.application_id != self.application_id:
            raise ValidationError({"decision": _("This decision belongs to another application.")})
        if self.decision_id and not self.decision.is_refusal:
            raise ValidationError({"decision": _("Only a refusal can be appealed; this decision is an approval.")})

    # --- reading --------------------------------------------------------------------------------
    @property
    def filing_due_on(self) -> dt.date | None:
        """The last day to file (API.md `filing_deadline`)."""
        return self.filing_deadline.due_on if self.filing_deadline_id else None

    @property
    def is_open(self) -> bool:
        return self.status not in (AppealStatus.DECIDED, AppealStatus.WITHDRAWN)

    def open_deadlines(self):
        return self.deadlines.filter(done_at__isnull=True).order_by("due_at", "id")

    # --- verbs ----------------------------------------------------------------------------------------
    ALLOWED = {
        "file": {AppealStatus.PREPARING},
        "schedule_hearing": {AppealStatus.FILED, AppealStatus.HEARING_SCHEDULED},
        "record_outcome": {AppealStatus.FILED, AppealStatus.HEARING_SCHEDULED},
        "withdraw": {AppealStatus.PREPARING, AppealStatus.FILED, AppealStatus.HEARING_SCHEDULED},
        "change_venue": {AppealStatus.PREPARING},
        "edit_draft": {AppealStatus.PREPARING, AppealStatus.FILED, AppealStatus.HEARING_SCHEDULED},
    }

    def _log(self, *, kind=TimelineEntry.Kind.APPEAL, on, summary: TimelineMessage, details="", by=None):
        return TimelineEntry.write(
            application=self.application, kind=kind, on=on, summary=summary, details=details, by=by
        )

    def _venue_param(self) -> dict:
        return choice_param(Appeal, "venue", self.venue)

    def _today(self) -> dt.date:
        return local_today(self.application.jurisdiction.time_zone)

    def log_opened(self, *, on: dt.date | None = None, by=None):
        entry = self._log(
            on=on or self._today(),
            summary=TimelineMessage(_("Appeal in preparation: %(venue)s"), venue=self._venue_param()),
            by=by,
        )
        send_application_event(Appeal, "appeal_opened", entry=entry, appeal_id=self.pk, by=by, venue=self.venue)

    # --- the rules the verbs share (the page, the API and the admin all reach them through a verb) ---
    def check_filing_day(self, on: dt.date | None) -> None:
        """Filed on a day that has come (in the jurisdiction's zone), not before the refusal."""
        if on is None:
            raise ValidationError({"filed_on": _("Give the day the appeal was filed.")})
        if not is_plausible(on):
            raise ValidationError({"filed_on": out_of_range_error()})
        if on > self._today():
            raise ValidationError({"filed_on": _("The appeal cannot have been filed on a day still to come.")})
        if on < self.decision.decided_on:
            raise ValidationError(
                {
                    "filed_on": _("An appeal cannot be filed before the refusal of %(date)s.")
                    % {"date": _date(self.decision.decided_on)}
                }
            )

    def check_decision_day(self, on: dt.date | None, *, filed_on: dt.date | None) -> None:
        """Decided on a day that has come, not before the appeal was filed."""
        if on is None:
            raise ValidationError({"decided_on": _("Give the day the appeal was decided.")})
        if not is_plausible(on):
            raise ValidationError({"decided_on": out_of_range_error()})
        if on > self._today():
            raise ValidationError({"decided_on": _("The appeal cannot have been decided on a day still to come.")})
        if filed_on and on < filed_on:
            raise ValidationError(
                {
                    "decided_on": _("The appeal cannot be decided before it was filed (%(date)s).")
                    % {"date": _date(filed_on)}
                }
            )

    CORRECTABLE = ("filed_on", "case_number", "outcome", "decided_on")

    def check_correction(self, **fields) -> None:
        """The rules of correct(), on the appeal as it is now (the admin's form asks before saving):
        the filing day of an appeal past preparation, the outcome and its day of a decided one, each
        day as the verb that first recorded it would take it."""
        unknown = set(fields) - set(self.CORRECTABLE)
        if unknown:
            raise TypeError(f"correct() cannot change {sorted(unknown)}")
        if "filed_on" in fields:
            if self.status == AppealStatus.PREPARING:
                raise ValidationError({"filed_on": _("File the appeal first; its filing day is corrected afterwards.")})
            self.check_filing_day(fields["filed_on"])
        if "outcome" in fields or "decided_on" in fields:
            field = "outcome" if "outcome" in fields else "decided_on"
            if self.status != AppealStatus.DECIDED:
                raise ValidationError(
                    {
                        field: _("Only a decided appeal's outcome can be corrected; this one is %(status)s.")
                        % {"status": self.get_status_display()}
                    }
                )
            if fields.get("outcome", self.outcome) not in [o for o in AppealOutcome.values if o]:
                raise ValidationError({"outcome": _("Choose the outcome.")})
        if "decided_on" in fields:
            self.check_decision_day(fields["decided_on"], filed_on=fields.get("filed_on", self.filed_on))
        elif "filed_on" in fields and self.decided_on and fields["filed_on"] > self.decided_on:
            raise ValidationError(
                {
                    "filed_on": _("An appeal cannot be filed after it was decided (%(date)s).")
                    % {"date": _date(self.decided_on)}
                }
            )

    @transaction.atomic
    def correct(self, *, by=None, **fields):
        """Correct the case number, the filing day of a filed appeal or the outcome of a decided one;
        the timeline names each change and the deadlines follow a new filing day."""
        if self.pk is not None:  # the lock the other verbs take (_require)
            self.status = Appeal.objects.select_for_update().values_list("status", flat=True).get(pk=self.pk)
        fields = {name: value for name, value in fields.items() if getattr(self, name) != value}
        if not fields:
            return
        self.check_correction(**fields)
        for name, value in fields.items():
            setattr(self, name, value)
        self.save(update_fields=[*fields, "updated_at"])
        if "filed_on" in fields:
            self.follow_filing_day(by=by)
        self._log(
            on=self._today(),
            summary=TimelineMessage(_("Appeal corrected (%(venue)s)"), venue=self._venue_param()),
            # Not marked for translation: the fields' names and values are (permits/timeline.py).
            details=TimelineMessage("%(changes)s", changes=changes_param(Appeal, fields)),
            by=by,
        )

    @transaction.atomic
    def file(self, *, on: dt.date | None, case_number: str | None = None, by=None):
        self._require("file", _("Only an appeal in preparation can be filed; this one is %(status)s."))
        self.check_filing_day(on)
        self.filed_on = on
        if case_number is not None:
            self.case_number = case_number
        self.status = AppealStatus.FILED
        self.save(update_fields=["filed_on", "case_number", "status", "updated_at"])
        if self.filing_deadline_id:
            # Met on the filing day, which tells a late filing from one on time (Deadline.days_late).
            self.filing_deadline.mark_done(by=by, on=on)
        self._sync_answer_deadline(by=by)
        self.deadlines_changed()
        entry = self._log(
            on=on,
            summary=TimelineMessage(_("Appeal filed: %(venue)s"), venue=self._venue_param()),
            details=TimelineMessage(_("Case number: %(number)s"), number=self.case_number) if self.case_number else "",
            by=by,
        )
        send_application_event(
            Appeal, "appeal_filed", entry=entry, appeal_id=self.pk, by=by, venue=self.venue, filed_on=on.isoformat()
        )

    @property
    def before_court(self) -> bool:
        """A hearing is a court hearing only before a court: the catalogues translate "Hearing" as
        «Судебное заседание» / «Сот отырысы», which before a higher authority, a prosecutor or the
        ombudsman is wrong — there it is the complaint's hearing («Рассмотрение жалобы»)."""
        return self.venue == Venue.COURT

    @property
    def status_label(self) -> str:
        """The status as the venue calls it (see before_court)."""
        if self.status == AppealStatus.HEARING_SCHEDULED and not self.before_court:
            return _("Complaint hearing scheduled")
        return self.get_status_display()

    @transaction.atomic
    def schedule_hearing(self, *, starts_at: dt.datetime | None, place: str, notes: str = "", by=None) -> Hearing:
        self._require(
            "schedule_hearing", _("A hearing can only be scheduled for a filed appeal; this one is %(status)s.")
        )
        place = (place or "").strip()
        errors = {}
        if starts_at is None:
            errors["starts_at"] = _("Give the day and time of the hearing.")
        elif not is_plausible(starts_at):
            # A typo such as year 20222 or 0022: an error on the field, not an overflow when saved.
            errors["starts_at"] = out_of_range_error()
        if not place:
            errors["place"] = _("Say where the hearing takes place.")
        if errors:
            raise ValidationError(errors)
        time_zone = self.application.jurisdiction.time_zone
        local_day = timezone.localtime(starts_at, timezone=ZoneInfo(time_zone)).date()
        deadline = Deadline(
            application_id=self.application_id,
            appeal=self,
            kind=DeadlineKind.HEARING,
            due_on=local_day,
            due_at=starts_at,  # a hearing is "due" when it starts, not at the end of its day
            computation_data={"method": "manual"},
            created_by=by,
        )
        if self.before_court:
            deadline.set_title(TimelineMessage(_("Hearing: %(place)s"), place=place))
        else:
            deadline.set_title(TimelineMessage(_("Complaint hearing: %(place)s"), place=place))
        deadline.save()
        hearing = self.hearings.create(
            appeal=self, starts_at=starts_at, place=place, notes=notes or "", deadline=deadline, created_by=by
        )
        self.deadlines_changed()
        if self.status != AppealStatus.HEARING_SCHEDULED:
            self.status = AppealStatus.HEARING_SCHEDULED
            self.save(update_fields=["status", "updated_at"])
        entry = self._log(
            kind=TimelineEntry.Kind.HEARING,
            on=self._today(),
            summary=TimelineMessage(
                _("Hearing scheduled for %(date)s: %(place)s")
                if self.before_court
                else _("Complaint hearing scheduled for %(date)s: %(place)s"),
                date=date_param(local_day),
                place=place,
            ),
            details=notes or "",
            by=by,
        )
        send_application_event(
            Appeal,
            "hearing_set",
            entry=entry,
            appeal_id=self.pk,
            by=by,
            venue=self.venue,
            starts_at=starts_at.isoformat(),
            place=place,
        )
        return hearing

    @transaction.atomic
    def record_outcome(self, *, outcome: str, on: dt.date | None, note: str = "", by=None):
        self._require("record_outcome", _("Only a filed appeal can be decided; this one is %(status)s."))
        errors = {}
        if outcome not in AppealOutcome.values or outcome == AppealOutcome.NONE:
            errors["outcome"] = _("Choose the outcome.")
        try:
            self.check_decision_day(on, filed_on=self.filed_on)
        except ValidationError as error:
            errors.update(error.message_dict)
        if errors:
            raise ValidationError(errors)
        self.outcome, self.decided_on, self.status = outcome, on, AppealStatus.DECIDED
        self.save(update_fields=["outcome", "decided_on", "status", "updated_at"])
        for answer in self.deadlines.filter(kind=DeadlineKind.COMPLAINT_DECISION, done_at__isnull=True):
            answer.mark_done(by=by, on=on)
        self._log(
            on=on,
            summary=TimelineMessage(
                _("Appeal decided (%(venue)s): %(outcome)s"),
                venue=self._venue_param(),
                outcome=choice_param(Appeal, "outcome", self.outcome),
            ),
            details=note or "",
            by=by,
        )

    @transaction.atomic
    def withdraw(self, *, on: dt.date | None = None, note: str = "", by=None):
        self._require("withdraw", _("This appeal is %(status)s and can no longer be withdrawn."))
        self.status = AppealStatus.WITHDRAWN
        self.save(update_fields=["status", "updated_at"])
        # Its own deadlines (a court claim, a hearing, a date a person gave) no longer call for
        # anything: closed so that nobody is reminded. The application's computed complaint deadline
        # goes back to the application, open: the group may still complain another way.
        now = timezone.now()
        self.deadlines.filter(done_at__isnull=True).exclude(kind=DeadlineKind.APPEAL_FILING).update(
            done_at=now, done_by=by, updated_at=now
        )
        self.deadlines.filter(kind=DeadlineKind.APPEAL_FILING).update(appeal=None, updated_at=now)
        self.deadlines_changed()
        self._log(
            on=on or self._today(),
            summary=TimelineMessage(_("Appeal withdrawn: %(venue)s"), venue=self._venue_param()),
            details=note or "",
            by=by,
        )

    @transaction.atomic
    def change_venue(self, venue: str, *, custom_due_on: dt.date | None = None, by=None):
        self._require("change_venue", _("The venue can only change before filing; this appeal is %(status)s."))
        if venue not in Venue.values:
            raise ValidationError({"venue": _("Choose one of the venues.")})
        if venue == self.venue:
            return
        if (
            Appeal.objects.filter(decision_id=self.decision_id, venue=venue)
            .exclude(status=AppealStatus.WITHDRAWN)
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError({"venue": _("There is already an appeal against this refusal to that venue.")})
        previous = self.venue
        self.venue = venue
        self.save(update_fields=["venue", "updated_at"])
        self.sync_deadlines(by=by, custom_due_on=custom_due_on)
        self._log(
            on=self._today(),
            summary=TimelineMessage(
                _("Appeal moved from %(previous)s to %(venue)s"),
                previous=choice_param(Appeal, "venue", previous),
                venue=self._venue_param(),
            ),
            by=by,
        )

    @transaction.atomic
    def set_complaint_decision_received_on(self, day: dt.date | None, *, by=None):
        if day is not None and day < self.decision.decided_on:
            raise ValidationError(
                {
                    "complaint_decision_received_on": _(
                        "The decision on the complaint cannot come before the refusal of %(date)s."
                    )
                    % {"date": _date(self.decision.decided_on)}
                }
            )
        self.complaint_decision_received_on = day
        self.save(update_fields=["complaint_decision_received_on", "updated_at"])
        self.sync_deadlines(by=by)
