import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from config.audit import by_is_actor
from config.dates import is_plausible, out_of_range_error
from organizations import access
from organizations.models import Organization
from permits.models.application_deadlines import ApplicationDeadlines
from permits.models.planning import local_today
from permits.models.timeline import TimelineEntry
from permits.models.transitions import StatusTransitions
from permits.search import contains_ignoring_case
from permits.signals import send_application_event
from permits.timeline import TimelineMessage, object_param
from permits.uploads import remove_files_on_commit


class EventType(models.TextChoices):
    MARCH = "march", _("March")
    RALLY = "rally", _("Rally")
    PICKET = "picket", _("Picket")
    MEETING = "meeting", _("Meeting")
    DEMONSTRATION = "demonstration", _("Demonstration")
    OTHER = "other", _("Other")


# How long an assembly of each type usually lasts: the New application form proposes "Ends at" as
# "Starts at" plus this (a guess for the person to check, not a rule of law; a march walks its route,
# a picket is short).
USUAL_LENGTH = {
    EventType.MARCH: dt.timedelta(hours=3),
    EventType.RALLY: dt.timedelta(hours=2),
    EventType.PICKET: dt.timedelta(hours=1),
    EventType.MEETING: dt.timedelta(hours=2),
    EventType.DEMONSTRATION: dt.timedelta(hours=2),
    EventType.OTHER: dt.timedelta(hours=2),
}


