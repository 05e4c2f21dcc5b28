"""The permits part of /api/v1/ (API.md): lookups, applications and what hangs off them.

Reads go through `visible_to(user)`, writes through `editable_by(user)`; an object outside the
caller's access is a 404 for every method (config.api.HideOutsideObjectsMixin). Status changes only
through the model verbs; creation through permits.services.application_create.
"""

import copy

import django_filters
from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api_fields import AuthorField
from config.api import BoundedDateField, HideOutsideObjectsMixin, JSONOnlyContentNegotiation, RuqsatModelSerializer
from config.api_schema import NOT_AUTHENTICATED, NOT_FOUND, RuqsatAutoSchema
from organizations import access
from organizations.access import require
from organizations.models import Organization
from permits.downloads import document_response
from permits.models import (
    Applicant,
    Authority,
    DeadlineKind,
    DeadlineRule,
    Decision,
    Document,
    Jurisdiction,
    PermitApplication,
    RefusalGround,
    RefusalReason,
    Status,
    TimelineEntry,
    is_site_editor,
)
from permits.services import application_create, application_update
from permits.uploads import validate_document

MAX_PARTICIPANTS = 100_000_000
MAX_APPLICANTS = 200
LARGEST_ID = 2**63 - 1


# --- Lookups ------------------------------------------------------------------------------------


class DeadlineRuleSerializer(serializers.ModelSerializer):
    """One period of law a jurisdiction's deadlines are computed from (kept as data, editable in admin)."""

    source = serializers.CharField(source="citation", read_only=True, help_text=_("Law, article, paragraph."))
    source_url = serializers.URLField(source="url", read_only=True)
    needs_verification = serializers.BooleanField(
        read_only=True, help_text=_("The period or how it is counted is not confirmed: dates from it say “verify”.")
    )

    class Meta:
        model = DeadlineRule
        fields = [
            "code",
            "kind",
            "event_types",
            "count",
            "unit",
            "counted_from",
            "roll_forward",
            "source",
            "source_url",
            "needs_verification",
            "valid_from",
            "valid_to",
            "description",
        ]
        read_only_fields = fields


class JurisdictionSerializer(RuqsatModelSerializer):
    rules = serializers.SerializerMethodField(
        help_text=_("The rules in force there today, its own and those inherited from the country it is part of.")
    )

    class Meta:
        model = Jurisdiction
        fields = ["code", "name", "country", "time_zone", "rules"]

    @extend_schema_field(DeadlineRuleSerializer(many=True))
    def get_rules(self, jurisdiction):
        return DeadlineRuleSerializer(DeadlineRule.objects.effective_for(jurisdiction), many=True).data


