"""Applications: the list, "New application", the application page, edit and delete."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from organizations.models import editable_organization_ids
from permits.forms import (
    ApplicationFilterForm,
    ApplicationForm,
    DocumentForm,
    TimelineEntryForm,
    add_validation_error,
    all_valid,
    applicant_formset,
)
from permits.models import PermitApplication
from permits.services import application_create, check_organizations, set_applicants
from permits.views.lookup import application_view, editable_application, may_edit, visible_application

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
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "permits/application_list.html", {"form": form, "page": page})


def _has_lead_group(user) -> bool:
    return editable_organization_ids(user).exists()


@login_required
@require_http_methods(["GET", "POST"])
def application_create_view(request):
    form = ApplicationForm(request.POST or None, user=request.user)
    applicants = applicant_formset(request.POST or None)
    if request.method == "POST" and all_valid(form, applicants):
        data = form.cleaned_data
        fields = {name: data[name] for name in form.Meta.fields if name not in ("co_organizers", "filed_on")}
        try:
            application = application_create(
                by=request.user,
                co_organizers=list(data["co_organizers"]),
                applicant_names=applicants.names(),
                filed_on=data.get("filed_on"),
                **fields,
            )
        except ValidationError as error:
            add_validation_error(form, error, elsewhere={"applicants": applicants})
        else:
            messages.success(request, _("The application is saved."))
            return redirect("permits:application_detail", pk=application.pk)
    context = {"form": form, "applicants": applicants, "has_lead_group": _has_lead_group(request.user)}
    return render(request, "permits/application_form.html", context)


# Dates are changed through PermitApplication.change_dates, which recomputes the deadlines that
# follow from them; a draft gets its filing date only through file().
DATE_FIELDS = ("starts_at", "ends_at", "filed_on")


@transaction.atomic
def _save_changes(form, applicants, *, by):
    """Apply an edit: fields, dates, co-organizers, applicants, and filing a draft when a date is given.

    Co-organizers already on the application stay even if this user is not in those groups;
    only groups added now must be the user's own (permits.services.check_organizations)."""
    data = form.cleaned_data
    # Apply only what the user changed, to the row as it is now, locked: a verb run meanwhile
    # (another tab, another person) is neither overwritten nor repeated.
    application = PermitApplication.objects.select_for_update().get(pk=form.instance.pk)
    existing = set(application.co_organizers.values_list("pk", flat=True))
    added = [o for o in data["co_organizers"] if o.pk not in existing]
    check_organizations(user=by, organization=data["organization"], co_organizers=added)

    changed = set(form.changed_data)
    date_changes = {name: data[name] for name in DATE_FIELDS if name in changed}
    file_on = date_changes.pop("filed_on", None) if application.is_draft else None
    plain = sorted(changed - set(DATE_FIELDS) - {"co_organizers"})
    for name in plain:
        setattr(application, name, data[name])
    if plain:
        application.save(update_fields=[*plain, "updated_at"])
    if date_changes:
        application.change_dates(by=by, **date_changes)
    application.co_organizers.set(data["co_organizers"])
    set_applicants(application, applicants.names())
    if file_on:
        application.file(on=file_on, by=by)
    return application


@application_view(editable_application)
def application_edit(request, application):
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
    context = {"form": form, "applicants": applicants, "application": application, "has_lead_group": True}
    return render(request, "permits/application_form.html", context)


@application_view(editable_application)
def application_delete(request, application):
    error = None
    if not application.is_draft:
        error = _("Only a draft can be deleted; this application is %(status)s.") % {
            "status": application.get_status_display()
        }
    elif request.method == "POST":
        application.delete()
        messages.success(request, _("The draft is deleted."))
        return redirect("permits:application_list")
    return render(request, "permits/application_delete.html", {"application": application, "error": error})


def application_page(request, application, *, timeline_form=None, document_form=None):
    """The application page; also re-shown with a bound timeline or upload form that has errors."""
    can_edit = may_edit(request, application)
    actions = [
        {"url_name": url_name, "label": label, "style": style}
        for verb, url_name, label, style in ACTIONS
        if can_edit and application.can(verb)
    ]
    context = {
        "application": application,
        "can_edit": can_edit,
        "actions": actions,
        "applicants": application.applicants.all(),
        "co_organizers": application.co_organizers.all(),
        "decisions": application.decisions.prefetch_related("grounds__reason").select_related("recorded_by"),
        "timeline": application.timeline.select_related("created_by"),
        "documents": application.documents.select_related("uploaded_by"),
        "timeline_form": (timeline_form or TimelineEntryForm()) if can_edit else None,
        "document_form": (document_form or DocumentForm()) if can_edit else None,
    }
    return render(request, "permits/application_detail.html", context)


@application_view(visible_application, methods=("GET",))
def application_detail(request, application):
    return application_page(request, application)
