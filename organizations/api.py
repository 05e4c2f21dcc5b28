"""organizations/ and organizations/{id}/members/ (API.md). Access: organizations.access."""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied

from config.api import HideOutsideObjectsMixin, RuqsatModelSerializer
from config.api_schema import RuqsatAutoSchema
from organizations.access import organizations_of
from organizations.models import Membership, Organization


class OrganizationSerializer(RuqsatModelSerializer):
    my_role = serializers.ChoiceField(
        choices=Membership.Role.choices, read_only=True, help_text=_("Your role in this organization.")
    )

    class Meta:
        model = Organization
        fields = ["id", "name", "kind", "city", "my_role"]


class MembershipSerializer(RuqsatModelSerializer):
    username = serializers.SlugRelatedField(
        source="user",
        slug_field="username",
        queryset=get_user_model().objects.filter(is_active=True),
        error_messages={"does_not_exist": _("There is no Ruqsat user “%(value)s”: invite them by email instead.")},
    )
    name = serializers.CharField(source="user.display_name", read_only=True)

    class Meta:
        model = Membership
        fields = ["username", "name", "role", "joined_at"]
        read_only_fields = ["joined_at"]
        # The (user, organization) pair is checked in create(): the organization is not an input.
        validators = []


@extend_schema_view(
    list=extend_schema(summary="Organizations I belong to"),
    create=extend_schema(summary="Create an organization; you become its coordinator"),
    retrieve=extend_schema(summary="One of my organizations"),
)
class OrganizationViewSet(
    HideOutsideObjectsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Organizations you belong to, with your role in each. Whoever creates one is its coordinator."""

    serializer_class = OrganizationSerializer
    schema = RuqsatAutoSchema()
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Organization.objects.none()
        role = Membership.objects.filter(organization=OuterRef("pk"), user=self.request.user).values("role")[:1]
        return organizations_of(self.request.user).annotate(my_role=Subquery(role)).order_by("name", "pk")

    def perform_create(self, serializer):
        organization = Organization.create_with_coordinator(creator=self.request.user, **serializer.validated_data)
        organization.my_role = Membership.Role.COORDINATOR
        serializer.instance = organization


@extend_schema_view(
    list=extend_schema(summary="Members of an organization"),
    create=extend_schema(summary="Add a member (coordinators only)"),
    destroy=extend_schema(summary="Remove a member (coordinators; anyone may remove themselves)"),
)
class MembershipViewSet(
    HideOutsideObjectsMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Members of one of your organizations. Coordinators add and remove members; anyone may
    remove themselves; the last coordinator cannot go."""

    serializer_class = MembershipSerializer
    schema = RuqsatAutoSchema()
    lookup_field = "user__username"
    lookup_url_kwarg = "username"
    queryset = Membership.objects.none()  # for the schema; get_queryset() is what runs

    def check_addressed_objects(self):
        self.organization = get_object_or_404(organizations_of(self.request.user), pk=self.kwargs["organization_pk"])
        super().check_addressed_objects()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Membership.objects.none()
        return self.organization.memberships.select_related("user").order_by("role", "user__username")

    def _require_coordinator(self):
        if not self.organization.is_coordinator(self.request.user):
            raise PermissionDenied(_("Only the organization's coordinators add or remove members."))

    def perform_create(self, serializer):
        self._require_coordinator()
        user = serializer.validated_data["user"]
        if self.organization.memberships.filter(user=user).exists():
            raise serializers.ValidationError({"username": [_("This person is already a member.")]})
        try:
            with transaction.atomic():
                serializer.save(organization=self.organization)
        except IntegrityError:  # the same person added twice at once
            raise serializers.ValidationError({"username": [_("This person is already a member.")]}) from None

    def perform_destroy(self, membership):
        if membership.user_id != self.request.user.pk:
            self._require_coordinator()
        membership.leave()


def register(router):
    router.register("organizations", OrganizationViewSet, basename="organization")


extra_urls = [
    path(
        "organizations/<int:organization_pk>/members/",
        MembershipViewSet.as_view({"get": "list", "post": "create"}),
        name="organization-member-list",
    ),
    path(
        "organizations/<int:organization_pk>/members/<str:username>/",
        MembershipViewSet.as_view({"delete": "destroy"}),
        name="organization-member-detail",
    ),
]
