"""Private documents: upload on the application page, and the permission-checked download."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from permits.downloads import document_response
from permits.forms import DocumentForm
from permits.models import Document
from permits.views.applications import application_page
from permits.views.lookup import allowed_methods, application_view, editable_applications


@application_view(editable_applications)
def document_upload(request, application):
    if request.method == "GET":
        return redirect(reverse("permits:application_detail", args=[application.pk]) + "#documents")
    document = Document(application=application, uploaded_by=request.user)
    form = DocumentForm(request.POST, request.FILES, instance=document)
    if not form.is_valid():
        return application_page(request, application, document_form=form)
    form.save()
    messages.success(request, _("The document is uploaded."))
    return redirect(reverse("permits:application_detail", args=[application.pk]) + "#documents")


@login_required
def document_file(request, pk):
    document = get_object_or_404(Document.objects.visible_to(request.user), pk=pk)
    if request.method not in allowed_methods(["GET"]):
        return HttpResponseNotAllowed(allowed_methods(["GET"]))  # only after the lookup: see application_view
    return document_response(document)
