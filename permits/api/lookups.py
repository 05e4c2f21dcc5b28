"""jurisdictions/, authorities/, refusal-reasons/: the reference data an application names, and the
fields the argument library shares (OwnGroupField, require_site_editor_for_shared).
"""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from config.api import RuqsatModelSerializer
from config.api_schema import RuqsatAutoSchema
from organizations import access
from organizations.access import require
from permits.models import (
    Authority,
    DeadlineRule,
    EventType,
    Jurisdiction,
    RefusalReason,
    is_site_editor,
)

# --- Lookups ------------------------------------------------------------------------------------


class DeadlineRuleSerializer(serializers.ModelSerializer):
    """One period of law a jurisdiction's deadlines are computed from (kept as data, editable in admin)."""

    source = serializers.CharField(source="citation", read_only=True, help_text=_("Law, article, paragraph."))
    source_url = serializers.URLField(source="url", read_only=True, allow_blank=True)  # a rule may have no link
    needs_verification = serializers.BooleanField(
        read_only=True, help_text=_("The period or how it is counted is not confirmed: dates from it say “verify”.")
    )
    event_types = serializers.ListField(
        child=serializers.ChoiceField(choices=EventType.choices),
        read_only=True,
        help_text=_("The event types the rule applies to; none ticked means every event type."),
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


class JurisdictionListSerializer(serializers.ListSerializer):
    def to_representation(self, data):
        # The rules of the whole page in a few queries, not a few per jurisdiction.
        places = list(data.all() if hasattr(data, "all") else data)
        self.child.context["effective_rules"] = DeadlineRule.objects.effective_for_each(places)
        return super().to_representation(places)


class JurisdictionSerializer(RuqsatModelSerializer):
    rules = serializers.SerializerMethodField(
        help_text=_("The rules in force there today, its own and those inherited from the country it is part of.")
    )

    class Meta:
        model = Jurisdiction
        fields = ["code", "name", "country", "time_zone", "rules"]
        list_serializer_class = JurisdictionListSerializer

    @extend_schema_field(DeadlineRuleSerializer(many=True))
    def get_rules(self, jurisdiction):
        effective = self.context.get("effective_rules", {}).get(jurisdiction.pk)
        if effective is None:
            effective = DeadlineRule.objects.effective_for(jurisdiction)
        return DeadlineRuleSerializer(effective, many=True).data


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
    # Jurisdictions are public reference data: an unknown code may say so.
    jurisdiction = django_filters.ModelChoiceFilter(
        to_field_name="code", queryset=Jurisdiction.objects.all(), help_text="A jurisdiction code."
    )

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
