"""Reports pages: the refusal report over what the user may see, a group's sharing settings and
share links, the public shared report, and the CSV and XLSX exports."""

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
from permits.models import PermitApplication
from reports import exports
from reports.forms import (
    PublishQuoteForm,
    PublishStatisticsForm,
    ReportFilterForm,
    RevokeLinkForm,
    ShareStatisticsForm,
)
from reports.models import PublishedQuote, ShareLink
from reports.services import (
    ReportFilters,
    breakdown_titles,
    organization_share_statistics,
    quote_redactor,
    quote_reviews,
    refusal_breakdown,
    refusal_report,
    share_link_create,
    shared_applications,
    shared_grounds,
    shared_quotes,
    shared_refusals,
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


def _sharing_page(request, organization, *, form=None, publish_form=None, status=200):
    links = organization.report_share_links.all()
    context = {
        "organization": organization,
        "form": form or ShareStatisticsForm(initial={"share_statistics": organization.share_statistics}),
        "publish_form": publish_form
        or PublishStatisticsForm(initial={"publish_statistics": organization.publish_statistics}),
        "public_url": reverse("public:refusals"),
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
def public_statistics_consent(request, organization):
    """Opt in to the public statistics (/public/refusals/), or out: counted from the next request."""
    form = PublishStatisticsForm(request.POST)
    if not form.is_valid():
        return _sharing_page(request, organization, publish_form=form, status=400)
    publish = form.cleaned_data["publish_statistics"]
    organization.set_publish_statistics(publish, by=request.user)
    messages.success(
        request,
        _("This group's refusals count in the public statistics.")
        if publish
        else _("This group's refusals are no longer in the public statistics."),
    )
    return redirect(reverse("reports:sharing", args=[organization.pk]) + "#public")


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


# --- Quotes: reviewed, redacted and published by a coordinator before a share link shows them ----


def _quotes_page(request, organization, *, bound=None, ground_id=None, status=200):
    """Every quoted ground of the group's refusals with its form: the one just posted (`bound`, for
    `ground_id`) keeps what was typed; the others propose the published or the redacted text."""
    redactor = quote_redactor(organization)
    items = []
    for review in quote_reviews(organization, redactor):
        if bound is not None and review.ground.pk == ground_id:
            form = bound
        else:
            form = PublishQuoteForm(
                initial={"text": review.proposed}, redactor=redactor, auto_id=_quote_field_id(review.ground)
            )
        text = form["text"].value() or ""
        items.append({"review": review, "form": form, "preview": redactor.review(text)})
    context = {"organization": organization, "items": items}
    return render(request, "reports/quotes.html", context, status=status)


def _quote_field_id(ground) -> str:
    """One form per quote on the page: ids of their own (id_ground7_text)."""
    return f"id_ground{ground.pk}_%s"


@group_view(methods=("GET",), coordinators_only=True)
def quotes(request, organization):
    return _quotes_page(request, organization)


@group_view(methods=("POST",), coordinators_only=True)
def quote_review(request, organization, ground):
    """Preview, publish or withdraw one quote of the group's refusals (any other ground: 404)."""
    ground = get_object_or_404(shared_grounds(organization), pk=ground)
    form = PublishQuoteForm(request.POST, redactor=quote_redactor(organization), auto_id=_quote_field_id(ground))
    if not form.is_valid():
        return _quotes_page(request, organization, bound=form, ground_id=ground.pk, status=400)
    action = form.cleaned_data["action"]
    if action == PublishQuoteForm.PREVIEW:
        return _quotes_page(request, organization, bound=form, ground_id=ground.pk)
    if action == PublishQuoteForm.PUBLISH:
        PublishedQuote.publish(ground=ground, text=form.cleaned_data["text"], by=request.user)
        messages.success(request, _("The quote is published: share links show this text."))
    elif PublishedQuote.withdraw(ground=ground):
        messages.success(request, _("The quote is withdrawn: share links no longer show it."))
    return redirect(reverse("reports:quotes", args=[organization.pk]) + f"#ground-{ground.pk}")


@never_cache
@require_GET
def shared_report(request, token):
    """The public page of a share link: counts, the refusals' facts and the quotes a coordinator
    published after redaction; no person's name. A revoked or unknown link is a 404."""
    link = get_object_or_404(ShareLink.objects.active().select_related("organization"), token=token)
    organization = link.organization
    context = {
        "organization": organization,
        "link": link,
        "report": refusal_report(applications=shared_applications(organization)),
        "refusals": shared_refusals(organization),
        "quotes": shared_quotes(organization),
    }
    response = render(request, "reports/shared.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


# --- Exports (CSV and XLSX: the format comes from the URL) ------------------------------------


@login_required
@require_GET
def export_applications(request, fmt="csv"):
    """The user's applications, with the applications list's filters (an invalid one is ignored,
    as on the list)."""
    form = exports.export_filter_form("applications", request.GET, user=request.user)
    return exports.export_response_of("applications", form, user=request.user, fmt=fmt)


@login_required
@require_GET
def export_deadlines(request, fmt="csv"):
    form = exports.export_filter_form("deadlines", request.GET, user=request.user)
    return exports.export_response_of("deadlines", form, user=request.user, fmt=fmt)


@login_required
@require_GET
def export_decisions(request, fmt="csv"):
    """Every decision (any outcome) with its grounds, with the report's filters (period,
    jurisdiction, group). Filters that are not understood send the user back to the report, which
    names them."""
    form = exports.export_filter_form("decisions", request.GET, user=request.user)
    if not form.is_valid():
        return redirect(reverse("reports:report") + "?" + request.GET.urlencode())
    return exports.export_response_of("decisions", form, user=request.user, fmt=fmt)
