"""What the application page shows about deadlines: the list with sources and computations, and the
warnings that follow from them (issue 4 §4). Read from the model's properties, computed once here so
the template only lays them out."""

from django.db.models import Exists, OuterRef, Prefetch, prefetch_related_objects
from django.utils import timezone

from permits.forms import CustomDeadlineForm, DeadlineOverrideForm
from permits.models import Deadline, DeadlineKind, Document
from permits.models.deadline_text import DISCLAIMER

# Deadlines the application's own verbs close (record_decision, file): no "Mark done" for them.
CLOSED_BY_VERBS = (DeadlineKind.AUTHORITY_RESPONSE, DeadlineKind.LATEST_FILING)


def prefetch_deadlines(application, user):
    """Load the application's deadlines once, with what the page shows of each and whether `user`
    sees it (`seen`); the application's deadline properties (response_due_on, filed_late…) then
    read these rows without a query."""
    seen = Exists(Deadline.objects.visible_to(user).filter(pk=OuterRef("pk")))
    rows = (
        Deadline.objects.select_related("rule", "overridden_by", "done_by", "appeal")
        .annotate(seen=seen)
        .order_by("due_at", "id")
    )
    prefetch_related_objects([application], Prefetch("deadlines", queryset=rows))


def with_days_left(deadlines):
    """Set `days` (whole days left in the deadline's jurisdiction, negative when past) and `days_past`
    on each deadline, for includes/deadline_chip.html."""
    for deadline in deadlines:
        deadline.days = deadline.days_left()
        deadline.days_past = -deadline.days
    return deadlines


def deadline_panel(application, *, user, can_edit, decisions, documents, override_form=None, custom_form=None) -> dict:
    """Context for templates/permits/_deadlines.html and _deadline_warnings.html.

    `decisions` and `documents` are the lists the page shows anyway (newest decision first), so the
    warnings need no queries of their own. A bound form with errors is shown in place of a fresh one.
    The list holds the deadlines `user` sees (a volunteer: not those of the application's other appeals)."""
    prefetch_deadlines(application, user)
    deadlines = with_days_left([deadline for deadline in application.deadlines.all() if deadline.seen])
    for deadline in deadlines:
        if override_form is not None and override_form.deadline.pk == deadline.pk:
            deadline.override_form = override_form  # with its errors, whatever the kind
        elif can_edit and not deadline.is_done and deadline.kind != DeadlineKind.EVENT:
            deadline.override_form = DeadlineOverrideForm(deadline=deadline)
        else:
            deadline.override_form = None
        # The answer and the filing day are closed by recording the decision and by filing.
        deadline.offer_done = bool(deadline.override_form) and deadline.kind not in CLOSED_BY_VERBS
    latest = decisions[0] if decisions else None
    refused = latest is not None and latest.is_refusal
    appeal_deadline = application.deadline(DeadlineKind.APPEAL_FILING) if refused else None
    if appeal_deadline is not None and not appeal_deadline.seen:
        appeal_deadline = None  # another appeal's, linked to it when it was opened: not this reader's
    return {
        "deadlines": deadlines,
        "time_zone": application.jurisdiction.time_zone,
        "disclaimer": DISCLAIMER,
        "custom_deadline_form": (custom_form or CustomDeadlineForm()) if can_edit else None,
        # The authority's clock starts at registration: the date, the incoming number, the proof.
        "filing_documents": [d for d in documents if d.kind == Document.Kind.FILING],
        "response_deadline": application.deadline(DeadlineKind.AUTHORITY_RESPONSE),
        "latest_filing_deadline": application.deadline(DeadlineKind.LATEST_FILING),
        "filed_late": application.filed_late,
        "answer_overdue": application.authority_answer_overdue,
        "silence_consequence": application.silence_consequence,
        "answered_late": latest is not None and application.answered_late,
        "place_taken_without_alternative": latest is not None and latest.place_taken_without_alternative,
        "alternative_duty_applied": latest is not None and latest.alternative_duty_applied,
        "answered_on": latest.decided_on if latest is not None else None,
        "refusal": latest if refused else None,
        "appeal_deadline": appeal_deadline,
        "remedy_outlook": application.remedy_outlook if refused else None,
        "event_passed": application.starts_at < timezone.now(),
    }