class OwnGroupField(serializers.PrimaryKeyRelatedField):
    """A group the caller belongs to, for what a group adds to the shared data (its own authority,
    argument); null for the shared data itself. Another group's id reads like one that does not exist."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "error_messages",
            {
                "does_not_exist": _("You can only add this for a group you belong to."),
                "incorrect_type": _("Give the organization's id (a number)."),
            },
        )
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return access.organizations_of(request.user if request else None)


def require_site_editor_for_shared(user, organization, message):
    """Shared reference data (no `organization`) is written by site editors alone: others get a 403."""
    if organization is None and not is_site_editor(user):
        raise PermissionDenied(message)


class AuthoritySerializer(RuqsatModelSerializer):
    jurisdiction = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Jurisdiction.objects.all(),
        error_messages={"does_not_exist": _("There is no jurisdiction with the code “{value}”.")},
    )
    organization = OwnGroupField(
        help_text=_("Your group's id to add an authority only your group sees and uses; null for a shared one.")
    )
    review_status = serializers.ChoiceField(
        choices=Authority.Review.choices,
        allow_blank=True,
        read_only=True,
        help_text=_(
            "A group's addition: pending until a site editor publishes, merges or declines it; empty for a shared one."
        ),
    )
    review_note = serializers.CharField(read_only=True, help_text=_("The editor's note when declining."))

    class Meta:
        model = Authority
        fields = ["id", "name", "jurisdiction", "organization", "review_status", "review_note"]
        validators = []  # the conditional name constraints are checked in validate(), naming the field

    def validate(self, attrs):
        organization = attrs.get("organization")
        if Authority.objects.name_taken(
            organization_id=getattr(organization, "pk", None),
            jurisdiction=attrs.get("jurisdiction"),
            name=attrs["name"],
        ):
            raise serializers.ValidationError(
                {"name": [_("This jurisdiction already has an authority with this name.")]}
            )
        return attrs


class AuthorityMergeSerializer(serializers.Serializer):
    into = serializers.PrimaryKeyRelatedField(
        queryset=Authority.objects.shared(),
        help_text=_("The id of the shared authority the group's addition becomes."),
        error_messages={
            "does_not_exist": _("There is no shared authority with the id {pk_value}."),
            "incorrect_type": _("Give the authority's id (a number)."),
        },
    )


class AuthorityDeclineSerializer(serializers.Serializer):
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, help_text=_("Why it stays private, for the group.")
    )


class RefusalReasonSerializer(RuqsatModelSerializer):
    class Meta:
        model = RefusalReason
        fields = ["code", "name", "description", "legal_basis"]


@extend_schema_view(list=extend_schema(summary="Jurisdictions whose law and calendar govern deadlines"))
class JurisdictionViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Jurisdictions (a country, or a city within it) by code, e.g. `KZ-ALA`."""

    serializer_class = JurisdictionSerializer
    queryset = Jurisdiction.objects.select_related("parent__parent").order_by("code")
    schema = RuqsatAutoSchema()


class AuthorityFilter(django_filters.FilterSet):
    jurisdiction = django_filters.CharFilter(field_name="jurisdiction__code", help_text="A jurisdiction code.")

    class Meta:
        model = Authority
        fields = ["jurisdiction"]


@extend_schema_view(
    list=extend_schema(summary="Authorities that answer notifications and applications"),
    create=extend_schema(summary="Add an authority"),
)
class AuthorityViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Bodies that answer notifications and applications; `jurisdiction` is a jurisdiction code.
    The shared ones are added by site editors; a group adds a missing one for itself with
    `organization`, and only that group sees and names it until an editor publishes it."""

    serializer_class = AuthoritySerializer
    filterset_class = AuthorityFilter
    schema = RuqsatAutoSchema()

    def get_queryset(self):
        return Authority.objects.usable_by(self.request.user).for_choice()

    def perform_create(self, serializer):
        organization = serializer.validated_data.get("organization")
        require_site_editor_for_shared(
            self.request.user,
            organization,
            _("Only site editors add shared authorities; give your group's id as “organization” to add one for it."),
        )
        if organization is None:
            serializer.save(created_by=self.request.user)
            return
        # Whoever may file the group's applications may add the authority they go to.
        require(
            access.organizations_of(self.request.user, access.EDITING_ROLES),
            organization,
            forbidden=access.NOT_REFILABLE,
        )
        data = serializer.validated_data
        serializer.instance = Authority.add_for_group(
            organization=organization, name=data["name"], jurisdiction=data["jurisdiction"], by=self.request.user
        )

    def _awaiting_review(self, pk) -> Authority:
        """A group's addition an editor may still publish, merge or decline; 403 for anyone else."""
        if not is_site_editor(self.request.user):
            raise PermissionDenied(_("Only site editors review the authorities groups add."))
        return require(Authority.objects.filter(organization__isnull=False), pk)

    def _reviewed(self, authority):
        return Response(AuthoritySerializer(authority, context=self.get_serializer_context()).data)

    @extend_schema(summary="Publish a group's authority for every group (site editors)", request=None)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        authority = self._awaiting_review(pk)
        authority.publish(by=request.user)
        return self._reviewed(authority)

    @extend_schema(
        summary="Merge a group's authority into a shared one (site editors)",
        request=AuthorityMergeSerializer,
        responses={204: None},
    )
    @action(detail=True, methods=["post"], serializer_class=AuthorityMergeSerializer)
    def merge(self, request, pk=None):
        authority = self._awaiting_review(pk)
        serializer = AuthorityMergeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        authority.merge_into(serializer.validated_data["into"], by=request.user)
        return Response(status=204)

    @extend_schema(summary="Keep a group's authority private to it (site editors)", request=AuthorityDeclineSerializer)
    @action(detail=True, methods=["post"], serializer_class=AuthorityDeclineSerializer)
    def decline(self, request, pk=None):
        authority = self._awaiting_review(pk)
        serializer = AuthorityDeclineSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        authority.decline(by=request.user, note=serializer.validated_data.get("note", ""))
        return self._reviewed(authority)


