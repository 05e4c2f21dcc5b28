"""Applications: the list, "New application", the application page, edit and delete."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from config.paginator import CappedPaginator
from organizations import access
from permits.authority_forms import MissingAuthorityForm
from permits.forms import (
    ApplicationFilterForm,
    ApplicationForm,
    DocumentForm,
    TimelineEntryForm,
    add_validation_error,
    all_valid,
    applicant_formset,
)
from permits.models import Document, PermitApplication
from permits.services import application_create, application_update
from permits.views.deadline_panel import deadline_panel
from permits.views.lookup import application_view, editable_applications, visible_applications

PAGE_SIZE = 20

# Lifecycle actions offered on the application page: verb, URL name, label, button style.
ACTIONS = [
    ("file", "permits:application_file", gettext_lazy("File"), "btn-primary"),
    ("record_decision", "permits:application_decide", gettext_lazy("Record the decision"), "btn-primary"),
    ("mark_held", "permits:application_held", gettext_lazy("Mark as held"), "btn-outline-success"),
    ("withdraw", "permits:application_withdraw", gettext_lazy("Withdraw"), "btn-outline-secondary"),
    ("cancel", "permits:application_cancel", gettext_lazy("Cancel the assembly"), "btn-outline-secondary"),
]


@login_required
def application_list(request):
    form = ApplicationFilterForm(request.GET, user=request.user)
    applications = form.filter(PermitApplication.objects.visible_to(request.user).for_list())
    # A coalition's list can hold 100,000 rows: count no further than needed (bench/, README).
    page = CappedPaginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "permits/application_list.html", {"form": form, "page": page})


def _has_lead_group(user) -> bool:
    return access.organizations_of(user, access.EDITING_ROLES).exists()


@login_required
@require_http_methods(["GET", "POST"])
def application_create_view(request):
    if ADD_AUTHORITY in request.POST:
        return _missing_authority(request)
    form = ApplicationForm(request.POST or None, user=request.user)
    applicants = applicant_formset(request.POST or None)
    attaching = request.method == "POST" and bool(request.FILES.get("document-file"))
    document_form = _filing_scan_form(request, attaching=attaching)
    if request.method == "POST" and all_valid(form, applicants, *([document_form] if attaching else [])):
        data = form.cleaned_data
        fields = {name: data[name] for name in form.Meta.fields if name not in ("co_organizers", "filed_on")}
        try:
            with transaction.atomic():
                application = application_create(
                    by=request.user,
                    co_organizers=list(data["co_organizers"]),
                    applicant_names=applicants.names(),
                    filed_on=data.get("filed_on"),
                    **fields,
                )
                if attaching:
                    document_form.instance.application = application
                    document_form.save()
        except ValidationError as error:
            add_validation_error(form, error, elsewhere={"applicants": applicants})
        else:
            messages.success(request, _("The application is saved."))
            return redirect("permits:application_detail", pk=application.pk)
    context = {
        "form": form,
        "applicants": applicants,
        "document_form": document_form,
        "has_lead_group": _has_lead_group(request.user),
        "authority_form": MissingAuthorityForm(user=request.user),
    }
    return render(request, "permits/application_form.html", context)


def _filing_scan_form(request, *, attaching: bool):
    """A scan of the filing can come with the form: the application page's upload (DocumentForm and
    its checks), bound only when a file was sent, since the attachment is optional here."""
    document_form = DocumentForm(
        request.POST if attaching else None,
        request.FILES if attaching else None,
        prefix="document",
        initial={"kind": Document.Kind.FILING},
        instance=Document(uploaded_by=request.user),
    )
    # Beside the application's own "Title", the scan's must be told apart (by eye and by a screen reader).
    document_form.fields["title"].label = _("Title of the document")
    if not attaching:
        # Optional here: no asterisk on a section the person may skip (checked in full once a file comes).
        for field in document_form.fields.values():
            field.required = False
    return document_form


# The name of the application form's "Add this authority" button ("My authority is missing").
ADD_AUTHORITY = "add_authority"


def _missing_authority(request, application=None):
    """ "My authority is missing", posted with the application form: add the authority for the lead
    group (private to it until an editor reviews it) and show the form again with it chosen and
    everything typed kept — nothing of the application is saved or judged yet."""
    authority_form = MissingAuthorityForm(
        request.POST, user=request.user, lead=application.organization if application else None
    )
    values = {}
    if authority_form.is_valid():
        authority = authority_form.save()
        values["authority"] = authority.pk
        messages.success(
            request,
            _("“%(name)s” is added for %(group)s and chosen below. A site editor will look at it for every group.")
            % {"name": authority.name, "group": authority_form.lead.name},
        )
        authority_form = MissingAuthorityForm(user=request.user)
    form = ApplicationForm.carried_over(request.POST, user=request.user, instance=application, **values)
    names = list(application.applicants.values_list("name", flat=True)) if application else ()
    context = {
        "form": form,
        "applicants": applicant_formset(request.POST, names=names),
        "application": application,
        "has_lead_group": True if application else _has_lead_group(request.user),
        "authority_form": authority_form,
    }
    if application is None:
        context["document_form"] = _filing_scan_form(request, attaching=False)
        # A browser does not send a chosen file again once the page comes back: say so.
        context["scan_dropped"] = bool(request.FILES.get("document-file"))
    return render(request, "permits/application_form.html", context)


def _save_changes(form, applicants, *, by):
    """The edit form's changes, through the one edit rule the API uses too (application_update).
    Only what the person changed: a field someone else changed meanwhile is not overwritten."""
    return application_update(
        application=form.instance,
        by=by,
        changes={name: form.cleaned_data[name] for name in form.changed_data if name != "co_organizers"},
        co_organizers=list(form.cleaned_data["co_organizers"]),
        applicant_names=applicants.names(),
    )


@application_view(editable_applications)
def application_edit(request, application):
    if ADD_AUTHORITY in request.POST:
        return _missing_authority(request, application)
    form = ApplicationForm(request.POST or None, instance=application, user=request.user)
    names = list(application.applicants.values_list("name", flat=True))
    applicants = applicant_formset(request.POST or None, names=names)
    if request.method == "POST" and all_valid(form, applicants):
        try:
            _save_changes(form, applicants, by=request.user)
        except ValidationError as error:
            add_validation_error(form, error, elsewhere={"applicants": applicants})
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect("permits:application_detail", pk=application.pk)
    context = {
        "form": form,
        "applicants": applicants,
        "application": application,
        "has_lead_group": True,
        "authority_form": MissingAuthorityForm(user=request.user),
    }
    return render(request, "permits/application_form.html", context)


@application_view(editable_applications)
def application_delete(request, application):
    error = None
    if not application.is_draft:
        error = _("Only a draft can be deleted; this application is %(status)s.") % {
            "status": application.get_status_display()
        }
    elif request.method == "POST":
        application.delete_draft(by=request.user)
        messages.success(request, _("The draft is deleted."))
        return redirect("permits:application_list")
    return render(request, "permits/application_delete.html", {"application": application, "error": error})


def application_page(
    request,
    application,
    *,
    timeline_form=None,
    document_form=None,
    override_form=None,
    custom_deadline_form=None,
):
    """The application page; also re-shown with a bound form that has errors (timeline entry, upload,
    a deadline's new date, a custom deadline), with everything typed kept."""
    can_edit = access.allows(PermitApplication.objects.editable_by(request.user), application)
    actions = [
        {"url_name": url_name, "label": label, "style": style}
        for verb, url_name, label, style in ACTIONS
        if can_edit and application.can(verb)
    ]
    decisions = list(application.decisions.prefetch_related("grounds__reason").select_related("recorded_by"))
    documents = list(application.documents.select_related("uploaded_by"))
    panel = deadline_panel(
        application,
        user=request.user,
        can_edit=can_edit,
        decisions=decisions,
        documents=documents,
        override_form=override_form,
        custom_form=custom_deadline_form,
    )
    if document_form is None and can_edit:
        # No proof of registration yet: the upload form offers that kind first.
        wants_proof = application.filed_on and not panel["filing_documents"]
        document_form = DocumentForm(initial={"kind": Document.Kind.FILING} if wants_proof else None)
    context = {
        "application": application,
        "can_edit": can_edit,
        "actions": actions,
        "applicants": application.applicants.all(),
        "co_organizers": application.co_organizers.all(),
        "pending_co_organizers": [
            i.organization for i in application.co_organizer_invitations.pending().select_related("organization")
        ]
        if can_edit
        else [],
        "decisions": decisions,
        # Each entry says whether this reader may edit or delete it (issue 13), in the same query.
        "timeline": application.timeline.visible_to(request.user)
        .select_related("created_by")
        .with_changeable_by(request.user),
        "documents": documents,
        "timeline_form": (timeline_form or TimelineEntryForm()) if can_edit else None,
        "document_form": document_form if can_edit else None,
        **panel,
    }
    return render(request, "permits/application_detail.html", context)


@application_view(visible_applications, methods=("GET",))
def application_detail(request, application):
    return application_page(request, application)
