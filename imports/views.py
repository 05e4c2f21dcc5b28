"""Import history: upload → preview (every row as it will be stored, or why it cannot be) →
confirm → the outcome, with the refused rows to download. The upload is kept (HistoryUpload) so the
file is sent once; only its uploader sees its preview, anyone else gets a 404."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import ngettext

from imports.files import history_export_response, refused_rows_response, template_response
from imports.forms import HistoryFileForm
from imports.models import HistoryUpload
from imports.reading import MAX_FILE_BYTES, MAX_ROWS, read_content
from imports.services import DUPLICATE, OK, REFUSED, history_import
from organizations.views import group_view

FORMATS = ("csv", "xlsx")


def _upload_of(request, organization, upload_id) -> HistoryUpload:
    return get_object_or_404(HistoryUpload.objects.of(user=request.user, organization=organization), pk=upload_id)


@group_view(coordinators_only=True)
def import_start(request, organization):
    form = HistoryFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        HistoryUpload.objects.expired().delete()  # previews nobody confirmed, with their files
        uploaded = form.cleaned_data["file"]
        outcomes = history_import(organization=organization, by=request.user, rows=form.rows, dry_run=True)
        upload = HistoryUpload.objects.create(
            organization=organization,
            uploaded_by=request.user,
            file_name=(uploaded.name or "")[:255],
            content=uploaded.read(),
            outcomes=[outcome.as_dict() for outcome in outcomes],
        )
        return redirect("imports:preview", organization.pk, upload.pk)
    return render(
        request,
        "imports/start.html",
        {
            "organization": organization,
            "form": form,
            "max_rows": MAX_ROWS,
            "max_bytes": MAX_FILE_BYTES,
        },
        status=400 if form.errors else 200,
    )


@group_view(coordinators_only=True)
def import_preview(request, organization, upload_id):
    upload = _upload_of(request, organization, upload_id)
    if request.method == "POST":
        # Claimed with a conditional UPDATE, in the import's transaction: a second click (or tab)
        # waits, then finds the preview imported and shows the outcome; a failure releases it.
        with transaction.atomic():
            if HistoryUpload.objects.filter(pk=upload.pk, imported_at=None).update(imported_at=timezone.now()):
                # Read again from the kept file: the preview showed what these same rows would do.
                rows = read_content(bytes(upload.content), name=upload.file_name)
                outcomes = history_import(organization=organization, by=request.user, rows=rows, dry_run=False)
                upload.outcomes = [outcome.as_dict() for outcome in outcomes]
                upload.content = b""  # no longer needed: each row is stored, a duplicate, or refused below
                upload.save(update_fields=["outcomes", "content"])
                stored = sum(outcome.status == OK for outcome in outcomes)
                messages.success(
                    request,
                    ngettext("Imported %(count)s row.", "Imported %(count)s rows.", stored) % {"count": stored},
                )
        return redirect("imports:preview", organization.pk, upload.pk)
    counts = {status: sum(o["status"] == status for o in upload.outcomes) for status in (OK, REFUSED, DUPLICATE)}
    return render(
        request,
        "imports/preview.html",
        {"organization": organization, "upload": upload, "counts": counts, "OK": OK, "REFUSED": REFUSED},
    )


@group_view(methods=("GET",), coordinators_only=True)
def import_refused(request, organization, upload_id):
    return refused_rows_response(_upload_of(request, organization, upload_id))


@group_view(methods=("GET",), coordinators_only=True)
def import_template(request, organization, fmt):
    return template_response(fmt)


@group_view(methods=("GET",), coordinators_only=True)
def history_export(request, organization, fmt):
    return history_export_response(organization, fmt)