@extend_schema_view(list=extend_schema(summary="The shared taxonomy of refusal reasons"))
class RefusalReasonViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The shared taxonomy of refusal reasons; decisions name them by `code`."""

    serializer_class = RefusalReasonSerializer
    queryset = RefusalReason.objects.all()
    schema = RuqsatAutoSchema()


# --- Applications ------------------------------------------------------------------------------


class MyOrganizationField(serializers.PrimaryKeyRelatedField):
    """An organization id among the caller's groups (plus those already on the application), so
    that an id outside them reads exactly like one that does not exist."""

    def get_queryset(self):
        request = self.context.get("request")
        ids = access.organization_ids(request.user if request else None)
        application = getattr(self.root, "instance", None)
        if isinstance(application, PermitApplication):
            return Organization.objects.filter(
                Q(pk__in=ids)
                | Q(pk=application.organization_id)
                | Q(co_organizer_links__application=application)
                | Q(co_organizer_invitations__application=application)
            ).distinct()
        return Organization.objects.filter(pk__in=ids)


class UsableAuthorityField(serializers.PrimaryKeyRelatedField):
    """An authority the caller may name (Authority.objects.usable_by), plus the one the application
    already names; another group's own authority reads like one that does not exist."""

    def get_queryset(self):
        request = self.context.get("request")
        authorities = Authority.objects.usable_by(request.user if request else None)
        application = getattr(self.root, "instance", None)
        if isinstance(application, PermitApplication):
            authorities = authorities | Authority.objects.filter(pk=application.authority_id)
        return authorities


class ApplicantSerializer(serializers.ModelSerializer):
    class Meta:
        model = Applicant
        fields = ["name"]


