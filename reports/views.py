"""Reports pages: the refusal report over what the user may see, a group's sharing settings and
share links, the public shared report, and the CSV exports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from organizations import access
from organizations.views import group_view
from permits.forms import ApplicationFilterForm
from permits.models import PermitApplication
from reports import exports
from reports.forms import ReportFilterForm, RevokeLinkForm, ShareStatisticsForm
from reports.models import ShareLink
from reports.services import (
    ReportFilters,
    breakdown_titles,
    decisions_matching,
    organization_share_statistics,
    refusal_breakdown,
    refusal_report,
    share_link_create,
    shared_applications,
    shared_quotes,
)

# The report's filters, as the page's form and the API name them (`by` is the tab, not a filter).
FILTER_NAMES = ("from", "to", "jurisdiction", "organization")


@login_required
@require_GET
def report(request):
    """One breakdown at a time (`?by=`, reason first), as the API gives it, over what the user may see."""
    form = ReportFilterForm(request.GET or None, user=request.user)
    # Invalid filters are shown on the form, with what was typed, and the report is unfiltered.
    valid = form.is_bound and form.is_valid()
    by = form.breakdown if valid else "reason"
    breakdown = refusal_breakdown(
        applications=PermitApplication.objects.visible_to(request.user),
        by=by,
        filters=form.filters() if valid else ReportFilters(),
    )
    context = {
        "form": form,
        "breakdown": breakdown,
        "tabs": _tabs(request, by),
        "coordinated": access.organizations_of(request.user, access.COORDINATING_ROLES).order_by("name"),
        "query": request.GET.urlencode(),
        # "Clear" appears once a filter is set (not for a tab alone) and keeps the tab.
        "filtered": any(request.GET.get(name) for name in FILTER_NAMES),
        "clear_url": reverse("reports:report") + f"?by={by}",
    }
    return render(request, "reports/report.html", context)


def _tabs(request, current: str) -> list[dict]:
    """A link per breakdown, keeping the filters."""
    tabs = []
    for by, title in breakdown_titles().items():
        params = request.GET.copy()
        params["by"] = by
        tabs.append({"by": by, "title": title, "url": "?" + params.urlencode(), "current": by == current})
    return tabs


# --- Sharing: statistics for other groups' appeals, and published links -----------------------


def _sharing_page(request, organization, *, form=None, status=200):
    links = organization.report_share_links.all()
    context = {
        "organization": organization,
        "form": form or ShareStatisticsForm(initial={"share_statistics": organization.share_statistics}),
        "links": links,
        "active_links": [link for link in links if link.is_active],
    }
    return render(request, "reports/sharing.html", context, status=status)


@group_view(coordinators_only=True)
def sharing(request, organization):
    """GET: the group's sharing settings and links. POST: switch statistics sharing on or off."""
    if request.method == "POST":
        form = ShareStatisticsForm(request.POST)
        if not form.is_valid():
            return _sharing_page(request, organization, form=form, status=400)
        share = form.cleaned_data["share_statistics"]
        organization_share_statistics(organization=organization, share=share)
        messages.success(
            request,
            _("This group's refusal statistics are shared.") if share else _("This group's statistics are private."),
        )
        return redirect("reports:sharing", pk=organization.pk)
    return _sharing_page(request, organization)


@group_view(methods=("POST",), coordinators_only=True)
def link_create(request, organization):
    link = share_link_create(organization=organization, by=request.user)
    messages.success(request, _("The report is published. Anyone with the link can read it until you revoke it."))
    return redirect(reverse("reports:sharing", args=[organization.pk]) + f"#link-{link.pk}")


@group_view(methods=("POST",), coordinators_only=True)
def link_revoke(request, organization):
    form = RevokeLinkForm(request.POST)
    if not form.is_valid():
        raise Http404
    link = get_object_or_404(organization.report_share_links.all(), pk=form.cleaned_data["link"])
    if link.revoke():
        messages.success(request, _("The link is revoked: it no longer opens the report."))
    return redirect("reports:sharing", pk=organization.pk)


@never_cache
@require_GET
def shared_report(request, token):
    """The public page of a share link: counts and the authorities' words, no person's name. A
    revoked or unknown link is a 404."""
    link = get_object_or_404(ShareLink.objects.active().select_related("organization"), token=token)
    organization = link.organization
    context = {
        "organization": organization,
        "link": link,
        "report": refusal_report(applications=shared_applications(organization)),
        "quotes": shared_quotes(organization),
    }
    response = render(request, "reports/shared.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


# --- CSV exports ------------------------------------------------------------------------------


def _filtered_applications(request):
    """The user's applications, with the applications list's filters (q, status, event type, group)."""
    form = ApplicationFilterForm(request.GET, user=request.user)
    return form.filter(PermitApplication.objects.visible_to(request.user))


@login_required
@require_GET
def export_applications(request):
    return exports.applications_csv(_filtered_applications(request))


@login_required
@require_GET
def export_deadlines(request):
    return exports.deadlines_csv(exports.deadlines_of(_filtered_applications(request)))


@login_required
@require_GET
def export_decisions(request):
    """Every decision (any outcome) with its grounds, with the report's filters (period,
    jurisdiction, group). Filters that are not understood send the user back to the report, which
    names them."""
    form = ReportFilterForm(request.GET, user=request.user)
    if not form.is_valid():
        return redirect(reverse("reports:report") + "?" + request.GET.urlencode())
    visible = PermitApplication.objects.visible_to(request.user)
    return exports.decisions_csv(decisions_matching(visible, form.filters()))
