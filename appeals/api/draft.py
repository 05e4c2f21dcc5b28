"""appeals/{appeal_pk}/draft…: the draft with optimistic locking, the Word export and the draft's revisions
(list, read, regenerate, restore, compare), through appeals.drafts.
"""

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from appeals import drafts
from appeals.api.appeals import AppealChildMixin
from appeals.models import (
    MAX_DRAFT_CHARS,
    Appeal,
    DraftConflict,
    DraftRevision,
)
from config.api import (
    JSONOnlyContentNegotiation,
)
from config.api_schema import NOT_AUTHENTICATED, NOT_FOUND, VALIDATION_ERROR
from organizations import access
from organizations.access import require

CONFLICT = OpenApiResponse(
    inline_serializer(
        "DraftConflict",
        {"detail": serializers.CharField(), "text": serializers.CharField(), "version": serializers.IntegerField()},
    ),
    description="The version sent is no longer the current one: nothing was saved. The body carries the current "
    "text and version, so the client can show both texts and save again on the current version.",
)


# --- The draft ---------------------------------------------------------------------------------------------


class DraftSerializer(serializers.Serializer):
    text = serializers.CharField(
        allow_blank=True, trim_whitespace=False, max_length=MAX_DRAFT_CHARS, help_text=_("The whole draft.")
    )
    version = serializers.IntegerField(
        min_value=0,
        max_value=2**31 - 1,
        help_text=_("On PUT: the version the text was based on (the one GET returned)."),
        error_messages={"required": _("Send the version your text is based on (the number you loaded).")},
    )
    updated_at = serializers.DateTimeField(read_only=True)
    updated_by = serializers.CharField(source="updated_by.username", read_only=True, allow_null=True)


def conflict_response(conflict: DraftConflict) -> Response:
    return Response(
        {
            "detail": _("Someone saved the draft meanwhile: nothing was saved. Here is their text; save again on it."),
            "text": conflict.text,
            "version": conflict.version,
        },
        status=status.HTTP_409_CONFLICT,
    )


class AppealDraftView(AppealChildMixin, APIView):
    """The appeal's current draft. Saving is conflict-safe: a PUT names the version it was based on."""

    @extend_schema(summary="The current draft", responses={200: DraftSerializer})
    def get(self, request, appeal_pk):
        return Response(DraftSerializer(drafts.draft_of(self.appeal)).data)

    @extend_schema(
        summary="Save the draft",
        description="Saves `text` as version `version` + 1 if `version` is still the current one; otherwise "
        "answers 409 with the current text and version and saves nothing. Every save is kept as a revision.",
        request=DraftSerializer,
        responses={200: DraftSerializer, 400: VALIDATION_ERROR, 409: CONFLICT},
        examples=[OpenApiExample("Save", value={"text": "# Complaint…", "version": 3}, request_only=True)],
    )
    def put(self, request, appeal_pk):
        require(Appeal.objects.workable_by(self.request.user), self.appeal, forbidden=access.NOT_WORKABLE)
        serializer = DraftSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        draft = drafts.draft_of(self.appeal)
        try:
            drafts.draft_save(
                draft=draft,
                text=serializer.validated_data["text"],
                based_on_version=serializer.validated_data["version"],
                by=request.user,
            )
        except DraftConflict as conflict:
            return conflict_response(conflict)
        draft.refresh_from_db()
        return Response(DraftSerializer(draft).data)


class AppealDraftDocxView(AppealChildMixin, APIView):
    content_negotiation_class = JSONOnlyContentNegotiation

    @extend_schema(
        summary="The draft as a Word document",
        responses={
            (
                200,
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ): OpenApiResponse(OpenApiTypes.BINARY, description="The .docx file, as an attachment."),
            400: OpenApiResponse(description="The draft is empty: there is nothing to export."),
            401: NOT_AUTHENTICATED,
            404: NOT_FOUND,
        },
    )
    def get(self, request, appeal_pk):
        filename, content = drafts.draft_export_docx(self.appeal)
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response


# --- Revisions: list, read, regenerate, restore, compare ----------------------------------------------------


class ArgumentUsedSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    version = serializers.IntegerField(read_only=True)
    shared = serializers.BooleanField(read_only=True, help_text=_("False for the group's own argument."))


class RevisionSerializer(serializers.ModelSerializer):
    author = serializers.SlugRelatedField(
        slug_field="username",
        read_only=True,
        allow_null=True,
        help_text=_("Null for the text Ruqsat assembled itself, and for a former member whose account is deleted."),
    )
    proposal = serializers.BooleanField(source="is_proposal", read_only=True)
    arguments_used = ArgumentUsedSerializer(
        many=True,
        read_only=True,
        help_text=_("The library arguments the text was assembled from, with their versions."),
    )

    class Meta:
        model = DraftRevision
        fields = [
            "id",
            "version",
            "proposal",
            "origin",
            "note",
            "author",
            "created_at",
            "restored_from",
            "arguments_used",
        ]


