"""Prepare a filing: the interview page (permits.filing). One verb, filing_prepare(); what is
missing lands beside its field and in a summary naming the article that asks for it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from permits.filing import answers as filing_answers
from permits.filing.forms import FilingForm, organizer_formset
from permits.filing.requirements import requirements
from permits.filing.services import (
    DOCX,
    FilingIncomplete,
    NotADraft,
    filing_prepare,
    remembered_details,
    starting_answers,
    window_for,
)
from permits.forms import add_validation_error, all_valid
from permits.views.lookup import application_view, editable_applications


def _initial(answers, remembered) -> dict:
    initial = {name: answers.value(name) for name in filing_answers.FROM_APPLICATION}
    initial.update(
        language=answers.language,
        order_and_safety=answers.order_and_safety,
        medical_help=answers.medical_help,
        sound_equipment=answers.sound_equipment,
        remember=remembered is not None,
    )
    if initial["event_type"] not in filing_answers.LEGAL_EVENT_TYPES:
        initial["event_type"] = None  # "other": the person chooses the form the law names
    return initial


def _show_missing(form, organizers, missing) -> None:
    for item in missing:
        if item.organizer is not None:
            if item.organizer <= len(organizers.forms):
                organizers.forms[item.organizer - 1].add_error(item.requirement.organizer_field, item.message())
        elif item.requirement.answer == "organizers":
            organizers.add_non_form_errors([item.message()])
        elif item.requirement.answer in form.fields:
            form.add_error(item.requirement.answer, item.message())


@application_view(editable_applications)
def filing_prepare_view(request, application):
    remembered = remembered_details(application)
    page_language = (translation.get_language() or "ru").split("-")[0]
    answers = starting_answers(application, language=page_language if page_language in ("ru", "kk") else "ru")
    missing = []
    if request.method == "POST":
        form = FilingForm(request.POST)
        organizers = organizer_formset(request.POST)
        if all_valid(form, organizers) and application.is_draft:
            given = {name: value for name, value in form.cleaned_data.items() if name != "remember"}
            given["organizers"] = organizers.organizers()
            answers = filing_answers.completed(answers, given)
            try:
                prepared = filing_prepare(
                    application=application,
                    answers=answers,
                    remember=form.cleaned_data["remember"],
                    by=request.user,
                )
            except FilingIncomplete as incomplete:
                missing = incomplete.missing
                _show_missing(form, organizers, missing)
            except NotADraft as refused:
                form.add_error(None, str(refused))
            except ValidationError as error:
                add_validation_error(form, error)
            else:
                messages.success(request, _("The filing is written and attached to the application's documents."))
                response = HttpResponse(prepared.content, content_type=DOCX)
                response["Content-Disposition"] = f'attachment; filename="{prepared.filename}"'
                return response
    else:
        form = FilingForm(initial=_initial(answers, remembered))
        organizers = organizer_formset(organizers=answers.organizers)
    regime = requirements().regime_for(form["event_type"].value() or "")
    context = {
        "application": application,
        "form": form,
        "organizers": organizers,
        "missing": missing,
        "regime": regime,
        "required_items": requirements().for_regime(regime) if regime else (),
        "window": window_for(application, answers),
        "not_a_draft": not application.is_draft,
    }
    return render(
        request,
        "permits/filing_form.html",
        context,
    )
