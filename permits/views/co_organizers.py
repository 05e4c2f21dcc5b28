"""A request to co-organize, answered by a coordinator of the invited group (issue 12).

Only coordinators of that group reach the page; for anyone else the link is a 404 (it names an
application they may not see), whoever holds it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from permits.models import CoOrganizerInvitation


@login_required
def co_organizer_invitation(request, token):
    invitation = (
        CoOrganizerInvitation.objects.for_coordinator(request.user)
        .select_related("application__organization", "application__authority", "organization", "invited_by")
        .filter(token=token)
        .first()
    )
    if invitation is None:
        raise Http404
    # The method is checked after the lookup: a 405 first would tell anyone the token exists.
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    context = {"invitation": invitation, "application": invitation.application, "state": invitation.state}
    if context["state"] != "pending":
        return render(request, "permits/co_organizer_invitation.html", context, status=410)
    if request.method == "POST":
        answer = request.POST.get("answer")
        if answer == "decline":
            invitation.decline()
            messages.info(
                request,
                _("You declined: %(group)s is not a co-organizer of this application.")
                % {"group": invitation.organization.name},
            )
            return redirect("organizations:detail", pk=invitation.organization_id)
        if answer == "accept":
            try:
                invitation.accept(request.user)
            except ValidationError:  # answered a moment ago by another coordinator
                invitation.refresh_from_db()
                context["state"] = invitation.state
                return render(request, "permits/co_organizer_invitation.html", context, status=410)
            messages.success(
                request,
                _("%(group)s is now a co-organizer of this application.") % {"group": invitation.organization.name},
            )
            return redirect("permits:application_detail", pk=invitation.application_id)
        context["error"] = _("Choose to accept or to decline.")
        return render(request, "permits/co_organizer_invitation.html", context, status=400)
    return render(request, "permits/co_organizer_invitation.html", context)
