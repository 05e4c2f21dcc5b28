"""The lifecycle verbs as pages: file a draft, record the decision, withdraw, mark held, cancel.

Each view fetches the application the user may edit, validates a form and calls one verb on the
model; a ValidationError the verb raises (a transition that is not allowed, a refusal without a
ground) lands on the form."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from permits.forms import (
    DecisionForm,
    FileForm,
    StatusChangeForm,
    add_validation_error,
    all_valid,
    ground_formset,
)
from permits.views.lookup import application_view, editable_applications


def _not_allowed_warning(application, verb):
    if application.can(verb):
        return None
    return _("This is not possible while the application is %(status)s.") % {"status": application.get_status_display()}


@application_view(editable_applications)
def application_file(request, application):
    initial = {
        "filed_on": timezone.localdate(),
        "reference_number": application.reference_number,
        "channel": application.channel,
    }
    form = FileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application.file(
                on=data["filed_on"],
                reference_number=data["reference_number"],
                channel=data["channel"],
                by=request.user,
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The application is recorded as filed."))
            return redirect("permits:application_detail", pk=application.pk)
    context = {
        "application": application,
        "form": form,
        "heading": _("File the application"),
        "submit": _("Record as filed"),
        "warning": _not_allowed_warning(application, "file"),
    }
    return render(request, "permits/status_change.html", context)


@application_view(editable_applications)
def application_decide(request, application):
    form = DecisionForm(request.POST or None)
    grounds = ground_formset(request.POST or None)
    if request.method == "POST" and all_valid(form, grounds):
        try:
            application.record_decision(**form.cleaned_data, grounds=grounds.grounds(), by=request.user)
        except ValidationError as error:
            add_validation_error(form, error, elsewhere={"grounds": grounds})
        else:
            messages.success(request, _("The decision is recorded."))
            return redirect("permits:application_detail", pk=application.pk)
    context = {
        "application": application,
        "form": form,
        "grounds": grounds,
        "warning": _not_allowed_warning(application, "record_decision"),
    }
    return render(request, "permits/decision_form.html", context)


# verb → (page heading, submit label, message after success)
STATUS_CHANGES = {
    "withdraw": (
        gettext_lazy("Withdraw the application"),
        gettext_lazy("Withdraw"),
        gettext_lazy("The application is withdrawn."),
    ),
    "mark_held": (
        gettext_lazy("The assembly was held"),
        gettext_lazy("Mark as held"),
        gettext_lazy("The assembly is recorded as held."),
    ),
    "cancel": (
        gettext_lazy("Cancel the assembly"),
        gettext_lazy("Cancel the assembly"),
        gettext_lazy("The assembly is recorded as cancelled."),
    ),
}


def _status_change(request, application, verb):
    heading, submit, done = STATUS_CHANGES[verb]
    form = StatusChangeForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            getattr(application, verb)(on=form.cleaned_data["on"], note=form.cleaned_data["note"], by=request.user)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, done)
            return redirect("permits:application_detail", pk=application.pk)
    context = {
        "application": application,
        "form": form,
        "heading": heading,
        "submit": submit,
        "warning": _not_allowed_warning(application, verb),
    }
    return render(request, "permits/status_change.html", context)


@application_view(editable_applications)
def application_withdraw(request, application):
    return _status_change(request, application, "withdraw")


@application_view(editable_applications)
def application_held(request, application):
    return _status_change(request, application, "mark_held")


@application_view(editable_applications)
def application_cancel(request, application):
    return _status_change(request, application, "cancel")
