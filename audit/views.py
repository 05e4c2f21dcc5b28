"""An application's history page: the audit trail of the application and everything under it."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, render

from appeals.models import Appeal
from audit import history
from permits.models import PermitApplication, TimelineEntry

ENTRIES_PER_PAGE = 50


@login_required
def application_history(request, pk):
    # The access check comes before the method check: to an outsider every method is a 404.
    application = get_object_or_404(PermitApplication.objects.visible_to(request.user), pk=pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    # A volunteer sees the application and their own appeal: the others' history stays hidden.
    hidden = Appeal.objects.filter(application=application).exclude(pk__in=Appeal.objects.visible_to(request.user))
    hidden_entries = application.timeline.exclude(pk__in=TimelineEntry.objects.visible_to(request.user))
    entries = history.application_history(
        application.pk,
        hidden_appeal_ids=hidden.values_list("pk", flat=True),
        hidden_timeline_ids=hidden_entries.values_list("pk", flat=True),
    )
    page = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/application_history.html",
        {"application": application, "page": page, "lines": history.describe(page.object_list)},
    )
