"""arguments/: the argument library, shared and each group's own."""

import django_filters
from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from appeals.models import (
    Argument,
    ArgumentKind,
    Citation,
)
from config.api import (
    HideOutsideObjectsMixin,
    RuqsatModelSerializer,
)
from config.api_schema import FORBIDDEN, RuqsatAutoSchema
from permits.api.lookups import OwnGroupField, require_site_editor_for_shared
from permits.models import RefusalReason

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


class ArgumentFilter(django_filters.FilterSet):
    language = django_filters.ChoiceFilter(choices=settings.LANGUAGES, help_text="Only arguments in this language.")
    # The taxonomy is shared and public: an unknown code may say so.
    reason = django_filters.ModelChoiceFilter(
        field_name="reasons",
        to_field_name="code",
        queryset=RefusalReason.objects.all(),
        help_text="Only arguments answering this refusal reason code (see refusal-reasons/).",
    )
    kind = django_filters.ChoiceFilter(choices=ArgumentKind.choices)

    class Meta:
        model = Argument
        fields = ["language", "reason", "kind"]


@extend_schema_view(
    list=extend_schema(summary="The argument library"),
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
    filterset_class = ArgumentFilter
    schema = RuqsatAutoSchema()
    # Any key reaches the view (and a non-number is a 404 there): the library is shared, so the
    # outsider walker calls this route with made-up keys (tests/test_outsider_access.py).
    lookup_value_regex = "[^/.]+"

    def get_object(self):
        if not str(self.kwargs.get(self.lookup_url_kwarg or self.lookup_field, "")).isdigit():
            raise Http404
        return super().get_object()

    def get_queryset(self):
        return (
            Argument.objects.visible_to(self.request.user)
            .prefetch_related("reasons", "citations")
            .order_by("language", "kind", "position", "id")
        )

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