class ApplicationSerializer(RuqsatModelSerializer):
    organization = MyOrganizationField(
        help_text=_("The lead organization."),
        error_messages={
            "does_not_exist": _("You can only file for a group in which you are a coordinator or member."),
            "incorrect_type": _("Give the organization's id (a number)."),
        },
    )
    co_organizers = MyOrganizationField(
        many=True,
        required=False,
        help_text=_(
            "Co-organizing groups that accepted. A group you coordinate joins at once; any other id given becomes a "
            "request its coordinators accept (see pending_co_organizers)."
        ),
        error_messages={
            "does_not_exist": _("You can only add groups you belong to as co-organizers."),
            "incorrect_type": _("Give each organization's id (a number)."),
        },
    )
    authority = UsableAuthorityField(
        error_messages={
            "does_not_exist": _("There is no authority with the id {pk_value}."),
            "incorrect_type": _("Give the authority's id (a number)."),
        },
    )
    pending_co_organizers = serializers.SerializerMethodField(
        help_text=_("Groups asked to co-organize that have not answered yet (ids).")
    )
    applicants = ApplicantSerializer(many=True, required=False, max_length=MAX_APPLICANTS)
    # From the stored deadline rows (the same as deadlines/), which a list prefetches in one query.
    response_due_on = serializers.SerializerMethodField(
        help_text=_("The last day for the authority's answer (its deadline in deadlines/); null before filing.")
    )
    latest_filing_on = serializers.SerializerMethodField(
        help_text=_("The last day the filing could be registered in time for the day of the assembly.")
    )
    filed_late = serializers.SerializerMethodField(
        help_text=_("Registered after the latest filing day: a refusal ground the authority may use.")
    )

    class Meta:
        model = PermitApplication
        fields = [
            "id",
            "title",
            "event_type",
            "purpose",
            "organization",
            "co_organizers",
            "pending_co_organizers",
            "applicants",
            "starts_at",
            "ends_at",
            "location",
            "route",
            "expected_participants",
            "authority",
            "filed_on",
            "channel",
            "reference_number",
            "status",
            "response_due_on",
            "latest_filing_on",
            "filed_late",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["status", "created_at", "updated_at"]
        extra_kwargs = {
            "expected_participants": {"max_value": MAX_PARTICIPANTS},
        }

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_pending_co_organizers(self, application) -> list[int]:
        return sorted(
            invitation.organization_id
            for invitation in application.co_organizer_invitations.all()
            if invitation.is_usable
        )

    @extend_schema_field(serializers.DateField(allow_null=True))  # null before filing
    def get_response_due_on(self, application):
        row = application.deadline(DeadlineKind.AUTHORITY_RESPONSE)
        return row.due_on if row else None

    @extend_schema_field(serializers.DateField(allow_null=True))  # null before filing
    def get_latest_filing_on(self, application):
        row = application.deadline(DeadlineKind.LATEST_FILING)
        return row.due_on if row else None

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_filed_late(self, application) -> bool:
        # The model's rule, read only when the row exists (else it would compute the plan live, per item).
        return application.deadline(DeadlineKind.LATEST_FILING) is not None and application.filed_late

    def validate(self, attrs):
        user = self.context["request"].user
        application = self.instance
        # The model's own rules (end after start, field limits), reported per field before anything
        # is written; application_create and update() save the same values.
        candidate = copy.copy(application) if application is not None else PermitApplication(created_by=user)
        for name, value in attrs.items():
            if name not in ("co_organizers", "applicants"):
                setattr(candidate, name, value)
        try:
            candidate.full_clean(exclude=["co_organizers", "created_by"])
        except DjangoValidationError as error:
            raise serializers.ValidationError(serializers.as_serializer_error(error)) from None
        return attrs

    def create(self, validated_data):
        applicants = validated_data.pop("applicants", [])
        return application_create(
            by=self.context["request"].user,
            co_organizers=validated_data.pop("co_organizers", []),
            applicant_names=[applicant["name"] for applicant in applicants],
            filed_on=validated_data.pop("filed_on", None),
            **validated_data,
        )

    def update(self, application, validated_data):
        """The page's edit rule (permits.services.application_update): what was sent, applied to the
        locked current row; dates through change_dates, a draft given `filed_on` filed through
        file(), deadlines recomputed when the event type or the authority changes; the lead and any
        added co-organizer checked as at creation."""
        applicants = validated_data.pop("applicants", None)
        co_organizers = validated_data.pop("co_organizers", None)
        return application_update(
            application=application,
            by=self.context["request"].user,
            changes=validated_data,
            co_organizers=co_organizers,
            applicant_names=None if applicants is None else [applicant["name"] for applicant in applicants],
        )


class WithdrawSerializer(serializers.Serializer):
    on = BoundedDateField(required=False, help_text=_("The day it was withdrawn; today if omitted."))
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class IdFilter(django_filters.Filter):
    field_class = forms.IntegerField


class ApplicationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Status.choices)
    organization = IdFilter(
        min_value=1,
        max_value=LARGEST_ID,
        method="filter_organization",
        help_text="An organization id: applications it leads or co-organizes.",
    )
    q = django_filters.CharFilter(
        method="filter_q", help_text="Words in the title, purpose, place, route, reference or an applicant's name."
    )

    class Meta:
        model = PermitApplication
        fields = ["status", "organization", "q"]

    def filter_organization(self, queryset, name, value):
        return queryset.filter(Q(organization_id=value) | Q(co_organizer_links__organization_id=value)).distinct()

    def filter_q(self, queryset, name, value):
        return queryset.search(value)


