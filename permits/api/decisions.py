"""applications/{application_pk}/decisions/: the authority's answers and the grounds of a refusal."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from accounts.api_fields import AuthorField
from config.api import RuqsatModelSerializer
from permits.api.applications import ApplicationChildDetailMixin, ApplicationChildViewSet
from permits.models import (
    Decision,
    RefusalGround,
    RefusalReason,
)


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
