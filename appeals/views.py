"""The appeal pages: "My appeals", opening an appeal, the workspace (grounds and arguments beside
the editor, the deadline, volunteers, revisions), comparing and restoring a revision, the Word file.

A minimal, working set: each view fetches the appeal through `Appeal.objects.visible_to(user)`
(404 otherwise), validates a form and calls one service; a caller who sees the appeal but may not
change it gets 403 from the service. A stale save shows both texts side by side (status 409)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from appeals import drafts, services, volunteers
from appeals.forms import DraftForm, InsertForm, InvitationForm, OpenAppealForm, RestoreForm, VolunteerForm
from appeals.models import (
    Appeal,
    AppealInvitation,
    AppealStatus,
    AppealVolunteer,
    Argument,
    ArgumentKind,
    DraftConflict,
    Hearing,
)
from appeals.status_forms import (
    FileAppealForm,
    HearingForm,
    HearingResultForm,
    OutcomeForm,
    VenueForm,
    mark_invalid_fields,
)
from organizations import access
from organizations.access import object_view, require
from organizations.models import INVITATION_LIFETIME
from organizations.views import InvitationAcceptView
from permits import services as permits_services
from permits.forms import add_validation_error
from permits.models import Decision, PermitApplication


def visible_appeals(request):
    return Appeal.objects.visible_to(request.user).for_list().select_related("filing_deadline__rule")


def appeal_view(methods=("GET", "POST")):
    """The appeal fetched through the access rule and passed to the view instead of its id;
    organizations.access.object_view says in what order."""
    return object_view(visible_appeals, methods=methods)


@login_required
def appeal_list(request):
    return render(request, "appeals/appeal_list.html", {"appeals": services.my_appeals(request.user)})


@login_required
def appeal_open_view(request, decision_pk):
    decision = get_object_or_404(
        Decision.objects.visible_to(request.user).select_related("application__authority"), pk=decision_pk
    )
    application = decision.application
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    initial = {"venue": Appeal.Venue.HIGHER_AUTHORITY, "language": getattr(request.user, "language", "") or "ru"}
    form = OpenAppealForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            appeal = services.appeal_open(decision=decision, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The appeal is open, with a first draft to work on."))
            return redirect("appeals:workspace", pk=appeal.pk)
    context = {"decision": decision, "application": application, "form": form}
    return render(request, "appeals/appeal_open.html", context)


def _grounds_with_arguments(appeal):
    """Each refusal ground with the library's arguments for it, in the draft's language."""
    arguments = (
        Argument.objects.for_appeal(appeal)
        .filter(kind=ArgumentKind.GROUND)
        .prefetch_related("reasons", "citations")
        .for_venue(appeal.venue)
    )
    for argument in arguments:
        argument.insert_text = drafts.argument_insert_text(argument, appeal.language)
    return [
        (ground, [a for a in arguments if any(r.pk == ground.reason_id for r in a.reasons.all())])
        for ground in appeal.decision.grounds.select_related("reason")
    ]


def _workspace(
    request,
    appeal,
    *,
    draft_form=None,
    volunteer_form=None,
    invitation_form=None,
    conflict=None,
    status_forms=None,
    status=200,
):
    draft = drafts.draft_of(appeal)
    evidence = drafts.evidence_record(appeal)
    can_assign = access.allows(Appeal.objects.coordinated_by(request.user), appeal)
    deadline = appeal.filing_deadline if appeal.filing_deadline_id else None
    if deadline is not None:
        deadline.days = deadline.days_left()
        deadline.days_past = -deadline.days
    context = {
        "appeal": appeal,
        "application": appeal.application,
        "decision": appeal.decision,
        "draft": draft,
        "draft_form": draft_form or DraftForm(initial={"text": draft.text, "version": draft.version}),
        "volunteer_form": volunteer_form or VolunteerForm(),
        "conflict": conflict,
        "deadline": deadline,
        "grounds": _grounds_with_arguments(appeal),
        "revisions": draft.revisions.select_related("author")[:30],
        "assignments": AppealVolunteer.objects.filter(appeal=appeal).select_related("user"),
        "can_work": access.allows(Appeal.objects.workable_by(request.user), appeal),
        "can_assign": can_assign,
        "invitation_form": invitation_form or InvitationForm(),
        "invitation_lifetime_days": INVITATION_LIFETIME.days,
        # The invitees' addresses are for the coordinators who invite, not for everyone on the case.
        "pending_invitations": appeal.invitations.pending().select_related("invited_by") if can_assign else [],
        "can_edit_draft": appeal.can("edit_draft"),
        "evidence": evidence,
        "evidence_text": drafts.evidence_draft_text(appeal),
        "evidence_counts_this_refusal": drafts.evidence_counts_refusal(appeal),
        "outlook": appeal.application.remedy_outlook,
        "can_refile": access.allows(PermitApplication.objects.editable_by(request.user), appeal.application),
        **_status_card(appeal, status_forms or {}),
    }
    return render(request, "appeals/workspace.html", context, status=status)


def _status_card(appeal, bound: dict) -> dict:
    """The status card: the hearings, and a form for each next step the appeal's status allows
    (`bound` holds the one just sent with its errors, shown open). Whether the reader may act is
    `can_work`, the rule the API applies (Appeal.objects.workable_by)."""
    hearings = list(appeal.hearings.all())
    open_ = appeal.is_open
    filed = appeal.status in (AppealStatus.FILED, AppealStatus.HEARING_SCHEDULED)
    forms = {
        "file_form": FileAppealForm(
            appeal=appeal, initial={"filed_on": appeal.filed_on, "case_number": appeal.case_number}
        )
        if appeal.can("file") or filed
        else None,
        "hearing_form": HearingForm(appeal=appeal) if appeal.can("schedule_hearing") else None,
        "outcome_form": OutcomeForm(appeal=appeal) if appeal.can("record_outcome") else None,
        "venue_form": VenueForm(appeal=appeal) if appeal.can("change_venue") else None,
        "can_withdraw": appeal.can("withdraw"),
    }
    result_form = bound.pop("result_form", None)
    for hearing in hearings:
        hearing.result_form = None
        if result_form is not None and result_form.prefix == f"hearing-{hearing.pk}":
            hearing.result_form = result_form
        elif open_ and not hearing.result:
            hearing.result_form = HearingResultForm(prefix=f"hearing-{hearing.pk}")
    forms.update(bound)
    for form in [*bound.values(), result_form]:
        if form is not None:
            mark_invalid_fields(form)
    return {**forms, "hearings": hearings, "status_form_sent": next(iter(bound), "")}


@appeal_view()
def workspace(request, appeal):
    if request.method != "POST":
        return _workspace(request, appeal)
    require(Appeal.objects.workable_by(request.user), appeal, forbidden=access.NOT_WORKABLE)
    form = DraftForm(request.POST)
    if not form.is_valid():
        return _workspace(request, appeal, draft_form=form, status=400)
    return _save(request, appeal, form, text=form.cleaned_data["text"], success=_("Draft saved."))


def _save(request, appeal, form, *, text, success):
    """Save `text` on the version the form was loaded at; a stale one shows both texts (409)."""
    try:
        drafts.draft_save(
            draft=drafts.draft_of(appeal), text=text, based_on_version=form.cleaned_data["version"], by=request.user
        )
    except DraftConflict as conflict:
        # Each side's changes since the version both started from; the editor keeps mine, now based
        # on the current version, so saving again (after merging) cannot overwrite their words unseen.
        rebound = DraftForm(initial={"text": text, "version": conflict.version})
        shown = drafts.conflict_comparison(
            draft=drafts.draft_of(appeal),
            based_on_version=form.cleaned_data["version"],
            current_text=conflict.text,
            current_version=conflict.version,
            mine=text,
        )
        return _workspace(request, appeal, draft_form=rebound, conflict=shown, status=409)
    except ValidationError as error:
        add_validation_error(form, error)
        return _workspace(request, appeal, draft_form=form, status=400)
    messages.success(request, success)
    return redirect("appeals:workspace", pk=appeal.pk)


# --- the status card: each view checks who may act (as the API does), validates one form and calls
# one verb or service; a bad input shows the workspace again with the form open and its errors.


def _status_url(appeal) -> str:
    return reverse("appeals:workspace", args=[appeal.pk]) + "#status-heading"


def _status_done(request, appeal, message):
    messages.success(request, message)
    return redirect(_status_url(appeal))


def _status_step(request, appeal, name, form, act, success):
    """Validate `form` and run `act(cleaned_data)`: done, back to the card with `success`; a bad
    input or a step the appeal no longer allows, the workspace again with this form open."""
    if form.is_valid():
        try:
            act(form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            return _status_done(request, appeal, success)
    return _workspace(request, appeal, status_forms={name: form}, status=400)


@appeal_view(methods=("POST",))
def appeal_file(request, appeal):
    """Mark the appeal filed (its filing deadline done); on a filed one, correct the day or the case number."""
    require(Appeal.objects.workable_by(request.user), appeal, forbidden=access.NOT_WORKABLE)
    success = (
        _("The appeal is marked as filed.")
        if appeal.status == AppealStatus.PREPARING
        else _("Filing details corrected.")
    )
    form = FileAppealForm(request.POST, appeal=appeal)
    return _status_step(
        request,
        appeal,
        "file_form",
        form,
        lambda data: services.appeal_change(appeal=appeal, by=request.user, **data),
        success,
    )


@appeal_view(methods=("POST",))
def hearing_schedule(request, appeal):
    require(Appeal.objects.workable_by(request.user), appeal, forbidden=access.NOT_WORKABLE)
    form = HearingForm(request.POST, appeal=appeal)
    return _status_step(
        request,
        appeal,
        "hearing_form",
        form,
        lambda data: appeal.schedule_hearing(by=request.user, **data),
        _("Hearing scheduled; it is now among the deadlines."),
    )


@appeal_view(methods=("POST",))
def hearing_result(request, appeal, hearing_pk):
    require(Appeal.objects.workable_by(request.user), appeal, forbidden=access.NOT_WORKABLE)
    hearing = get_object_or_404(Hearing.objects.filter(appeal=appeal), pk=hearing_pk)
    hearing.appeal = appeal

    def record(data):
        if not appeal.is_open:  # the card offers nothing on a decided or withdrawn appeal; a stale page gets this
            message = _("This appeal is %(status)s: nothing more is recorded on it.")
            raise ValidationError(message % {"status": appeal.get_status_display()})
        hearing.record_result(result=data["result"], by=request.user)

    form = HearingResultForm(request.POST, prefix=f"hearing-{hearing.pk}")
    return _status_step(request, appeal, "result_form", form, record, _("The hearing's result is recorded."))


@appeal_view(methods=("POST",))
def appeal_outcome(request, appeal):
    require(Appeal.objects.workable_by(request.user), appeal, forbidden=access.NOT_WORKABLE)
    form = OutcomeForm(request.POST, appeal=appeal)
    return _status_step(
        request,
        appeal,
        "outcome_form",
        form,
        lambda data: services.appeal_change(appeal=appeal, by=request.user, **data),
        _("The outcome is recorded."),
    )


@appeal_view(methods=("POST",))
def appeal_withdraw(request, appeal):
    require(Appeal.objects.workable_by(request.user), appeal, forbidden=access.NOT_WORKABLE)
    try:
        services.appeal_change(appeal=appeal, by=request.user, status=AppealStatus.WITHDRAWN)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_status_url(appeal))
    return _status_done(request, appeal, _("The appeal is withdrawn; its deadlines no longer remind anyone."))


@appeal_view(methods=("POST",))
def appeal_venue(request, appeal):
    require(Appeal.objects.workable_by(request.user), appeal, forbidden=access.NOT_WORKABLE)

    def change(data):
        changes = {"venue": data["venue"]}
        if data["filing_due_on"] is not None:
            changes["filing_due_on"] = data["filing_due_on"]
        services.appeal_change(appeal=appeal, by=request.user, **changes)

    form = VenueForm(request.POST, appeal=appeal)
    return _status_step(
        request, appeal, "venue_form", form, change, _("The venue is changed and its filing deadline recomputed.")
    )


@appeal_view(methods=("POST",))
def draft_insert(request, appeal):
    """Without JavaScript, an Insert button posts the editor's text with the argument (or the
    authority's record) to append; it is saved like any edit, on the version the page was loaded at."""
    require(Appeal.objects.workable_by(request.user), appeal, forbidden=access.NOT_WORKABLE)
    form = InsertForm(request.POST, appeal=appeal)
    if not form.is_valid():
        return _workspace(request, appeal, draft_form=form, status=400)
    argument = form.cleaned_data["argument"]
    if argument is not None:
        addition = drafts.argument_insert_text(argument, appeal.language)
    else:
        addition = drafts.evidence_draft_text(appeal)
    text = drafts.draft_append(text=form.cleaned_data["text"], addition=addition)
    return _save(request, appeal, form, text=text, success=_("Inserted at the end of the draft and saved."))


