"""The dashboard: where my groups' applications stand, what happened lately, what is next."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from organizations.models import editable_organization_ids, readable_organization_ids
from permits.models import PermitApplication, Status, TimelineEntry

NEXT_LIMIT = 5
LATEST_ENTRIES = 8


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
    upcoming_statuses = [Status.FILED, Status.APPROVED, Status.APPROVED_WITH_CONDITIONS]
    context = {
        "has_group": readable_organization_ids(user).exists(),
        "has_lead_group": editable_organization_ids(user).exists(),
        "total": sum(counts.values()),
        "by_status": by_status,
        "drafts": applications.filter(status=Status.DRAFT).order_by("starts_at")[:NEXT_LIMIT],
        "awaiting": applications.filter(status=Status.FILED).order_by("filed_on", "starts_at")[:NEXT_LIMIT],
        "upcoming": applications.filter(status__in=upcoming_statuses, starts_at__gte=timezone.now()).order_by(
            "starts_at"
        )[:NEXT_LIMIT],
        "refused": applications.filter(status=Status.REFUSED).order_by("-updated_at")[:NEXT_LIMIT],
        "latest_entries": TimelineEntry.objects.visible_to(user).select_related("application", "created_by")[
            :LATEST_ENTRIES
        ],
    }
    return render(request, "permits/dashboard.html", context)
