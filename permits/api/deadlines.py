"""deadlines/ (API.md): every dated obligation of the caller's applications and their appeals.

Reads through `Deadline.objects.visible_to(user)`; a deadline outside it is a 404 for every method.
Changes only through the model's verbs, as on the application page: a new date with its reason
(Deadline.override), marking one done (Deadline.mark_done), adding one
(PermitApplication.add_custom_deadline). Registered by permits.api.register.
"""

from zoneinfo import ZoneInfo

import django_filters
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from config.api import (
    BoundedDateField,
    BoundedDateTimeField,
    HideOutsideObjectsMixin,
    RuqsatModelSerializer,
    StrictBooleanFilter,
)
from config.api_schema import RuqsatAutoSchema
from organizations import access
from organizations.access import require
from permits.api.applications import LARGEST_ID, IdFilter
from permits.models import Deadline, DeadlineKind, PermitApplication

# Set when the deadline is added and fixed afterwards: sending them unchanged in a PATCH is fine.
FIXED_AFTER_CREATION = ("application", "kind", "title")


class VisibleApplicationField(serializers.PrimaryKeyRelatedField):
    """An application id among those the caller can see, so that one outside reads exactly like one
    that does not exist."""

    def get_queryset(self):
        request = self.context.get("request")
        return PermitApplication.objects.visible_to(request.user if request else None)


class DeadlineSerializer(RuqsatModelSerializer):
    application = VisibleApplicationField(
        error_messages={
            "does_not_exist": _("There is no application with the id {pk_value} among yours."),
            "incorrect_type": _("Give the application's id (a number)."),
        }
    )
    kind = serializers.ChoiceField(
        choices=DeadlineKind.choices,
        default=DeadlineKind.CUSTOM,
        help_text=_("Only `custom` (or `hearing`) can be added; the others are computed from the rules."),
    )
    title = serializers.CharField(
        max_length=200, required=False, allow_blank=True, help_text=_("What is due; required for `custom`.")
    )
    due_on = BoundedDateField(
        required=False,
        help_text=_(
            "The due day in the jurisdiction's zone. Changing it needs `override_reason`; the computed date "
            "is kept (`original_due_on`)."
        ),
    )
    due_at = serializers.SerializerMethodField(
        help_text=_("The moment it falls due: the end of the due day in the jurisdiction's time zone.")
    )
    override_reason = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, help_text=_("Why the date changed; required to change it.")
    )
    done_at = BoundedDateTimeField(
        required=False,
        allow_null=True,
        help_text=_("Any moment marks the deadline done (the server records when); it cannot be reopened."),
    )
    computation = serializers.CharField(read_only=True, help_text=_("How the date was computed, in words."))
    rule_source = serializers.CharField(
        source="source_citation",
        read_only=True,
        help_text=_("The law and article the date comes from, in the request's language where it is translated."),
    )
    needs_verification = serializers.BooleanField(
        read_only=True, help_text=_("The rule is not confirmed: check the date against the current law.")
    )
    overridden_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    done_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = Deadline
        fields = [
            "id",
            "application",
            "appeal",
            "kind",
            "title",
            "due_on",
            "due_at",
            "rule_source",
            "computation",
            "needs_verification",
            "original_due_on",
            "override_reason",
            "overridden_by",
            "overridden_at",
            "done_at",
            "done_by",
        ]
        read_only_fields = ["appeal", "rule_source", "original_due_on", "overridden_at"]

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_due_at(self, deadline) -> str:
        return deadline.due_at.astimezone(ZoneInfo(deadline.time_zone)).isoformat()

    def validate(self, attrs):
        if self.instance is None:
            return self._validate_new(attrs)
        return self._validate_change(attrs)

    def _validate_new(self, attrs):
        errors = {}
        for name in ("override_reason", "done_at"):
            if name in attrs:
                errors[name] = _("Set it by changing the deadline once it exists (PATCH), not when adding it.")
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def _validate_change(self, attrs):
        deadline = self.instance
        errors = {
            name: _("Fixed once the deadline exists.")
            for name in FIXED_AFTER_CREATION
            if name in attrs and attrs[name] != getattr(deadline, name)
        }
        moves = "due_on" in attrs and attrs["due_on"] != deadline.due_on
        new_reason = attrs.get("override_reason", deadline.override_reason) != deadline.override_reason
        if new_reason and "due_on" not in attrs:
            errors["due_on"] = _("Give the date the reason is for.")
        if "done_at" in attrs and attrs["done_at"] is None and deadline.is_done:
            errors["done_at"] = _("A deadline marked done cannot be reopened; add a new one instead.")
        if errors:
            raise serializers.ValidationError(errors)
        attrs["moves"] = moves or new_reason
        return attrs

    def create(self, validated_data):
        application = validated_data["application"]
        require(
            PermitApplication.objects.editable_by(self.context["request"].user),
            application,
            forbidden=access.NOT_EDITABLE,
        )
        return application.add_custom_deadline(
            title=validated_data.get("title", ""),
            due_on=validated_data.get("due_on"),
            kind=validated_data["kind"],
            by=self.context["request"].user,
        )

    @transaction.atomic
    def update(self, deadline, validated_data):
        by = self.context["request"].user
        if validated_data["moves"]:
            # The verb requires the reason and refuses a date before the day the period counts from.
            deadline.override(due_on=validated_data["due_on"], reason=validated_data.get("override_reason", ""), by=by)
        if validated_data.get("done_at") is not None:
            deadline.mark_done(by=by)
        return deadline