class RevisionDetailSerializer(RevisionSerializer):
    class Meta(RevisionSerializer.Meta):
        fields = [*RevisionSerializer.Meta.fields, "text"]


@extend_schema_view(
    list=extend_schema(summary="The draft's revisions, newest first (proposals have no version)"),
    retrieve=extend_schema(summary="One revision, with its text"),
)
class RevisionViewSet(AppealChildMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Every saved state of the draft, and regenerated proposals not yet adopted."""

    serializer_class = RevisionSerializer
    lookup_url_kwarg = "revision_pk"

    def check_addressed_objects(self):
        super().check_addressed_objects()
        if self.lookup_url_kwarg in self.kwargs:
            self.get_object()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return DraftRevision.objects.none()
        return DraftRevision.objects.filter(draft__appeal=self.appeal).select_related("author")

    def get_serializer_class(self):
        return RevisionDetailSerializer if self.action == "retrieve" else RevisionSerializer


class RestoreSerializer(serializers.Serializer):
    revision = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text=_("The revision to restore."))
    version = serializers.IntegerField(
        min_value=0,
        max_value=2**31 - 1,
        help_text=_("The current version, as you loaded it."),
        error_messages={"required": _("Send the version your text is based on (the number you loaded).")},
    )


class DraftRegenerateView(AppealChildMixin, APIView):
    @extend_schema(
        summary="Assemble the draft again, as a proposal",
        description="Assembles the draft from the case and the library as they are now and keeps it as a "
        "proposal beside the current text: nothing anyone wrote is replaced. Compare it, then restore it "
        "to adopt it.",
        request=None,
        responses={201: RevisionDetailSerializer},
    )
    def post(self, request, appeal_pk):
        require(Appeal.objects.workable_by(self.request.user), self.appeal, forbidden=access.NOT_WORKABLE)
        revision = drafts.draft_regenerate(appeal=self.appeal, by=request.user)
        return Response(RevisionDetailSerializer(revision).data, status=status.HTTP_201_CREATED)


class DraftRestoreView(AppealChildMixin, APIView):
    @extend_schema(
        summary="Make an earlier revision (or a proposal) the current text",
        description="Saves the revision's text as a new version, through the same conflict-safe save as PUT draft/.",
        request=RestoreSerializer,
        responses={200: DraftSerializer, 400: VALIDATION_ERROR, 409: CONFLICT},
    )
    def post(self, request, appeal_pk):
        require(Appeal.objects.workable_by(self.request.user), self.appeal, forbidden=access.NOT_WORKABLE)
        serializer = RestoreSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        draft = drafts.draft_of(self.appeal)
        revision = draft.revisions.filter(pk=serializer.validated_data["revision"]).first()
        if revision is None:
            raise serializers.ValidationError({"revision": [_("There is no such revision of this draft.")]})
        try:
            drafts.draft_restore(
                draft=draft, revision=revision, based_on_version=serializer.validated_data["version"], by=request.user
            )
        except DraftConflict as conflict:
            return conflict_response(conflict)
        draft.refresh_from_db()
        return Response(DraftSerializer(draft).data)


class CompareQuerySerializer(serializers.Serializer):
    old = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text=_("A revision id."))
    new = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, required=False, help_text=_("A revision id; the current text if left out.")
    )


class DraftCompareView(AppealChildMixin, APIView):
    @extend_schema(
        summary="Compare two states of the draft",
        parameters=[CompareQuerySerializer],
        responses={
            200: inline_serializer(
                "DraftComparison",
                {
                    "old": serializers.CharField(),
                    "new": serializers.CharField(),
                    "unified": serializers.CharField(help_text="A unified diff."),
                },
            ),
            400: VALIDATION_ERROR,
        },
    )
    def get(self, request, appeal_pk):
        query = CompareQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        draft = drafts.draft_of(self.appeal)
        revisions = {
            r.pk: r
            for r in draft.revisions.filter(pk__in=[query.validated_data.get("old"), query.validated_data.get("new")])
        }
        old = revisions.get(query.validated_data["old"])
        if old is None:
            raise serializers.ValidationError({"old": [_("There is no such revision of this draft.")]})
        new = draft
        if "new" in query.validated_data:
            new = revisions.get(query.validated_data["new"])
            if new is None:
                raise serializers.ValidationError({"new": [_("There is no such revision of this draft.")]})
        result = drafts.draft_compare(old, new)
        return Response({"old": result.old_label, "new": result.new_label, "unified": result.unified})
