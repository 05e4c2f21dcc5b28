"""Group pages: my groups, a group with its members and invitations, and accepting an invitation.

Access: anyone outside a group gets 404 on every one of its URLs (its existence stays secret);
a member who is not a coordinator sees the group but gets 403 on management actions. The checks
run before the method check, so an outsider's GET on a POST-only URL is a 404 too.
"""

import logging
import smtplib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_http_methods

from organizations.access import object_view, organizations_of
from organizations.forms import (
    AddMemberForm,
    InvitationForm,
    OrganizationForm,
    RoleForm,
    TwoFactorPolicyForm,
)
from organizations.models import Invitation, Membership, Organization
from organizations.tasks import send_invitation_on_commit
from organizations.two_factor import SECOND_FACTORS

logger = logging.getLogger(__name__)


def my_groups(request):
    return organizations_of(request.user)


def _is_coordinator(user, organization) -> bool:
    return organization.is_coordinator(user)


def group_view(*, methods=("GET", "POST"), coordinators_only=False):
    """The group, one the user belongs to, passed to the view instead of its id; with
    `coordinators_only`, a 403 for its other members. organizations.access.object_view says in
    what order."""
    return object_view(
        my_groups,
        methods=methods,
        permitted=_is_coordinator if coordinators_only else None,
        forbidden=gettext_lazy("Only the group's coordinators can do this."),
    )


def _detail_url(organization, anchor=""):
    return reverse("organizations:detail", args=[organization.pk]) + (f"#{anchor}" if anchor else "")


def _render_detail(request, organization, *, status=200, **forms):
    is_coordinator = organization.is_coordinator(request.user)
    context = {
        "organization": organization,
        "memberships": organization.memberships.select_related("user").order_by("role", "user__username"),
        "my_membership": organization.memberships.get(user=request.user),
        "is_coordinator": is_coordinator,
        "roles": Membership.Role.choices,
    }
    if is_coordinator:
        context.update(
            add_member_form=forms.get("add_member_form")
            or AddMemberForm(organization=organization, invited_by=request.user),
            invitation_form=forms.get("invitation_form")
            or InvitationForm(organization=organization, invited_by=request.user),
            pending_invitations=organization.invitations.pending().select_related("invited_by"),
            two_factor_form=forms.get("two_factor_form")
            or TwoFactorPolicyForm(instance=organization, coordinator=request.user),
            members_without_two_factor=members_without_two_factor(organization),
            # Requests from other groups' applications (permits.CoOrganizerInvitation), read through
            # the reverse relation: organizations does not import permits.
            co_organizer_requests=organization.co_organizer_invitations.pending().select_related(
                "application__organization", "invited_by"
            ),
        )
    return render(request, "organizations/organization_detail.html", context, status=status)


def members_without_two_factor(organization):

    return [
        m.user
        for m in organization.memberships.select_related("user").exclude(user__authenticator__type__in=SECOND_FACTORS)
    ]