class DeadlineFilter(django_filters.FilterSet):
    application = IdFilter(min_value=1, max_value=LARGEST_ID, help_text="An application id.")
    appeal = IdFilter(min_value=1, max_value=LARGEST_ID, help_text="An appeal id.")
    kind = django_filters.ChoiceFilter(choices=DeadlineKind.choices)
    upcoming = StrictBooleanFilter(
        method="filter_upcoming", help_text="1: only open deadlines not yet due, soonest first."
    )
    overdue = StrictBooleanFilter(
        method="filter_overdue",
        help_text="1: only open deadlines whose moment has passed, oldest first.",
    )

    class Meta:
        model = Deadline
        fields = ["application", "appeal", "kind", "upcoming", "overdue"]

    def filter_upcoming(self, queryset, name, value):
        return queryset.upcoming(timezone.now()) if value else queryset

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue(timezone.now()) if value else queryset


@extend_schema_view(
    list=extend_schema(summary="Deadlines of my applications and appeals, soonest first"),
    retrieve=extend_schema(summary="One deadline, with its source and how it was computed"),
    create=extend_schema(
        summary="Add a custom deadline",
        description="`application`, `title` and `due_on`; `kind` is `custom` (default) or `hearing`. Only "
        "coordinators and members of the application's lead group add deadlines.",
    ),
    partial_update=extend_schema(
        summary="Change a deadline's date (with a reason) or mark it done",
        description="`due_on` with `override_reason` replaces the date: the computed date is kept and the "
        "timeline says so; a date before the day it is counted from is refused. `done_at` (any moment) "
        "marks it done.",
    ),
)
class DeadlineViewSet(
    HideOutsideObjectsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Every dated obligation of your applications: the authority's answer, the latest filing day,
    the appeal, the court claim, hearings, the day of the assembly and deadlines people added. Each
    computed one names the rule it comes from and how it was computed. A deadline outside your
    groups is a 404."""

    serializer_class = DeadlineSerializer
    filterset_class = DeadlineFilter
    schema = RuqsatAutoSchema()
    http_method_names = ["get", "post", "patch", "head", "options"]
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return Deadline.objects.visible_to(self.request.user).select_related(
            "application__authority__jurisdiction", "rule", "overridden_by", "done_by"
        )

    def update(self, request, *args, **kwargs):
        # Before the body is read: a reader who may not change it gets 403 whatever they sent.
        require(Deadline.objects.editable_by(request.user), self.get_object(), forbidden=access.NOT_EDITABLE)
        return super().update(request, *args, **kwargs)
