"""The ways out that no group can close: a person downloads or deletes their data, a coordinator
downloads or deletes their group's (privacy/services.py does the work)."""

import tempfile

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.forms import DeleteAccountForm
from organizations.forms import DeleteGroupForm
from organizations.views import group_view
from privacy import services as privacy


@login_required
@require_http_methods(["GET", "HEAD"])
def data_export(request):
    response = HttpResponse(privacy.user_export(user=request.user), content_type="application/json; charset=utf-8")
    filename = f"ruqsat-my-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def account_delete(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    blocking = privacy.last_coordinator_of(request.user)
    if request.method == "POST":
        # The password check is an oracle for whoever holds the session: rate-limited like
        # allauth's own re-authentication.
        limited = ratelimit.consume_or_429(request, action="reauthenticate", user=request.user)
        if limited:
            return limited
        if form.is_valid():
            try:
                privacy.user_delete(user=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                logout(request)
                messages.success(request, _("Your account is deleted. What you wrote in your groups stays with them."))
                return redirect("account_login")
    return render(request, "accounts/account_delete.html", {"form": form, "blocking_groups": blocking})


@group_view(methods=("GET",), coordinators_only=True)
def organization_export(request, organization):
    """Everything of the group as a ZIP. Built in a temporary file: documents may be many MB."""
    archive = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    privacy.organization_export(organization=organization, target=archive)
    archive.seek(0)
    filename = f"ruqsat-{slugify(organization.name) or 'group'}-{timezone.localdate():%Y-%m-%d}.zip"
    response = FileResponse(archive, as_attachment=True, filename=filename, content_type="application/zip")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@group_view(coordinators_only=True)
def organization_delete(request, organization):
    form = DeleteGroupForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        name = organization.name
        privacy.organization_delete(organization=organization)
        messages.success(request, _("%(organization)s is deleted.") % {"organization": name})
        return redirect("organizations:list")
    return render(
        request,
        "organizations/organization_delete.html",
        {
            "organization": organization,
            "form": form,
            "led_count": organization.led_applications.count(),
            "member_count": organization.memberships.count(),
        },
    )
