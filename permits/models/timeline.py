"""The timeline of an application: what happened and when, written by its verbs (filing, decisions,
corrections…) and by people (meetings, calls, notes), each readable in the reader's language."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from config.audit import by_is_actor
from config.dates import is_plausible, out_of_range_error
from organizations import access
from permits.timeline import TimelineMessage, find_object


class TimelineEntryQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(access.visible_timeline_entries(user))

    def people_written(self):
        """What people typed (a meeting, a call, a note), not what the lifecycle verbs wrote."""
        return self.filter(message="", kind__in=TimelineEntry.MANUAL_KINDS)

    def changeable_by(self, user):
        """Entries the user may edit or delete: those people wrote, on an application the user may
        change, written by the user — or any of them for a coordinator of the lead group."""
        return self.people_written().filter(access.changeable_timeline_entries(user))

    def with_changeable_by(self, user):
        """Each entry annotated with `changeable`: whether `user` may edit or delete it (the rule of
        changeable_by, in the same query as the timeline itself)."""
        return self.annotate(
            changeable=models.Exists(TimelineEntry.objects.changeable_by(user).filter(pk=models.OuterRef("pk")))
        )


class EntryNotYours(PermissionDenied):
    """Someone else's timeline entry, changed by a person who is neither its author nor a
    coordinator of the lead group: a 403, since they can see it."""


class TimelineEntry(models.Model):
    """What happened and when. Status changes write one; people add the rest (meetings, calls…).

    What people write is kept and shown as typed (`summary`, `details`). What the system writes is
    kept as a message (its untranslated msgid and JSON parameters: permits/timeline.py) and shown in
    the reader's language (`display_summary()`, `display_details()`); `summary` then holds the same
    sentence in the site's language, for the admin's search and as the fallback (issue 8)."""

    class Kind(models.TextChoices):
        FILED = "filed", pgettext_lazy("timeline event", "Filed")
        MEETING = "meeting", _("Meeting with officials")
        CALL = "call", _("Call")
        LETTER = "letter", _("Letter")
        PRESSURE = "pressure", _("Pressure to withdraw")
        REVISION_REQUESTED = "revision_requested", _("Request to revise")
        DECISION = "decision", _("Decision")
        APPEAL = "appeal", _("Appeal")
        HEARING = "hearing", _("Hearing")
        NOTE = "note", _("Note")
        STATUS = "status", _("Status change")
        DEADLINE = "deadline", _("Deadline changed")
        DOCUMENT = "document", _("Document")

    # Kinds a person may add by hand; the others are written by the lifecycle verbs.
    MANUAL_KINDS = [
        Kind.MEETING,
        Kind.CALL,
        Kind.LETTER,
        Kind.PRESSURE,
        Kind.REVISION_REQUESTED,
        Kind.HEARING,
        Kind.NOTE,
    ]

    application = models.ForeignKey(
        "permits.PermitApplication", on_delete=models.CASCADE, related_name="timeline", verbose_name=_("application")
    )
    happened_on = models.DateField(_("date"), default=timezone.localdate)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    summary = models.CharField(_("summary"), max_length=300)
    details = models.TextField(_("details"), blank=True)
    # What the system wrote, as untranslated msgids with their parameters (permits/timeline.py);
    # empty for what people typed.
    message = models.CharField(_("system message"), max_length=300, blank=True, editable=False)
    details_message = models.CharField(_("system details"), max_length=300, blank=True, editable=False)
    params = models.JSONField(_("message parameters"), default=dict, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    # Set by edit(): the entry then says "edited"; the audit trail keeps what it said before.
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True, editable=False)

    objects = TimelineEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")
        ordering = ["-happened_on", "-created_at", "-id"]

    def __str__(self):
        return f"{self.happened_on} {self.get_kind_display()}: {self.display_summary()}"

    def clean(self):
        # A date a person can mean, whichever door it comes through (the page's date field took
        # 0001-01-01 and 9999-12-31; the API refused them).
        if self.happened_on is not None and not is_plausible(self.happened_on):
            raise ValidationError({"happened_on": out_of_range_error()})

    @classmethod
    @transaction.atomic
    def add(cls, *, application, by, happened_on, kind, summary, details="") -> "TimelineEntry":
        """An entry a person writes (a meeting, a call, a note…), from the page or the API."""
        if kind not in cls.MANUAL_KINDS:
            raise ValidationError({"kind": _("This kind of entry is written by the application's own actions.")})
        entry = cls(
            application=application,
            happened_on=happened_on,
            kind=kind,
            summary=summary,
            details=details or "",
            created_by=by,
        )
        entry.full_clean(exclude=["application", "created_by"])
        entry.save()
        return entry

    @classmethod
    def manual_kind_choices(cls) -> list[tuple[str, str]]:
        """MANUAL_KINDS as (code, label) pairs: what the API takes."""
        return [(kind.value, kind.label) for kind in cls.MANUAL_KINDS]

    @classmethod
    def write(cls, *, application, kind, on, summary: TimelineMessage, details="", by=None) -> "TimelineEntry":
        """An entry the system writes. `details` is what a person gave (a note, a reason), or a
        TimelineMessage of its own; both messages share one set of parameters."""
        params = dict(summary.params)
        details_message = ""
        if isinstance(details, TimelineMessage):
            params |= details.params
            details_message, details = details.message, details.recorded()
        return cls.objects.create(
            application=application,
            kind=kind,
            happened_on=on,
            summary=summary.recorded()[:300],
            message=summary.message,
            details=details or "",
            details_message=details_message,
            params=params,
            created_by=by,
        )

    # --- corrections (issue 13) ---------------------------------------------------------------------
    # What people typed can be put right or removed by its author, or by a coordinator of the lead
    # group; what Ruqsat wrote (filing, decisions, status changes, appeals, deadlines) is the record of
    # a verb and changes only through that verb (a decision's correction, a deadline's override).

    @property
    def is_system(self) -> bool:
        return bool(self.message) or self.kind not in self.MANUAL_KINDS

    def may_be_changed_by(self, user) -> bool:
        return TimelineEntry.objects.changeable_by(user).filter(pk=self.pk).exists()

    def require_changeable(self, by):
        if self.is_system:
            raise ValidationError(
                _("Ruqsat wrote this entry when the application changed: it cannot be edited or deleted."),
                code="system_entry",
            )
        if not self.may_be_changed_by(by):
            raise EntryNotYours(_("Only its author or a coordinator of the lead group can change this entry."))

    @by_is_actor
    @transaction.atomic
    def edit(self, *, by, **changes):
        """Change the date, kind, summary or details of an entry a person wrote."""
        allowed = {"happened_on", "kind", "summary", "details"}
        unknown = set(changes) - allowed
        if unknown:
            raise TypeError(f"edit() cannot change {sorted(unknown)}")
        self.require_changeable(by)
        if "kind" in changes and changes["kind"] not in self.MANUAL_KINDS:
            raise ValidationError({"kind": _("This kind of entry is written by the application's own actions.")})
        # Compared with the stored row: a form may already have put the new values on this instance.
        current = TimelineEntry.objects.get(pk=self.pk)
        before = {name: getattr(current, name) for name in changes}
        for name, value in changes.items():
            setattr(self, name, value)
        self.full_clean(exclude=["application", "created_by"])
        if all(before[name] == getattr(self, name) for name in changes):
            return self
        self.edited_at = timezone.now()
        self.save()
        return self

    @by_is_actor
    @transaction.atomic
    def remove(self, *, by):
        """Delete an entry a person wrote; the audit trail keeps what it said and who deleted it."""
        self.require_changeable(by)
        self.delete()

    def display_summary(self) -> str:
        """The summary in the active language: a system message rendered now, else as typed."""
        return self._render(self.message) or self.summary

    def display_details(self) -> str:
        return self._render(self.details_message) or self.details

    def _render(self, message: str) -> str | None:
        if not message:
            return None
        return TimelineMessage.stored(message, self.params).render(lookup=self._find_object)

    def _find_object(self, label: str, pk):
        # The authority named by "Filed with …" and the decision is nearly always the application's
        # own: read it from the application already loaded (the timeline of the page, the
        # dashboard's select_related) instead of one query per entry.
        application_loaded = TimelineEntry._meta.get_field("application").is_cached(self)
        if label == "permits.authority" and application_loaded and self.application.authority_id == pk:
            return self.application.authority
        return find_object(label, pk)