class Status(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("application status", "Draft")
    FILED = "filed", pgettext_lazy("application status", "Filed")
    APPROVED = "approved", pgettext_lazy("application status", "Approved")
    APPROVED_WITH_CONDITIONS = (
        "approved_with_conditions",
        pgettext_lazy("application status", "Approved with conditions"),
    )
    REFUSED = "refused", pgettext_lazy("application status", "Refused")
    WITHDRAWN = "withdrawn", pgettext_lazy("application status", "Withdrawn")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", pgettext_lazy("application status", "Cancelled")


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online (e-government)")
    POST = "post", _("Post")
    EMAIL = "email", _("Email")


class PermitApplicationQuerySet(models.QuerySet):
    # The access rule is organizations.access; these name it in the application's terms.
    def visible_to(self, user):
        return self.filter(access.visible_applications(user))

    def editable_by(self, user):
        return self.filter(access.editable_applications(user))

    def appealable_by(self, user):
        return self.filter(access.appealable_applications(user))

    def coordinated_by(self, user):
        return self.filter(access.coordinated_applications(user))

    def search(self, text: str):
        text = (text or "").strip()
        if not text:
            return self
        # Not icontains: on SQLite it ignores the case of A–Z only ("әйелдер" missed "Әйелдер").
        matching_applicants = Applicant.objects.filter(contains_ignoring_case("name", text)).values("application_id")
        return self.filter(
            contains_ignoring_case("title", text)
            | contains_ignoring_case("purpose", text)
            | contains_ignoring_case("location", text)
            | contains_ignoring_case("route", text)
            | contains_ignoring_case("reference_number", text)
            | Q(pk__in=matching_applicants)
        )

    def for_list(self):
        return self.select_related("organization", "authority", "authority__jurisdiction")


class PermitApplication(StatusTransitions, ApplicationDeadlines, models.Model):
    """One notification or application for approval of a public assembly, as filed by a group."""

    title = models.CharField(_("title"), max_length=200)
    event_type = models.CharField(_("event type"), max_length=20, choices=EventType.choices)
    purpose = models.TextField(_("purpose"), blank=True)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="led_applications", verbose_name=_("lead organization")
    )
    co_organizers = models.ManyToManyField(
        Organization,
        through="CoOrganizer",
        related_name="co_organized_applications",
        blank=True,
        verbose_name=_("co-organizing organizations"),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    location = models.CharField(_("place"), max_length=500)
    route = models.TextField(_("route"), blank=True)
    expected_participants = models.PositiveIntegerField(_("expected participants"), null=True, blank=True)
    authority = models.ForeignKey(
        "permits.Authority", on_delete=models.PROTECT, related_name="applications", verbose_name=_("authority")
    )
    filed_on = models.DateField(
        _("filed on"),
        null=True,
        blank=True,
        help_text=_("The day the authority registered the filing: its clock starts the next day."),
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, blank=True)
    reference_number = models.CharField(
        pgettext_lazy("application", "reference number"),
        max_length=100,
        blank=True,
        help_text=_("The incoming number the authority gave it."),
    )
    status = models.CharField(_("status"), max_length=30, choices=Status.choices, default=Status.DRAFT, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PermitApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("permit application")
        verbose_name_plural = _("permit applications")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="application_ends_after_start",
            ),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="application_status_known"),
        ]
        indexes = [
            models.Index(fields=["organization", "-starts_at"], name="application_org_start"),
            # The default order: the applications list walks it and stops at a page (bench/, README).
            models.Index(fields=["-starts_at", "-id"], name="application_start"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The end must be after the start.")})
        # A group's own authority is private to it (Authority.organization): another lead group's
        # application may not name it, even when the person filing belongs to both groups.
        if (
            self.authority_id
            and self.organization_id
            and self.authority.organization_id not in (None, self.organization_id)
        ):
            raise ValidationError(
                {
                    "authority": _(
                        "This authority was added by another group: choose a shared one or one your group added."
                    )
                }
            )
        if self.filed_on is not None and self.authority_id:
            self.check_filed_on(self.filed_on)

    def check_filed_on(self, day) -> None:
        """The registration date is a day that has come, in the authority's own zone: a date still to
        come would start the authority's clock in the future ("16 days left" for an assembly long
        past). Called by clean() (the forms, the API, the admin, change_dates) and by file()."""
        if not is_plausible(day):
            raise ValidationError({"filed_on": out_of_range_error()})
        if day > local_today(self.jurisdiction.time_zone):
            raise ValidationError(
                {"filed_on": _("The filing cannot have been registered on a day still to come.")}, code="future"
            )

    # --- lifecycle verbs ----------------------------------------------------------------------
    # Each checks that the transition is allowed, changes the status and writes the timeline in
    # one transaction; nothing else sets `status`.

    ALLOWED = {
        "file": {Status.DRAFT},
        "record_decision": {Status.FILED},
        "withdraw": {Status.DRAFT, Status.FILED, Status.APPROVED, Status.APPROVED_WITH_CONDITIONS},
        "mark_held": {Status.FILED, Status.APPROVED, Status.APPROVED_WITH_CONDITIONS},
        "cancel": {Status.APPROVED, Status.APPROVED_WITH_CONDITIONS, Status.REFUSED},
        "delete_draft": {Status.DRAFT},
    }

    def _log(self, *, kind, on, summary: TimelineMessage, details="", by=None) -> "TimelineEntry":
        return TimelineEntry.write(application=self, kind=kind, on=on, summary=summary, details=details, by=by)

    def _set_status(self, status):
        self.status = status
        self.save(update_fields=["status", "updated_at"])

    @transaction.atomic
    def file(self, *, on, by=None, reference_number=None, channel=None):
        self._require("file", _("Only a draft can be filed; this application is %(status)s."))
        if on is None:
            raise ValidationError({"filed_on": _("Give the day the filing was registered.")})
        self.check_filed_on(on)
        self.filed_on = on
        if reference_number is not None:
            self.reference_number = reference_number
        if channel is not None:
            self.channel = channel
        self.status = Status.FILED
        self.save()
        self._log(
            kind=TimelineEntry.Kind.FILED,
            on=on,
            summary=TimelineMessage(_("Filed with %(authority)s"), authority=object_param(self.authority)),
            by=by,
        )
        self.refresh_deadlines(by=by)

    # The fields change() writes as they are; the dates and the rule fields move the deadlines.
    PLAIN_FIELDS = (
        "title",
        "event_type",
        "purpose",
        "organization",
        "location",
        "route",
        "expected_participants",
        "authority",
        "channel",
        "reference_number",
    )
    DATE_FIELDS = ("starts_at", "ends_at", "filed_on")
    # The rules a deadline comes from depend on these: which regime (event type) and whose law and
    # calendar (the authority's jurisdiction).
    RULE_FIELDS = ("event_type", "authority")

    @transaction.atomic
    def change(self, *, by=None, **changes):
        """Edit the application (the page, the API and the admin): only values that differ from the
        row as it is now are written, to that row locked. Dates go through change_dates, a draft
        given a filing date is filed through file() (a draft never carries one), and a new event
        type or authority recomputes the deadlines."""
        unknown = set(changes) - {*self.PLAIN_FIELDS, *self.DATE_FIELDS}
        if unknown:
            raise TypeError(f"change() cannot change {sorted(unknown)}")
        current = PermitApplication.objects.select_for_update().get(pk=self.pk)
        changes = {name: value for name, value in changes.items() if getattr(current, name) != value}
        date_changes = {name: changes.pop(name) for name in self.DATE_FIELDS if name in changes}
        file_on = date_changes.pop("filed_on", None) if current.is_draft else None
        # Every rule of the model (end after start, the authority's group, the registration date)
        # on the application as it would be, before anything is written.
        candidate = PermitApplication.objects.get(pk=self.pk)
        for name, value in {**changes, **date_changes}.items():
            setattr(candidate, name, value)
        candidate.full_clean(exclude=["co_organizers", "created_by"])
        if changes:
            for name, value in changes.items():
                setattr(current, name, value)
            current.save(update_fields=[*changes, "updated_at"])
        if date_changes:
            current.change_dates(by=by, **date_changes)  # recomputes the deadlines
        elif file_on is None and any(name in changes for name in self.RULE_FIELDS):
            current.refresh_deadlines(by=by)
        if file_on is not None:
            current.file(on=file_on, by=by)  # computes the deadlines that follow from filing
        return current

    @transaction.atomic
    def record_decision(
        self,
        *,
        outcome,
        decided_on,
        received_on=None,
        reference_number="",
        conditions="",
        alternative_offered="",
        grounds=(),
        by=None,
    ):
        """Record the authority's answer. `grounds` is a list of dicts {reason, quote, note};
        a refusal needs at least one."""
        # decisions.py imports this module (a decision belongs to an application).
        from permits.models.decisions import Decision

        self._require(
            "record_decision", _("A decision can only be recorded on a filed application; this one is %(status)s.")
        )
        decision = Decision(
            application=self,
            outcome=outcome,
            decided_on=decided_on,
            received_on=received_on,
            reference_number=reference_number or "",
            conditions=conditions or "",
            alternative_offered=alternative_offered or "",
            recorded_by=by,
        )
        decision.full_clean(exclude=["application"])
        grounds = list(grounds or ())
        Decision.check_grounds(outcome, grounds)
        decision.save()
        decision._save_grounds(grounds)
        self._set_status(outcome)
        entry = self._log(kind=TimelineEntry.Kind.DECISION, on=decided_on, summary=decision.summary(), by=by)
        self.refresh_deadlines(by=by)  # closes the answer deadline; a refusal opens the appeal deadline
        send_application_event(
            PermitApplication,
            "decision_recorded",
            entry=entry,
            by=by,
            outcome=decision.outcome,
            decided_on=decision.decided_on.isoformat(),
        )
        return decision

    @transaction.atomic
    def withdraw(self, *, on, note="", by=None):
        self._require("withdraw", _("This application is %(status)s and can no longer be withdrawn."))
        self._set_status(Status.WITHDRAWN)
        self._log(
            kind=TimelineEntry.Kind.STATUS,
            on=on,
            summary=TimelineMessage(_("Withdrawn by the organizers")),
            details=note,
            by=by,
        )

    @transaction.atomic
    def mark_held(self, *, on, note="", by=None):
        self._require(
            "mark_held", _("Only a filed or approved assembly can be marked as held; this one is %(status)s.")
        )
        self._set_status(Status.HELD)
        self._log(
            kind=TimelineEntry.Kind.STATUS,
            on=on,
            summary=TimelineMessage(_("The assembly was held")),
            details=note,
            by=by,
        )

    @transaction.atomic
    def cancel(self, *, on, note="", by=None):
        self._require("cancel", _("This application is %(status)s and cannot be cancelled."))
        self._set_status(Status.CANCELLED)
        self._log(
            kind=TimelineEntry.Kind.STATUS,
            on=on,
            summary=TimelineMessage(_("The assembly was cancelled")),
            details=note,
            by=by,
        )

    @by_is_actor
    @transaction.atomic
    def delete_draft(self, *, by=None):
        """Delete a draft and its private files: the rows go, and the files leave the disk once
        that is committed (a scan attached to a draft must not stay on the server)."""
        self._require("delete_draft", _("Only a draft can be deleted; this application is %(status)s."))
        remove_files_on_commit([document.file for document in self.documents.all()])
        self.delete()

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT

    @property
    def latest_decision(self):
        return self.decisions.order_by("-decided_on", "-id").first()


class CoOrganizer(models.Model):
    application = models.ForeignKey(PermitApplication, on_delete=models.CASCADE, related_name="co_organizer_links")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="co_organizer_links")

    class Meta:
        verbose_name = _("co-organizer")
        verbose_name_plural = _("co-organizers")
        constraints = [models.UniqueConstraint(fields=["application", "organization"], name="co_organizer_unique")]
        indexes = [models.Index(fields=["organization", "application"], name="co_organizer_org_app")]

    def __str__(self):
        return f"{self.organization} → {self.application}"


class Applicant(models.Model):
    """A person who signed the filing. Fictional in the demo; real and sensitive in use."""

    application = models.ForeignKey(
        PermitApplication, on_delete=models.CASCADE, related_name="applicants", verbose_name=_("application")
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("applicant")
        verbose_name_plural = _("applicants")
        ordering = ["position", "id"]

    def __str__(self):
        return self.name
