from django.http import FileResponse, Http404


def document_response(document) -> FileResponse:
    """Stream a private document as an attachment, whatever its type, so a browser never renders
    an uploaded file inside Ruqsat's origin. Callers fetch `document` through `visible_to(user)`."""
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=document.download_name(), content_type=document.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
