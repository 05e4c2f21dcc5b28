"""The appeals part of /api/v1/: appeals themselves (open, read, change through appeals.services), and
AppealChildMixin for every view under appeals/{appeal_pk}/.
"""

import django_filters
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response

from appeals import services
from appeals.models import (
    Appeal,
    AppealOutcome,
    AppealStatus,
)
from config.api import (
    BoundedDateField,
    HideOutsideObjectsMixin,
    RuqsatModelSerializer,
    StrictBooleanFilter,
)
from config.api_schema import RuqsatAutoSchema
from permits.api.applications import LARGEST_ID, IdFilter
from permits.models import Decision, PermitApplication

MAX_VOLUNTEERS = 50

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
    decided_on = BoundedDateField(
        required=False,
        allow_null=True,  # null until the appeal is decided
        help_text=_("The day the appeal was decided; today if left out."),
    )
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
    # Null once the account that opened it is deleted (the appeal stays with the group).
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

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


class AppealFilter(django_filters.FilterSet):
    # Ids as numbers, not looked up: a choice among all applications would answer an outsider's id
    # differently from one that does not exist.
    application = IdFilter(min_value=1, max_value=LARGEST_ID, help_text="Only the appeals of this application.")
    status = django_filters.ChoiceFilter(choices=AppealStatus.choices, help_text="Only appeals in this status.")
    mine = StrictBooleanFilter(
        method="filter_mine", help_text="1: my appeals (assigned to me or of my groups), nearest deadline first."
    )

    class Meta:
        model = Appeal
        fields = ["application", "status", "mine"]

    def filter_mine(self, queryset, name, value):
        if not value:
            return queryset
        # "My appeals": the nearest open deadline first (the ordering needs mine()'s annotation).
        return (
            Appeal.objects.mine(self.request.user)
            .filter(pk__in=queryset.values("pk"))
            .for_list()
            .select_related("filing_deadline", "created_by")
            .prefetch_related("volunteer_assignments__user")
        )


@extend_schema_view(
    list=extend_schema(summary="Appeals of the applications I see"),
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
    filterset_class = AppealFilter
    schema = RuqsatAutoSchema()
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Appeal.objects.none()
        return appeal_queryset(self.request.user)

    def partial_update(self, request, *args, **kwargs):
        appeal = self.get_object()
        serializer = self.get_serializer(appeal, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(self.get_serializer(self.get_object()).data)


class AppealChildMixin(HideOutsideObjectsMixin):
    """Views under appeals/{appeal_pk}/: the appeal is fetched through visible_to(user) first."""

    schema = RuqsatAutoSchema()

    def check_addressed_objects(self):
        self.appeal = get_object_or_404(
            Appeal.objects.visible_to(self.request.user).select_related("application"), pk=self.kwargs["appeal_pk"]
        )