@extend_schema_view(
    list=extend_schema(summary="Applications of my groups"),
    create=extend_schema(summary="Log an application: filed when `filed_on` is given, else a draft"),
    retrieve=extend_schema(summary="One application"),
    partial_update=extend_schema(
        summary="Edit an application",
        description="Edits fields, applicants and co-organizers. `status` is read-only; giving `filed_on` "
        "to a draft files it.",
    ),
    destroy=extend_schema(summary="Delete a draft"),
)
class ApplicationViewSet(
    HideOutsideObjectsMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Applications of the groups you belong to, as lead or co-organizer. Members and coordinators
    of the lead group change them; `status` changes only through actions such as `withdraw/` and
    `decisions/`. An application outside your groups is a 404."""

    serializer_class = ApplicationSerializer
    filterset_class = ApplicationFilter
    schema = RuqsatAutoSchema()
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return (
            PermitApplication.objects.visible_to(self.request.user)
            .for_list()
            .prefetch_related("applicants", "co_organizers", "deadlines", "co_organizer_invitations")
        )

    def partial_update(self, request, *args, **kwargs):
        application = self.get_object()
        require(PermitApplication.objects.editable_by(request.user), application, forbidden=access.NOT_EDITABLE)
        serializer = self.get_serializer(application, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(self.get_serializer(self.get_object()).data)

    def perform_destroy(self, application):
        require(PermitApplication.objects.editable_by(self.request.user), application, forbidden=access.NOT_EDITABLE)
        if not application.is_draft:
            raise serializers.ValidationError(
                {"non_field_errors": [_("Only a draft can be deleted; withdraw a filed application instead.")]}
            )
        application.delete_draft(by=self.request.user)

    @extend_schema(
        summary="Withdraw the application",
        request=WithdrawSerializer,
        responses={200: ApplicationSerializer, 400: OpenApiResponse(description="Not allowed in this status.")},
    )
    @action(detail=True, methods=["post"], serializer_class=WithdrawSerializer)
    def withdraw(self, request, pk=None):
        application = self.get_object()
        require(PermitApplication.objects.editable_by(request.user), application, forbidden=access.NOT_EDITABLE)
        serializer = WithdrawSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        application.withdraw(
            on=serializer.validated_data.get("on") or timezone.localdate(),
            note=serializer.validated_data["note"],
            by=request.user,
        )
        return Response(ApplicationSerializer(self.get_object(), context=self.get_serializer_context()).data)


# --- What hangs off an application: applications/{application_pk}/… ----------------------------


class ApplicationChildViewSet(
    HideOutsideObjectsMixin, mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    # Lists through the child's `visible_to(user)`; creating needs an editable application.

    schema = RuqsatAutoSchema()
    model = None

    def check_addressed_objects(self):
        self.application = get_object_or_404(
            PermitApplication.objects.visible_to(self.request.user), pk=self.kwargs["application_pk"]
        )

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        return self.model.objects.visible_to(self.request.user).filter(application=self.application)

    def create(self, request, *args, **kwargs):
        require(PermitApplication.objects.editable_by(request.user), self.application, forbidden=access.NOT_EDITABLE)
        return super().create(request, *args, **kwargs)


class ApplicationChildDetailMixin(mixins.RetrieveModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin):
    # One child (applications/{id}/<children>/{pk}/): found through the child's visible_to (404
    # otherwise, for every method), changed only by the application's editors (403 for those who
    # only see it), and only through the child's own verbs (the serializer's update, perform_destroy).

    def check_addressed_objects(self):
        super().check_addressed_objects()
        if "pk" in self.kwargs:
            self.get_object()

    def update(self, request, *args, **kwargs):
        require(PermitApplication.objects.editable_by(request.user), self.application, forbidden=access.NOT_EDITABLE)
        with transaction.atomic():
            return super().update(request, *args, **kwargs)

    def destroy(self, request, *args, **kwargs):
        require(PermitApplication.objects.editable_by(request.user), self.application, forbidden=access.NOT_EDITABLE)
        return super().destroy(request, *args, **kwargs)


def _manual_kind_error():
    # DRF fills {input}; the list of kinds is filled here, in the request's language.
    return _("“{input}” cannot be added by hand; use one of: %(kinds)s.") % {
        "kinds": ", ".join(TimelineEntry.MANUAL_KINDS)
    }


class TimelineEntrySerializer(RuqsatModelSerializer):
    kind = serializers.ChoiceField(
        choices=[(kind.value, kind.label) for kind in TimelineEntry.MANUAL_KINDS],
        help_text=_("Filing, decisions and status changes are written by the application's own actions."),
        error_messages={"invalid_choice": lazy(_manual_kind_error, str)()},
    )
    created_by = AuthorField()

    class Meta:
        model = TimelineEntry
        fields = ["id", "happened_on", "kind", "summary", "details", "created_by", "created_at", "edited_at"]
        read_only_fields = ["created_at", "edited_at"]
        extra_kwargs = {"edited_at": {"help_text": _("When a person last edited the entry; null if never.")}}

    def update(self, entry, validated_data):
        # The verb refuses what Ruqsat wrote (400) and another member's entry (403).
        return entry.edit(by=self.context["request"].user, **validated_data)

    def to_representation(self, instance):
        # What the system wrote (filing, decisions, appeals) in the request's language; what people
        # typed as typed.
        data = super().to_representation(instance)
        data["summary"], data["details"] = instance.display_summary(), instance.display_details()
        return data


@extend_schema_view(
    list=extend_schema(summary="The application's timeline, newest first"),
    create=extend_schema(summary="Add a meeting, call, letter, pressure, request to revise, hearing or note"),
    retrieve=extend_schema(summary="One timeline entry"),
    partial_update=extend_schema(
        summary="Edit an entry",
        description="Its author, or a coordinator of the lead group; entries Ruqsat wrote (filing, decisions, "
        "status changes) cannot be edited (400). The entry then shows `edited_at`.",
    ),
    destroy=extend_schema(
        summary="Delete an entry",
        description="Its author, or a coordinator of the lead group; entries Ruqsat wrote cannot be deleted (400).",
    ),
)
class TimelineViewSet(ApplicationChildDetailMixin, ApplicationChildViewSet):
    """What happened and when. Filing, decisions and status changes write their own entries."""

    serializer_class = TimelineEntrySerializer
    model = TimelineEntry

    def get_queryset(self):
        return super().get_queryset().select_related("created_by", "application__authority")

    def perform_create(self, serializer):
        serializer.save(application=self.application, created_by=self.request.user)

    def perform_destroy(self, entry):
        entry.remove(by=self.request.user)


class RefusalGroundSerializer(serializers.ModelSerializer):
    reason = serializers.SlugRelatedField(
        slug_field="code",
        queryset=RefusalReason.objects.all(),
        error_messages={"does_not_exist": _("“{value}” is not a refusal reason code (see refusal-reasons/).")},
    )

    class Meta:
        model = RefusalGround
        fields = ["reason", "quote", "note"]


class DecisionSerializer(RuqsatModelSerializer):
    grounds = RefusalGroundSerializer(many=True, required=False, max_length=50)
    recorded_by = AuthorField()

    class Meta:
        model = Decision
        fields = [
            "id",
            "outcome",
            "decided_on",
            "received_on",
            "reference_number",
            "conditions",
            "alternative_offered",
            "grounds",
            "recorded_by",
            "created_at",
        ]
        read_only_fields = ["created_at"]

    def create(self, validated_data):
        # The verb checks the transition, the grounds and the dates, and writes the timeline.
        return self.context["application"].record_decision(by=self.context["request"].user, **validated_data)

    def update(self, decision, validated_data):
        # A correction: the same body as recording, any part of it; the verb checks the same rules,
        # names each change on the timeline and moves the deadlines that follow.
        return decision.correct(by=self.context["request"].user, **validated_data)


@extend_schema_view(
    list=extend_schema(summary="The authority's decisions on the application"),
    create=extend_schema(
        summary="Record the authority's decision",
        description="Sets the application's status and writes the timeline. A refusal needs at least one "
        "ground; only a filed application can be decided.",
    ),
    retrieve=extend_schema(summary="One decision"),
    partial_update=extend_schema(
        summary="Correct a decision",
        description="The same body as recording it, any part of it; `grounds`, when given, replaces them all. "
        "The timeline names each change, the deadlines that follow (the appeal's from `received_on`) are "
        "recomputed and a changed outcome sets the application's status.",
    ),
    destroy=extend_schema(
        summary="Void a decision recorded by mistake",
        description="The application is filed again and the decision's deadlines go; the timeline says so. "
        "A refusal with an appeal against it cannot be voided (400): correct it instead.",
    ),
)
class DecisionViewSet(ApplicationChildDetailMixin, ApplicationChildViewSet):
    """The authority's answers, with the grounds of a refusal and the authority's own words."""

    serializer_class = DecisionSerializer
    model = Decision

    def get_queryset(self):
        return super().get_queryset().select_related("recorded_by").prefetch_related("grounds__reason")

    def perform_destroy(self, decision):
        decision.void(by=self.request.user)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "application": getattr(self, "application", None)}


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
            (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY, description="The file."),
            401: NOT_AUTHENTICATED,
            404: NOT_FOUND,
        },
    )
    def get(self, request, pk):
        return document_response(self.document)


def register(router):
    router.register("jurisdictions", JurisdictionViewSet, basename="jurisdiction")
    router.register("authorities", AuthorityViewSet, basename="authority")
    router.register("refusal-reasons", RefusalReasonViewSet, basename="refusal-reason")
    router.register("applications", ApplicationViewSet, basename="application")
    # Imported here: permits.api_deadlines builds on this module's helpers (IdFilter).
    from permits.api_deadlines import DeadlineViewSet

    router.register("deadlines", DeadlineViewSet, basename="deadline")
    from permits.api_co_organizers import CoOrganizerInvitationViewSet

    router.register("co-organizer-invitations", CoOrganizerInvitationViewSet, basename="co-organizer-invitation")


def _child_urls(prefix, viewset, name):
    return path(
        f"applications/<int:application_pk>/{prefix}/",
        viewset.as_view({"get": "list", "post": "create"}),
        name=f"application-{name}-list",
    )


def _child_detail_urls(prefix, viewset, name):
    return path(
        f"applications/<int:application_pk>/{prefix}/<int:pk>/",
        viewset.as_view({"get": "retrieve", "patch": "partial_update", "delete": "destroy"}),
        name=f"application-{name}-detail",
    )


extra_urls = [
    _child_urls("timeline", TimelineViewSet, "timeline"),
    _child_urls("decisions", DecisionViewSet, "decision"),
    _child_urls("documents", DocumentViewSet, "document"),
    _child_detail_urls("timeline", TimelineViewSet, "timeline"),
    _child_detail_urls("decisions", DecisionViewSet, "decision"),
    _child_detail_urls("documents", DocumentViewSet, "document"),
    path("documents/<int:pk>/file", DocumentFileView.as_view(), name="document-file"),
]
