"""The appeals part of /api/v1/ (API.md): appeals, their draft with optimistic locking, the Word
export, and — beyond API.md, added without renaming anything — the draft's revisions (list, read,
regenerate, restore, compare), hearings and the argument library.

Reads go through `Appeal.objects.visible_to(user)`; an appeal outside it is a 404 for every method
(config.api.HideOutsideObjectsMixin). A visible appeal the caller may not change is a 403. Every
change goes through appeals.services (which calls the model verbs).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from appeals import services
from appeals.models import (
    MAX_DRAFT_CHARS,
    Appeal,
    AppealInvitation,
    AppealOutcome,
    AppealStatus,
    Argument,
    Citation,
    DraftConflict,
    DraftRevision,
    Hearing,
)
from appeals.search_api import SearchView
from config.api import (
    BoundedDateField,
    BoundedDateTimeField,
    HideOutsideObjectsMixin,
    JSONOnlyContentNegotiation,
    RuqsatModelSerializer,
)
from config.api_schema import FORBIDDEN, NOT_AUTHENTICATED, NOT_FOUND, VALIDATION_ERROR, RuqsatAutoSchema
from organizations import access
from organizations.access import require
from permits.api import OwnGroupField, require_site_editor_for_shared
from permits.models import Decision, PermitApplication, RefusalReason

MAX_VOLUNTEERS = 50

CONFLICT = OpenApiResponse(
    inline_serializer(
        "DraftConflict",
        {"detail": serializers.CharField(), "text": serializers.CharField(), "version": serializers.IntegerField()},
    ),
    description="The version sent is no longer the current one: nothing was saved. The body carries the current "
    "text and version, so the client can show both texts and save again on the current version.",
)


# --- Appeals ---------------------------------------------------------------------------------------------


class VisibleApplicationField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        request = self.context.get("request")
        return PermitApplication.objects.visible_to(request.user if request else None)


class VisibleDecisionField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        request = self.context.get("request")
        return Decision.objects.visible_to(request.user if request else None).select_related("application")


class VolunteersField(serializers.ListField):
    """Usernames in and out; read from the (prefetched) assignments."""

    def get_attribute(self, appeal):
        return [assignment.user.username for assignment in appeal.volunteer_assignments.all()]


class AppealSerializer(RuqsatModelSerializer):
    application = VisibleApplicationField(
        required=False,
        help_text=_("The application; may be left out, as the decision names it."),
        error_messages={
            "does_not_exist": _("There is no application with the id {pk_value} among yours."),
            "incorrect_type": _("Give the application's id (a number)."),
        },
    )
    decision = VisibleDecisionField(
        help_text=_("The refusal appealed (an id from applications/{id}/decisions/)."),
        error_messages={
            "does_not_exist": _("There is no decision with the id {pk_value} among your applications."),
            "incorrect_type": _("Give the decision's id (a number)."),
        },
    )
    status = serializers.ChoiceField(
        choices=AppealStatus.choices,
        required=False,
        help_text=_(
            "Changed through the appeal's verbs: `filed` files it (with `filed_on`, today if left out), `decided` "
            "records `outcome`, `withdrawn` withdraws it. A hearing is scheduled with hearings/."
        ),
    )
    outcome = serializers.ChoiceField(choices=AppealOutcome.choices, required=False, allow_blank=True)
    decided_on = BoundedDateField(required=False, help_text=_("The day the appeal was decided; today if left out."))
    filing_deadline = serializers.DateField(
        source="filing_due_on",
        read_only=True,
        allow_null=True,
        help_text=_("The last day to file, from the deadline rule for the venue (deadlines/?appeal= explains it)."),
    )
    filing_due_on = BoundedDateField(
        write_only=True,
        required=False,
        allow_null=True,
        help_text=_("Only for a venue without a rule (prosecutor, ombudsman, UN committee): the last day to file."),
    )
    volunteers = VolunteersField(
        child=serializers.CharField(max_length=150),
        required=False,
        max_length=MAX_VOLUNTEERS,
        help_text=_(
            "Usernames of the assigned volunteers. Coordinators of the lead group set them; the list replaces the "
            "current one. A new name must be a legal volunteer of the lead or a co-organizing group; anyone else is "
            "invited by email (appeals/{id}/invitations/) and kept here once they accept."
        ),
    )
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Appeal
        fields = [
            "id",
            "application",
            "decision",
            "venue",
            "status",
            "filing_deadline",
            "filed_on",
            "case_number",
            "outcome",
            "decided_on",
            "volunteers",
            "language",
            "complaint_decision_received_on",
            "filing_due_on",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        # One live appeal per refusal and venue is checked by appeal_open, with a message naming
        # the venue; DRF's validator for the conditional constraint would demand `status` instead.
        validators = []

    def validate(self, attrs):
        appeal = self.instance
        decision, application = attrs.get("decision"), attrs.get("application")
        if appeal is None:
            if application is not None and decision is not None and decision.application_id != application.pk:
                raise serializers.ValidationError({"decision": [_("This decision belongs to another application.")]})
            if attrs.get("status") not in (None, AppealStatus.PREPARING, AppealStatus.FILED):
                raise serializers.ValidationError(
                    {"status": [_("An appeal starts in preparation, or filed; record its outcome afterwards.")]}
                )
        else:
            if decision is not None and decision.pk != appeal.decision_id:
                raise serializers.ValidationError(
                    {"decision": [_("An appeal stays with its decision; open another appeal instead.")]}
                )
            if application is not None and application.pk != appeal.application_id:
                raise serializers.ValidationError(
                    {"application": [_("An appeal stays with its application; open another appeal instead.")]}
                )
        return attrs

    @transaction.atomic
    def create(self, validated_data):
        by = self.context["request"].user
        validated_data.pop("application", None)
        appeal = services.appeal_open(
            decision=validated_data.pop("decision"),
            venue=validated_data.pop("venue"),
            by=by,
            language=validated_data.pop("language", None),
            volunteers=validated_data.pop("volunteers", ()),
            filing_due_on=validated_data.pop("filing_due_on", None),
            complaint_decision_received_on=validated_data.pop("complaint_decision_received_on", None),
        )
        if validated_data.get("status") == AppealStatus.PREPARING:
            validated_data.pop("status")
        if validated_data:
            appeal = services.appeal_change(appeal=appeal, by=by, **validated_data)
        return appeal

    def update(self, appeal, validated_data):
        validated_data.pop("application", None)
        validated_data.pop("decision", None)
        return services.appeal_change(appeal=appeal, by=self.context["request"].user, **validated_data)


def appeal_queryset(user):
    return (
        Appeal.objects.visible_to(user)
        .for_list()
        .select_related("filing_deadline", "created_by")
        .prefetch_related("volunteer_assignments__user")
    )


@extend_schema_view(
    list=extend_schema(
        summary="Appeals of the applications I see",
        parameters=[
            OpenApiParameter("application", int, description="Only the appeals of this application."),
            OpenApiParameter("status", str, enum=AppealStatus.values, description="Only appeals in this status."),
            OpenApiParameter(
                "mine", bool, description="1: my appeals (assigned to me or of my groups), nearest deadline first."
            ),
        ],
    ),
    create=extend_schema(
        summary="Open an appeal against a refusal",
        description="Computes the filing deadline from the rule for the venue and assembles the first draft. "
        "Only coordinators, members and legal volunteers of the lead group open appeals; only coordinators "
        "assign volunteers.",
    ),
    retrieve=extend_schema(summary="One appeal"),
    partial_update=extend_schema(
        summary="Change an appeal",
        description="Each change goes through the appeal's verbs: `filed_on` or status `filed` files it, `outcome` "
        "or status `decided` decides it, status `withdrawn` withdraws it. `volunteers` (coordinators only) "
        "replaces the assigned volunteers.",
    ),
)
class AppealViewSet(
    HideOutsideObjectsMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Appeals against refusals. Visible to the members of the application's groups, and each to the
    volunteers assigned to it (organizations.access); an appeal outside that is a 404."""

    serializer_class = AppealSerializer
    schema = RuqsatAutoSchema()
    lookup_value_regex = "[0-9]+"
    filterset_fields = {"application": ["exact"], "status": ["exact"]}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Appeal.objects.none()
        return appeal_queryset(self.request.user)

    def list(self, request, *args, **kwargs):
        if request.query_params.get("mine") in ("1", "true"):
            # "My appeals": the nearest open deadline first (the ordering needs the annotation).
            mine = Appeal.objects.mine(request.user).filter(pk__in=appeal_queryset(request.user).values("pk"))
            queryset = self.filter_queryset(
                mine.select_related(
                    "application",
                    "application__organization",
                    "application__authority__jurisdiction",
                    "decision",
                    "filing_deadline",
                    "created_by",
                ).prefetch_related("volunteer_assignments__user")
            )
            page = self.paginate_queryset(queryset)
            return self.get_paginated_response(self.get_serializer(page, many=True).data)
        return super().list(request, *args, **kwargs)

    def partial_update(self, request, *args, **kwargs):
        appeal = self.get_object()
        serializer = self.get_serializer(appeal, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(self.get_serializer(self.get_object()).data)


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


class AppealChildMixin(HideOutsideObjectsMixin):
    """Views under appeals/{appeal_pk}/: the appeal is fetched through visible_to(user) first."""

    schema = RuqsatAutoSchema()

    def check_addressed_objects(self):
        self.appeal = get_object_or_404(
            Appeal.objects.visible_to(self.request.user).select_related("application"), pk=self.kwargs["appeal_pk"]
        )


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
        return Response(DraftSerializer(services.draft_of(self.appeal)).data)

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
        draft = services.draft_of(self.appeal)
        try:
            services.draft_save(
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
        filename, content = services.draft_export_docx(self.appeal)
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
    author = serializers.SlugRelatedField(slug_field="username", read_only=True)
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
        revision = services.draft_regenerate(appeal=self.appeal, by=request.user)
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
        draft = services.draft_of(self.appeal)
        revision = draft.revisions.filter(pk=serializer.validated_data["revision"]).first()
        if revision is None:
            raise serializers.ValidationError({"revision": [_("There is no such revision of this draft.")]})
        try:
            services.draft_restore(
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
        draft = services.draft_of(self.appeal)
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
        result = services.draft_compare(old, new)
        return Response({"old": result.old_label, "new": result.new_label, "unified": result.unified})


# --- Hearings -------------------------------------------------------------------------------------------------


class HearingSerializer(RuqsatModelSerializer):
    starts_at = BoundedDateTimeField()

    class Meta:
        model = Hearing
        fields = ["id", "starts_at", "place", "notes", "result", "created_at"]
        read_only_fields = ["result", "created_at"]


@extend_schema_view(
    list=extend_schema(summary="The appeal's hearings"),
    create=extend_schema(
        summary="Schedule a hearing",
        description="Adds a hearing deadline and sets the appeal's status to hearing_scheduled. Only for a filed "
        "appeal.",
    ),
)
class HearingViewSet(AppealChildMixin, mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    serializer_class = HearingSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Hearing.objects.none()
        return Hearing.objects.visible_to(self.request.user).filter(appeal=self.appeal)

    def perform_create(self, serializer):
        require(Appeal.objects.workable_by(self.request.user), self.appeal, forbidden=access.NOT_WORKABLE)
        serializer.instance = self.appeal.schedule_hearing(by=self.request.user, **serializer.validated_data)


# --- Invitations by email ----------------------------------------------------------------------------------------


class AppealInvitationSerializer(serializers.ModelSerializer):
    # Only the shape here: appeals.services.appeal_invite_volunteer checks the address, as for the page.
    email = serializers.CharField(
        max_length=254,
        allow_blank=True,
        help_text=_("The address to send the link to; it need not belong to a Ruqsat account yet."),
    )
    state = serializers.ChoiceField(
        choices=["pending", "accepted", "revoked", "expired"], read_only=True, help_text=_("pending until accepted.")
    )
    invited_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    accept_url = serializers.SerializerMethodField(
        help_text=_("The single-use link, to send yourself if the email did not go out.")
    )

    class Meta:
        model = AppealInvitation
        fields = ["id", "email", "state", "invited_by", "created_at", "expires_at", "accept_url"]
        read_only_fields = ["created_at", "expires_at"]

    def get_accept_url(self, invitation) -> str:
        request = self.context.get("request")
        path = invitation.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


class AppealInvitationCreatedSerializer(AppealInvitationSerializer):
    email_sent = serializers.SerializerMethodField(
        help_text=_("false if the mail server refused it: the invitation stands, send its accept_url yourself.")
    )

    class Meta(AppealInvitationSerializer.Meta):
        fields = [*AppealInvitationSerializer.Meta.fields, "email_sent"]

    def get_email_sent(self, invitation) -> bool:
        return self.context.get("email_sent", False)


@extend_schema_view(
    list=extend_schema(
        summary="The appeal's pending invitations (coordinators)",
        responses={200: AppealInvitationSerializer(many=True), 403: FORBIDDEN},
    ),
    create=extend_schema(
        summary="Invite someone by email to work on the appeal (coordinators)",
        description="Emails a single-use link that expires after a week. Whoever accepts it (after logging in "
        "or signing up) is assigned to this appeal: they see its application and appeals, nothing else of the "
        "group. Inviting an address again replaces its pending invitation. An address whose account is already "
        "assigned is a 400.",
        request=AppealInvitationSerializer,
        responses={201: AppealInvitationCreatedSerializer},
    ),
    destroy=extend_schema(
        summary="Revoke a pending invitation (coordinators)",
        description="Its link stops working. An expired or revoked one changes nothing; an accepted one is a 400 "
        "(remove the volunteer instead).",
    ),
)
class AppealInvitationViewSet(
    AppealChildMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Invitations by email to work on one appeal: for the lead group's coordinators only (the
    invitees' addresses included); other people on the case get 403, anyone else 404."""

    serializer_class = AppealInvitationSerializer
    lookup_url_kwarg = "appeal_invitation_pk"

    def check_addressed_objects(self):
        super().check_addressed_objects()
        require(Appeal.objects.coordinated_by(self.request.user), self.appeal, forbidden=access.NOT_COORDINATED)
        if self.lookup_url_kwarg in self.kwargs:
            self.get_object()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AppealInvitation.objects.none()
        invitations = self.appeal.invitations.select_related("invited_by", "appeal")
        return invitations.pending() if self.action == "list" else invitations

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        invitation, mailed = services.appeal_invite_and_send(
            appeal=self.appeal, email=serializer.validated_data["email"], by=request.user
        )
        context = {**self.get_serializer_context(), "email_sent": mailed}
        return Response(
            AppealInvitationCreatedSerializer(invitation, context=context).data, status=status.HTTP_201_CREATED
        )

    def perform_destroy(self, invitation):
        services.appeal_invitation_revoke(invitation=invitation, by=self.request.user)


# --- The argument library ---------------------------------------------------------------------------------------


class CitationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Citation
        fields = ["instrument", "article_or_paragraph", "url", "in_force_from", "confirmed"]


class ArgumentSerializer(RuqsatModelSerializer):
    reasons = serializers.SlugRelatedField(
        slug_field="code",
        many=True,
        required=False,
        queryset=RefusalReason.objects.all(),
        error_messages={"does_not_exist": _("“{value}” is not a refusal reason code (see refusal-reasons/).")},
    )
    citations = CitationSerializer(many=True, required=False, max_length=50)
    organization = OwnGroupField(
        help_text=_(
            "Your group's id to add an argument only your group sees and its drafts use; null (shared) is "
            "for site editors. Set when the argument is added."
        )
    )
    # Codes checked by Argument.clean(); plain strings here keep one venue enum in the schema.
    venues = serializers.ListField(
        child=serializers.CharField(max_length=30),
        required=False,
        max_length=10,
        help_text=_("Venue codes (as for appeals); none means every venue."),
    )

    class Meta:
        model = Argument
        fields = [
            "id",
            "code",
            "kind",
            "title",
            "text",
            "reasons",
            "venues",
            "language",
            "position",
            "in_force_from",
            "is_active",
            "citations",
            "organization",
            "version",
            "updated_at",
        ]
        read_only_fields = ["version", "updated_at"]
        validators = []  # (code, language) is checked in validate(), with a message naming the field

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            # Shared or a group's own is decided when it is added; publishing is a site editor's act
            # (the admin), and no group moves an argument into the shared library or another group.
            fields["organization"].read_only = True
        return fields

    def validate(self, attrs):
        code = attrs.get("code", getattr(self.instance, "code", None))
        language = attrs.get("language", getattr(self.instance, "language", None))
        organization = (
            attrs["organization"] if "organization" in attrs else getattr(self.instance, "organization", None)
        )
        # Unique in the shared library and within one group's own; other groups' are not in the way.
        clash = Argument.objects.for_organization(organization).filter(code=code, language=language)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise serializers.ValidationError({"code": [_("The library already has this code in this language.")]})
        return attrs

    @transaction.atomic
    def save_argument(self, argument, validated_data, by):
        reasons = validated_data.pop("reasons", None)
        citations = validated_data.pop("citations", None)
        for name, value in validated_data.items():
            setattr(argument, name, value)
        try:
            argument.full_clean(exclude=["reasons"])
        except DjangoValidationError as error:
            raise serializers.ValidationError(serializers.as_serializer_error(error)) from None
        argument.save_new_version(by=by)
        if reasons is not None:
            argument.reasons.set(reasons)
        if citations is not None:
            argument.citations.all().delete()
            Citation.objects.bulk_create(
                Citation(argument=argument, position=index, **citation) for index, citation in enumerate(citations)
            )
        return argument

    def create(self, validated_data):
        return self.save_argument(Argument(), validated_data, self.context["request"].user)

    def update(self, argument, validated_data):
        return self.save_argument(argument, validated_data, self.context["request"].user)


@extend_schema_view(
    list=extend_schema(
        summary="The argument library",
        parameters=[
            OpenApiParameter("language", str, description="Only arguments in this language (en, ru, kk)."),
            OpenApiParameter("reason", str, description="Only arguments answering this refusal reason code."),
            OpenApiParameter("kind", str, description="ground, no_alternative, standard or remedy."),
        ],
    ),
    retrieve=extend_schema(summary="One argument, with its citations"),
    create=extend_schema(
        summary="Add an argument (a shared one: site editors; your group's own: its members)",
        responses={201: ArgumentSerializer, 403: FORBIDDEN},  # 403: a shared argument from a non-editor
    ),
    partial_update=extend_schema(
        summary="Edit an argument (shared: site editors; a group's own: its coordinators and legal volunteers)",
        responses={200: ArgumentSerializer, 403: FORBIDDEN},
    ),
    destroy=extend_schema(summary="Remove an argument (as for editing)", responses={204: None, 403: FORBIDDEN}),
)
class ArgumentViewSet(
    HideOutsideObjectsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Arguments against refusal grounds, with their citations: the shared library, which everyone
    reads and site editors change, and each group's own, which only that group sees and its drafts
    use. Another group's argument is a 404; a visible one the caller may not change is a 403."""

    serializer_class = ArgumentSerializer
    schema = RuqsatAutoSchema()
    # Any key reaches the view (and a non-number is a 404 there): the library is shared, so the
    # outsider walker calls this route with made-up keys (tests/test_outsider_access.py).
    lookup_value_regex = "[^/.]+"

    def get_object(self):
        if not str(self.kwargs.get(self.lookup_url_kwarg or self.lookup_field, "")).isdigit():
            raise Http404
        return super().get_object()

    def get_queryset(self):
        queryset = (
            Argument.objects.visible_to(self.request.user)
            .prefetch_related("reasons", "citations")
            .order_by("language", "kind", "position", "id")
        )
        params = self.request.query_params
        if params.get("language"):
            queryset = queryset.filter(language=params["language"])
        if params.get("reason"):
            queryset = queryset.filter(reasons__code=params["reason"])
        if params.get("kind"):
            queryset = queryset.filter(kind=params["kind"])
        return queryset

    def _require_editable(self, argument):
        if not Argument.objects.editable_by(self.request.user).filter(pk=argument.pk).exists():
            if argument.is_shared:
                raise PermissionDenied(_("Only site editors change the shared argument library."))
            raise PermissionDenied(_("Only the group's coordinators and legal volunteers change its own arguments."))

    def perform_create(self, serializer):
        require_site_editor_for_shared(
            self.request.user,
            serializer.validated_data.get("organization"),
            _("Only site editors add to the shared library; give your group's id as “organization” to add one for it."),
        )
        serializer.save()

    def partial_update(self, request, *args, **kwargs):
        argument = self.get_object()
        self._require_editable(argument)
        serializer = self.get_serializer(argument, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(self.get_serializer(self.get_object()).data)

    def perform_destroy(self, argument):
        self._require_editable(argument)
        argument.delete()


# --- Routes ------------------------------------------------------------------------------------------------------


def register(router):
    router.register("appeals", AppealViewSet, basename="appeal")
    router.register("arguments", ArgumentViewSet, basename="argument")


def _appeal_path(suffix, view, name):
    return path(f"appeals/<int:appeal_pk>/{suffix}", view, name=name)


extra_urls = [
    path("search/", SearchView.as_view(), name="search"),
    _appeal_path("draft/", AppealDraftView.as_view(), "appeal-draft"),
    _appeal_path("draft.docx", AppealDraftDocxView.as_view(), "appeal-draft-docx"),
    _appeal_path("draft/regenerate/", DraftRegenerateView.as_view(), "appeal-draft-regenerate"),
    _appeal_path("draft/restore/", DraftRestoreView.as_view(), "appeal-draft-restore"),
    _appeal_path("draft/compare/", DraftCompareView.as_view(), "appeal-draft-compare"),
    _appeal_path("draft/revisions/", RevisionViewSet.as_view({"get": "list"}), "appeal-draft-revision-list"),
    _appeal_path(
        "draft/revisions/<int:revision_pk>/",
        RevisionViewSet.as_view({"get": "retrieve"}),
        "appeal-draft-revision-detail",
    ),
    _appeal_path("hearings/", HearingViewSet.as_view({"get": "list", "post": "create"}), "appeal-hearing-list"),
    _appeal_path(
        "invitations/",
        AppealInvitationViewSet.as_view({"get": "list", "post": "create"}),
        "appeal-invitation-list",
    ),
    _appeal_path(
        "invitations/<int:appeal_invitation_pk>/",
        AppealInvitationViewSet.as_view({"delete": "destroy"}),
        "appeal-invitation-detail",
    ),
]
