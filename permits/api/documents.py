"""applications/{application_pk}/documents/ and documents/{pk}/file: the scans and files of an application."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.views import APIView

from accounts.api_fields import AuthorField
from config.api import HideOutsideObjectsMixin, JSONOnlyContentNegotiation, RuqsatModelSerializer
from config.api_schema import NOT_AUTHENTICATED, NOT_FOUND, RuqsatAutoSchema
from permits.api.applications import ApplicationChildDetailMixin, ApplicationChildViewSet
from permits.downloads import document_response
from permits.models import (
    Document,
)
from permits.uploads import validate_document


class DocumentSerializer(RuqsatModelSerializer):
    file = serializers.FileField(write_only=True, help_text=_("PDF, PNG, JPEG, DOCX or ODT."))
    uploaded_by = AuthorField()

    class Meta:
        model = Document
        fields = [
            "id",
            "file",
            "kind",
            "title",
            "original_name",
            "size",
            "content_type",
            "uploaded_by",
            "uploaded_at",
        ]
        read_only_fields = ["original_name", "size", "content_type", "uploaded_at"]

    def validate_file(self, uploaded):
        # The bytes decide the type; the name and the declared type are ignored.
        self.detected_content_type = validate_document(uploaded)
        return uploaded

    def update(self, document, validated_data):
        # Re-classify (kind, title) and/or replace the file (checked again by the verb, which
        # removes the old file from the disk once committed).
        by = self.context["request"].user
        uploaded = validated_data.pop("file", None)
        if uploaded is not None:
            document.replace_file(uploaded, by=by)
        if validated_data:
            document.reclassify(by=by, **validated_data)
        return document

    def create(self, validated_data):
        uploaded = validated_data["file"]
        return Document.objects.create(
            **validated_data,
            application=self.context["application"],
            original_name=(uploaded.name or "")[:255],
            size=uploaded.size,
            content_type=self.detected_content_type,
            uploaded_by=self.context["request"].user,
        )


@extend_schema_view(
    list=extend_schema(summary="The application's documents"),
    create=extend_schema(summary="Upload a document (multipart: file, kind, title)"),
    retrieve=extend_schema(summary="One document's record"),
    partial_update=extend_schema(
        summary="Re-classify a document or replace its file",
        description="`kind` and `title` re-classify it; a `file` (multipart) replaces the stored file, with the "
        "upload checks, and the old file is removed from the disk at once.",
    ),
    destroy=extend_schema(
        summary="Delete a document",
        description="The file is removed from the disk at once; the audit trail keeps that it existed, its kind "
        "and who deleted it, and the timeline says a document of that kind was deleted.",
    ),
)
class DocumentViewSet(ApplicationChildDetailMixin, ApplicationChildViewSet):
    """Private files: at most the configured size, and only PDF, PNG, JPEG, DOCX or ODT content."""

    serializer_class = DocumentSerializer
    model = Document

    def get_queryset(self):
        return super().get_queryset().select_related("uploaded_by")

    def perform_destroy(self, document):
        document.remove(by=self.request.user)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "application": getattr(self, "application", None)}


class DocumentFileView(HideOutsideObjectsMixin, APIView):
    """The stored file, always as an attachment."""

    schema = RuqsatAutoSchema()
    content_negotiation_class = JSONOnlyContentNegotiation

    def check_addressed_objects(self):
        self.document = get_object_or_404(Document.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    @extend_schema(
        summary="Download a document",
        responses={
            # The type its bytes were found to be on upload (permits.uploads), one of these.
            **{
                (200, content_type): OpenApiResponse(OpenApiTypes.BINARY, description="The file.")
                for content_type in Document.EXTENSIONS
            },
            401: NOT_AUTHENTICATED,
            404: NOT_FOUND,
        },
    )
    def get(self, request, pk):
        return document_response(self.document)