@appeal_view(methods=("POST",))
def plan_b(request, appeal):
    """One click: a new draft application copied from the refused one, then its edit page."""
    try:
        application, dropped = permits_services.application_refile(decision=appeal.decision, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("appeals:workspace", pk=appeal.pk)
    messages.success(
        request, _("A new application is started from the refused one: change its date or place, then file it.")
    )
    if dropped:
        names = ", ".join(group.name for group in dropped)
        messages.warning(
            request,
            _("Not copied, as you do not belong to them: %(groups)s. A member of those groups can add them.")
            % {"groups": names},
        )
    return redirect("permits:application_edit", pk=application.pk)


@appeal_view(methods=("POST",))
def volunteer_add(request, appeal):
    form = VolunteerForm(request.POST)
    if form.is_valid():
        try:
            assignment = volunteers.appeal_assign_volunteer(
                appeal=appeal, username=form.cleaned_data["username"], by=request.user
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("%(name)s is assigned to this appeal.") % {"name": assignment.user.username})
            return redirect("appeals:workspace", pk=appeal.pk)
    return _workspace(request, appeal, volunteer_form=form, status=400)


@appeal_view(methods=("POST",))
def volunteer_remove(request, appeal, username):
    assignment = get_object_or_404(
        AppealVolunteer.objects.select_related("user"), appeal=appeal, user__username=username
    )
    volunteers.appeal_remove_volunteer(appeal=appeal, user=assignment.user, by=request.user)
    messages.success(request, _("%(name)s is no longer assigned.") % {"name": username})
    return redirect("appeals:workspace", pk=appeal.pk)


def _volunteers_url(appeal) -> str:
    return reverse("appeals:workspace", args=[appeal.pk]) + "#volunteers-heading"


@appeal_view(methods=("POST",))
def invitation_create(request, appeal):
    require(Appeal.objects.coordinated_by(request.user), appeal, forbidden=access.NOT_COORDINATED)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation, mailed = volunteers.appeal_invite_and_send(
                appeal=appeal, email=form.cleaned_data["email"], by=request.user
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            if mailed:
                messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
            else:
                messages.warning(
                    request,
                    _(
                        "The invitation is ready, but the email could not be sent. "
                        "Copy its link below and send it yourself."
                    ),
                )
            return redirect(_volunteers_url(appeal))
    return _workspace(request, appeal, invitation_form=form, status=400)


@appeal_view(methods=("POST",))
def invitation_revoke(request, appeal, appeal_invitation_pk):
    require(Appeal.objects.coordinated_by(request.user), appeal, forbidden=access.NOT_COORDINATED)
    invitation = get_object_or_404(appeal.invitations.select_related("appeal"), pk=appeal_invitation_pk)
    try:
        revoked = volunteers.appeal_invitation_revoke(invitation=invitation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if revoked:
            messages.success(request, _("Invitation revoked: its link no longer works."))
        else:
            messages.info(request, _("That invitation was no longer pending."))
    return redirect(_volunteers_url(appeal))


class AppealInvitationAcceptView(InvitationAcceptView):
    """Accepting assigns the person to the appeal, nothing else: no membership of a group."""

    links = AppealInvitation.objects.select_related("appeal__application__organization", "invited_by")
    template_name = "appeals/invitation_accept.html"
    holder_state = "already_assigned"
    reopened_state = "accepted_by_you"

    def context(self, invitation) -> dict:
        return {"appeal": invitation.appeal, "organization": invitation.appeal.application.organization}

    def holds(self, invitation, user) -> bool:
        return invitation.appeal.volunteer_assignments.filter(user=user).exists()

    def accepted(self, request, invitation):
        messages.success(request, _("You are assigned to this appeal: the case and the draft are open to you."))
        return redirect("appeals:workspace", pk=invitation.appeal_id)


invitation_accept = AppealInvitationAcceptView.as_view()


@appeal_view(methods=("POST",))
def draft_regenerate(request, appeal):
    try:
        proposal = drafts.draft_regenerate(appeal=appeal, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("appeals:workspace", pk=appeal.pk)
    messages.info(request, _("A new draft is proposed beside yours: compare it, and use it only if you want to."))
    return redirect("appeals:revision", pk=appeal.pk, revision_pk=proposal.pk)


@appeal_view()
def revision(request, appeal, revision_pk):
    """One revision compared with the current text; POST makes it the current text."""
    draft = drafts.draft_of(appeal)
    chosen = get_object_or_404(draft.revisions.select_related("author"), pk=revision_pk)
    form = RestoreForm(request.POST or None, initial={"version": draft.version})
    if request.method == "POST" and form.is_valid():
        try:
            drafts.draft_restore(
                draft=draft, revision=chosen, based_on_version=form.cleaned_data["version"], by=request.user
            )
        except DraftConflict:
            messages.error(request, _("Someone saved the draft meanwhile: compare again before restoring."))
            return redirect("appeals:revision", pk=appeal.pk, revision_pk=chosen.pk)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("That text is now the current draft; the previous one is kept."))
            return redirect("appeals:workspace", pk=appeal.pk)
    context = {
        "appeal": appeal,
        "chosen": chosen,
        "comparison": drafts.draft_compare(draft, chosen),
        "form": form,
        "can_work": access.allows(Appeal.objects.workable_by(request.user), appeal) and appeal.can("edit_draft"),
    }
    return render(request, "appeals/revision.html", context)


@appeal_view(methods=("GET",))
def draft_docx(request, appeal):
    try:
        filename, content = drafts.draft_export_docx(appeal)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("appeals:workspace", pk=appeal.pk)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
