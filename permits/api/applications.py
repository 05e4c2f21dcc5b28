"""applications/: an application's fields, filters and verbs; and the base of every view under
applications/{application_pk}/ (ApplicationChildViewSet, ApplicationChildDetailMixin).
"""

import copy

import django_filters
from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from config.api import BoundedDateField, HideOutsideObjectsMixin, RuqsatModelSerializer
from config.api_schema import RuqsatAutoSchema
from organizations import access
from organizations.access import require
from organizations.models import Organization
from permits.models import (
    Applicant,
    Authority,
    DeadlineKind,
    PermitApplication,
    Status,
)
from permits.services import application_create, application_update

MAX_PARTICIPANTS = 100_000_000
MAX_APPLICANTS = 200
LARGEST_ID = 2**63 - 1

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