@login_required
@require_http_methods(["GET", "HEAD"])
def organization_list(request):
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("organization")
        .annotate(member_count=Count("organization__memberships"))
        .order_by("organization__name")
    )
    invitations = Invitation.objects.addressed_to(request.user).select_related("organization", "invited_by")
    return render(
        request, "organizations/organization_list.html", {"memberships": memberships, "invitations": invitations}
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def organization_create(request):
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organization = Organization.create_with_coordinator(creator=request.user, **form.cleaned_data)
        messages.success(request, _("Group created. You are its coordinator."))
        return redirect(_detail_url(organization))
    return render(request, "organizations/organization_form.html", {"form": form})


@group_view(methods=("GET",))
def organization_detail(request, organization):
    return _render_detail(request, organization)


@group_view(coordinators_only=True)
def organization_edit(request, organization):
    form = OrganizationForm(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Group saved."))
        return redirect(_detail_url(organization))
    return render(request, "organizations/organization_form.html", {"form": form, "organization": organization})


@group_view(methods=("POST",), coordinators_only=True)
def member_add(request, organization):
    form = AddMemberForm(request.POST, organization=organization, invited_by=request.user)
    if not form.is_valid():
        return _render_detail(request, organization, add_member_form=form)
    invitation = form.save()
    send_invitation_on_commit(invitation)
    # The same words whether or not the account exists: the page is no username oracle.
    messages.success(
        request,
        _("If there is a Ruqsat account “%(username)s”, its owner gets your invitation. They join when they accept it.")
        % {"username": invitation.username},
    )
    return redirect(_detail_url(organization, "invitations"))


# One sentence per role: the role reads in lower case mid-sentence, and each language puts it in the
# case its grammar needs (a role name alone cannot be declined).
NOW_IN_ROLE = {
    Membership.Role.COORDINATOR: gettext_lazy("%(user)s is now a coordinator."),
    Membership.Role.MEMBER: gettext_lazy("%(user)s is now a member."),
    Membership.Role.LEGAL: gettext_lazy("%(user)s is now a legal volunteer."),
}


@group_view(methods=("POST",), coordinators_only=True)
def member_role(request, organization, membership_id):
    membership = get_object_or_404(organization.memberships.select_related("user"), pk=membership_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pick one of the roles in the list."))
        return redirect(_detail_url(organization, "members"))
    try:
        membership.change_role(form.cleaned_data["role"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        sentence = NOW_IN_ROLE.get(membership.role, gettext_lazy("%(user)s is now %(role)s."))
        messages.success(
            request, sentence % {"user": membership.user.display_name, "role": membership.get_role_display()}
        )
    return redirect(_detail_url(organization, "members"))


@group_view(coordinators_only=True)
def member_remove(request, organization, membership_id):
    membership = get_object_or_404(organization.memberships.select_related("user"), pk=membership_id)
    if request.method == "POST":
        try:
            membership.leave()
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(_detail_url(organization, "members"))
        messages.success(request, _("%(user)s is no longer a member.") % {"user": membership.user.display_name})
        if membership.user == request.user:
            return redirect("organizations:list")
        return redirect(_detail_url(organization, "members"))
    return render(
        request,
        "organizations/confirm.html",
        {
            "organization": organization,
            "question": _("Remove %(user)s from %(organization)s?")
            % {"user": membership.user.display_name, "organization": organization.name},
            "consequence": _("They will no longer see the group's applications."),
            "confirm_label": _("Remove"),
        },
    )


@group_view()
def organization_leave(request, organization):
    membership = organization.memberships.get(user=request.user)
    if request.method == "POST":
        try:
            membership.leave()
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(_detail_url(organization))
        messages.success(request, _("You left %(organization)s.") % {"organization": organization.name})
        return redirect("organizations:list")
    return render(
        request,
        "organizations/confirm.html",
        {
            "organization": organization,
            "question": _("Leave %(organization)s?") % {"organization": organization.name},
            "consequence": _("You will no longer see the group's applications. A coordinator can add you again."),
            "confirm_label": _("Leave the group"),
        },
    )


@group_view(methods=("POST",), coordinators_only=True)
def invitation_create(request, organization):
    form = InvitationForm(request.POST, organization=organization, invited_by=request.user)
    if not form.is_valid():
        return _render_detail(request, organization, invitation_form=form)
    invitation = form.save()
    if not invitation.email:
        messages.success(request, _("Invitation link created. Share it with the person you invite: it works once."))
        return redirect(_detail_url(organization, "invitations"))
    try:
        invitation.send_email(accept_url=request.build_absolute_uri(invitation.get_absolute_url()))
    except (smtplib.SMTPException, OSError):
        logger.exception("Invitation %s: the email could not be sent", invitation.pk)
        messages.warning(
            request,
            _("The invitation is ready, but the email could not be sent. Copy its link below and send it yourself."),
        )
    else:
        messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
    return redirect(_detail_url(organization, "invitations"))


@group_view(methods=("POST",), coordinators_only=True)
def invitation_revoke(request, organization, invitation_id):
    invitation = get_object_or_404(organization.invitations, pk=invitation_id)
    if invitation.state == "pending":
        invitation.revoke()
        messages.success(request, _("Invitation revoked: its link no longer works."))
    else:
        messages.info(request, _("That invitation was no longer pending."))
    return redirect(_detail_url(organization, "invitations"))


class InvitationAcceptView(View):
    """The page behind every invitation link (SingleUseLink): one state machine for a group's
    invitations here and an appeal's (appeals.views). Open to anyone holding the link: a visitor
    is sent to log in or sign up and comes back here. An unknown token is a 404 for every method,
    before the method is checked; a used, revoked or expired link a 410; accepting needs an
    account that verified the invited address (SingleUseLink.may_be_accepted_by)."""

    links = None  # the invitations, with what the page shows of them
    template_name = ""
    holder_state = ""  # shown to someone who already has what the link gives; the link stays usable
    reopened_state = ""  # if set: shown, instead of the 410, to the person who accepted it and still holds it

    def context(self, invitation) -> dict:
        raise NotImplementedError

    def holds(self, invitation, user) -> bool:
        """Whether `user` already has what accepting gives (a membership, an assignment)."""
        raise NotImplementedError

    def accepted(self, request, invitation):
        """The response once `invitation` is accepted."""
        raise NotImplementedError

    def render(self, request, context, status=200):
        return render(request, self.template_name, context, status=status)

    def dispatch(self, request, token):
        invitation = self.links.filter(token=token).first()
        if invitation is None:
            return self.render(request, {"state": "unknown"}, status=404)
        if request.method not in ("GET", "HEAD", "POST"):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        context = {"invitation": invitation, **self.context(invitation), "state": invitation.state}
        if context["state"] != "pending":
            if (
                self.reopened_state
                and context["state"] == "accepted"
                and invitation.accepted_by_id == request.user.pk
                and self.holds(invitation, request.user)
            ):
                context["state"] = self.reopened_state  # the link opened again from the email: show the way in
                return self.render(request, context)
            return self.render(request, context, status=410)
        if not request.user.is_authenticated:
            if request.method == "POST":
                return redirect_to_login(request.get_full_path())
            return self.render(request, context)
        if self.holds(invitation, request.user):
            # Not used up: the link may have been meant for someone else on this device.
            context["state"] = self.holder_state
            return self.render(request, context)
        if not invitation.may_be_accepted_by(request.user):
            # Sent to an address this account has not verified: refused, and the link stays usable.
            context["state"] = "wrong_account"
            # A page that explains (200) on GET, as for "already a member"; refusing a POST is a 403.
            status = 403 if request.method == "POST" else 200
            return self.render(request, context, status=status)
        if request.method == "POST":
            try:
                invitation.accept(request.user)
            except ValidationError:  # used or revoked a moment ago, by another tab or person
                invitation.refresh_from_db()
                context["state"] = invitation.state
                return self.render(request, context, status=410)
            return self.accepted(request, invitation)
        return self.render(request, context)


class GroupInvitationAcceptView(InvitationAcceptView):
    links = Invitation.objects.select_related("organization", "invited_by")
    template_name = "organizations/invitation_accept.html"
    holder_state = "already_member"

    def context(self, invitation) -> dict:
        return {"organization": invitation.organization}

    def holds(self, invitation, user) -> bool:
        return invitation.organization.memberships.filter(user=user).exists()

    def accepted(self, request, invitation):
        messages.success(request, _("Welcome to %(organization)s.") % {"organization": invitation.organization.name})
        return redirect(_detail_url(invitation.organization))


invitation_accept = GroupInvitationAcceptView.as_view()


@group_view(methods=("POST",), coordinators_only=True)
def organization_two_factor(request, organization):
    form = TwoFactorPolicyForm(request.POST, instance=organization, coordinator=request.user)
    if not form.is_valid():
        return _render_detail(request, organization, two_factor_form=form)
    form.save()
    if organization.require_two_factor:
        messages.success(request, _("Two-factor authentication is now required in this group."))
    else:
        messages.success(request, _("Two-factor authentication is no longer required in this group."))
    return redirect(_detail_url(organization, "security"))
