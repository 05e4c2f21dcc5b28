"""The dashboard: where my groups' applications stand, what happened lately, what is next."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from organizations import access
from permits.models import Deadline, DeadlineKind, PermitApplication, Status, TimelineEntry
from permits.views.deadline_panel import with_days_left

NEXT_LIMIT = 5
LATEST_ENTRIES = 8
DUE_NEXT = 8
OVERDUE_SHOWN = 5
MISSED_SHOWN = 10


@login_required
@require_http_methods(["GET"])
def dashboard(request):
    user = request.user
    applications = PermitApplication.objects.visible_to(user).for_list()
    counts = dict(applications.order_by().values_list("status").annotate(n=Count("id")))
    by_status = [
        {"status": status, "label": label, "count": counts[status]}
        for status, label in Status.choices
        if counts.get(status)
    ]
    # "Due next" across all my groups: a missed obligation that still matters first, in red, then what
    # comes next. A past assembly day is not an obligation missed (it is closed by marking it held or
    # cancelled). One that closed unmet long ago (its assembly is over) folds away under "Missed": a
    # red "1,743 days overdue" for a case closed years ago would drown the one due tomorrow.
    now = timezone.now()
    deadlines = Deadline.objects.visible_to(user).for_dashboard().exclude(kind=DeadlineKind.EVENT)
    # Most recently missed first: the ones where something may still be done.
    overdue = deadlines.pressing(now).order_by("-due_at", "-id")
    overdue_shown = with_days_left(list(overdue[:OVERDUE_SHOWN]))
    missed = deadlines.missed(now).order_by("-due_at", "-id")
    missed_shown = with_days_left(list(missed[:MISSED_SHOWN]))
    # Each application in the one section that says what it waits for: a filed one waits for the
    # authority's answer (its date is on its card there), so "upcoming" lists approved assemblies only.
    upcoming_statuses = [Status.APPROVED, Status.APPROVED_WITH_CONDITIONS]
    context = {
        "has_group": access.organizations_of(user).exists(),
        "has_lead_group": access.organizations_of(user, access.EDITING_ROLES).exists(),
        "total": sum(counts.values()),
        "by_status": by_status,
        "drafts": applications.filter(status=Status.DRAFT).order_by("starts_at")[:NEXT_LIMIT],
        "awaiting": applications.filter(status=Status.FILED).order_by("filed_on", "starts_at")[:NEXT_LIMIT],
        "upcoming": applications.filter(status__in=upcoming_statuses, starts_at__gte=timezone.now()).order_by(
            "starts_at"
        )[:NEXT_LIMIT],
        "refused": applications.filter(status=Status.REFUSED).order_by("-updated_at")[:NEXT_LIMIT],
        "overdue_deadlines": overdue_shown,
        "overdue_count": overdue.count() if len(overdue_shown) == OVERDUE_SHOWN else len(overdue_shown),
        "missed_deadlines": missed_shown,
        "missed_count": missed.count() if len(missed_shown) == MISSED_SHOWN else len(missed_shown),
        "due_next": with_days_left(list(Deadline.objects.visible_to(user).for_dashboard().upcoming(now)[:DUE_NEXT])),
        # The authority: what the system wrote names it, in the reader's language (TimelineEntry).
        "latest_entries": TimelineEntry.objects.visible_to(user).select_related("application__authority", "created_by")[
            :LATEST_ENTRIES
        ],
    }
    return render(request, "permits/dashboard.html", context)
