"""Adding an entry to an application's timeline, in place on the application page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from permits.forms import TimelineEntryForm, add_validation_error
from permits.models import TimelineEntry
from permits.views.applications import application_page
from permits.views.lookup import application_view, editable_applications


@application_view(editable_applications)
def timeline_add(request, application):
    if request.method == "GET":
        return redirect(reverse("permits:application_detail", args=[application.pk]) + "#timeline")
    form = TimelineEntryForm(request.POST)
    if not form.is_valid():
        return application_page(request, application, timeline_form=form)
    try:
        TimelineEntry.add(application=application, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        add_validation_error(form, error)
        return application_page(request, application, timeline_form=form)
    messages.success(request, _("The entry is added to the timeline."))
    return redirect(reverse("permits:application_detail", args=[application.pk]) + "#timeline")
