"""Deadlines on the application page: a new date with its reason, marking one done, adding one.

Each view fetches the application the user may edit (404 otherwise) and the deadline among its
deadlines, validates a small form and calls one verb (Deadline.override, Deadline.mark_done,
PermitApplication.add_custom_deadline); a ValidationError the verb raises lands on the form, and the
page is shown again with everything typed kept."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from permits.forms import CustomDeadlineForm, DeadlineOverrideForm, add_validation_error
from permits.models import Deadline
from permits.views.applications import application_page
from permits.views.lookup import application_view, editable_applications


def _deadline_of(request, application, deadline_pk) -> Deadline:
    deadline = get_object_or_404(
        Deadline.objects.editable_by(request.user).filter(application=application), pk=deadline_pk
    )
    deadline.application = application  # its time zone comes from the application's authority
    return deadline


def _with_focus_on_the_error(form):
    """The page comes back at its top: the first field in error takes the focus, so the browser
    scrolls to the form (which the template opens) without any script."""
    field = next((name for name in form.fields if name in form.errors), None)
    if field is not None:
        form.fields[field].widget.attrs["autofocus"] = True
    return form


def _back_to(application, anchor="deadlines"):
    return redirect(reverse("permits:application_detail", args=[application.pk]) + f"#{anchor}")


@application_view(editable_applications)
def deadline_override(request, application, deadline_pk):
    deadline = _deadline_of(request, application, deadline_pk)
    if request.method == "GET":
        return _back_to(application, f"deadline-{deadline.pk}")
    form = DeadlineOverrideForm(request.POST, deadline=deadline)
    if form.is_valid():
        try:
            deadline.override(
                due_on=form.cleaned_data["due_on"], reason=form.cleaned_data["override_reason"], by=request.user
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The new date is saved, with your reason."))
            return _back_to(application, f"deadline-{deadline.pk}")
    return application_page(request, application, override_form=_with_focus_on_the_error(form))


@application_view(editable_applications)
def deadline_done(request, application, deadline_pk):
    deadline = _deadline_of(request, application, deadline_pk)
    if request.method == "POST":
        if deadline.mark_done(by=request.user):
            messages.success(request, _("“%(deadline)s” is marked done.") % {"deadline": deadline.label})
        else:
            messages.info(request, _("“%(deadline)s” was already marked done.") % {"deadline": deadline.label})
    return _back_to(application, f"deadline-{deadline.pk}")


@application_view(editable_applications)
def deadline_add(request, application):
    if request.method == "GET":
        return _back_to(application)
    form = CustomDeadlineForm(request.POST)
    if form.is_valid():
        try:
            deadline = application.add_custom_deadline(
                title=form.cleaned_data["title"], due_on=form.cleaned_data["due_on"], by=request.user
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The deadline is added."))
            return _back_to(application, f"deadline-{deadline.pk}")
    return application_page(request, application, custom_deadline_form=_with_focus_on_the_error(form))
