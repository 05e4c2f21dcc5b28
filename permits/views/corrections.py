"""Correcting the record (issue 13): a document re-classified, replaced or deleted; a decision
corrected or voided; a timeline entry edited or deleted.

Each view reaches the application through the access rule (editable_applications: a 404 for anyone
who may not change it), the object through the application, validates a form and calls one verb;
a ValidationError the verb raises lands on the form, with everything typed kept."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from permits.correction_forms import DocumentCorrectionForm, ground_formset_for
from permits.forms import DecisionForm, TimelineEntryForm, add_validation_error, all_valid
from permits.views.lookup import application_view, editable_applications


def _back(application, anchor):
    return redirect(reverse("permits:application_detail", args=[application.pk]) + anchor)


def _confirm(request, application, *, heading, text, submit, cancel_anchor, error=None):
    context = {
        "application": application,
        "heading": heading,
        "text": text,
        "submit": submit,
        "cancel_url": reverse("permits:application_detail", args=[application.pk]) + cancel_anchor,
        "error": error,
    }
    return render(request, "permits/confirm.html", context, status=400 if error else 200)


# --- documents ---------------------------------------------------------------------------------


@application_view(editable_applications)
def document_edit(request, application, document_pk):
    document = get_object_or_404(application.documents, pk=document_pk)
    initial = {"kind": document.kind, "title": document.title}
    form = DocumentCorrectionForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["file"]:
                document.replace_file(data["file"], by=request.user)
            document.reclassify(kind=data["kind"], title=data["title"], by=request.user)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The document is corrected."))
            return _back(application, "#documents")
    context = {"application": application, "document": document, "form": form}
    return render(request, "permits/document_edit.html", context, status=400 if form.errors else 200)


@application_view(editable_applications)
def document_delete(request, application, document_pk):
    document = get_object_or_404(application.documents, pk=document_pk)
    if request.method == "POST":
        document.remove(by=request.user)
        messages.success(request, _("The document is deleted and its file removed from the server."))
        return _back(application, "#documents")
    return _confirm(
        request,
        application,
        heading=_("Delete this document?"),
        text=_(
            "“%(title)s” (%(kind)s). The file is removed from the server at once and cannot be brought back; "
            "the history keeps that a document of this kind existed and who deleted it."
        )
        % {"title": document.title, "kind": document.get_kind_display()},
        submit=_("Delete the document"),
        cancel_anchor="#documents",
    )


# --- decisions ---------------------------------------------------------------------------------


@application_view(editable_applications)
def decision_correct(request, application, decision_pk):
    decision = get_object_or_404(application.decisions.prefetch_related("grounds__reason"), pk=decision_pk)
    form = DecisionForm(request.POST or None, instance=decision)
    grounds = ground_formset_for(decision, request.POST or None)
    if request.method == "POST" and all_valid(form, grounds):
        try:
            decision.correct(**form.cleaned_data, grounds=grounds.grounds(), by=request.user)
        except ValidationError as error:
            add_validation_error(form, error, elsewhere={"grounds": grounds})
        else:
            messages.success(request, _("The decision is corrected."))
            return _back(application, f"#decision-{decision.pk}")
    context = {
        "application": application,
        "form": form,
        "grounds": grounds,
        "heading": _("Correct the decision"),
        "submit": _("Save the correction"),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "permits/decision_form.html", context, status=status)


@application_view(editable_applications)
def decision_void(request, application, decision_pk):
    decision = get_object_or_404(application.decisions, pk=decision_pk)
    error = None
    if request.method == "POST":
        try:
            decision.void(by=request.user)
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            messages.success(request, _("The decision is voided; the application is filed again."))
            return _back(application, "#timeline")
    return _confirm(
        request,
        application,
        heading=_("Void this decision?"),
        text=_(
            "The decision (%(outcome)s of %(date)s) is taken off the record: the application is filed again, "
            "the deadlines that followed from the decision are removed and the timeline says so. To fix a date "
            "or a ground, correct the decision instead."
        )
        % {"outcome": decision.get_outcome_display(), "date": date_format(decision.decided_on, "DATE_FORMAT")},
        submit=_("Void the decision"),
        cancel_anchor=f"#decision-{decision.pk}",
        error=error,
    )


# --- timeline entries ------------------------------------------------------------------------------


def _entry_or_refusal(request, application, entry_pk):
    """The entry, or a message saying why this person may not change it (an entry Ruqsat wrote,
    another member's)."""
    entry = get_object_or_404(application.timeline, pk=entry_pk)
    try:
        entry.require_changeable(request.user)
    except (ValidationError, PermissionDenied) as refusal:
        return entry, " ".join(getattr(refusal, "messages", None) or [str(refusal)])
    return entry, None


@application_view(editable_applications)
def timeline_edit(request, application, entry_pk):
    entry, refusal = _entry_or_refusal(request, application, entry_pk)
    if refusal:
        messages.error(request, refusal)
        return _back(application, "#timeline")
    form = TimelineEntryForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        try:
            entry.edit(by=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            add_validation_error(form, error if isinstance(error, ValidationError) else ValidationError(str(error)))
        else:
            messages.success(request, _("The entry is corrected."))
            return _back(application, "#timeline")
    context = {"application": application, "entry": entry, "form": form}
    return render(request, "permits/timeline_entry_form.html", context, status=400 if form.errors else 200)


@application_view(editable_applications)
def timeline_delete(request, application, entry_pk):
    entry, refusal = _entry_or_refusal(request, application, entry_pk)
    if refusal:
        messages.error(request, refusal)
        return _back(application, "#timeline")
    if request.method == "POST":
        entry.remove(by=request.user)
        messages.success(request, _("The entry is deleted from the timeline."))
        return _back(application, "#timeline")
    return _confirm(
        request,
        application,
        heading=_("Delete this timeline entry?"),
        text=_("“%(summary)s”. The history keeps what it said and who deleted it.") % {"summary": entry.summary},
        submit=_("Delete the entry"),
        cancel_anchor="#timeline",
    )
