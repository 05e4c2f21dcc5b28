"""organizations/ and organizations/{id}/members/ (API.md). Access: organizations.access."""

from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from config.api import HideOutsideObjectsMixin, RuqsatModelSerializer
from config.api_schema import RuqsatAutoSchema
from organizations.access import organizations_of
from organizations.models import Membership, Organization
from organizations.tasks import send_invitation_on_commit


class OrganizationSerializer(RuqsatModelSerializer):
    my_role = serializers.ChoiceField(
        choices=Membership.Role.choices, read_only=True, help_text=_("Your role in this organization.")
    )

    class Meta:
        model = Organization
        fields = ["id", "name", "kind", "city", "my_role"]


class MembershipSerializer(RuqsatModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)
    name = serializers.CharField(source="user.display_name", read_only=True)

    class Meta:
        model = Membership
        fields = ["username", "name", "role", "joined_at"]
        read_only_fields = fields


class MemberInvitationSerializer(serializers.Serializer):
    """Whom to invite: a username or an email address. Nothing here looks an account up: the
    answer must not tell whether one exists (Organization.invite)."""

    username = serializers.CharField(required=False, allow_blank=True, max_length=150)
    email = serializers.EmailField(required=False, allow_blank=True, max_length=254)
    role = serializers.ChoiceField(choices=Membership.Role.choices, default=Membership.Role.MEMBER)

    def validate(self, attrs):
        username = attrs.get("username", "").strip().lstrip("@")
        email = attrs.get("email", "").strip()
        if bool(username) == bool(email):
            raise serializers.ValidationError(
                {"username": [_("Give either the person's username or their email address.")]}
            )
        organization = self.context["organization"]
        # A member's username is on the member list the coordinator already reads: saying so leaks nothing.
        if username and organization.memberships.filter(user__username__iexact=username).exists():
            raise serializers.ValidationError({"username": [_("This person is already a member.")]})
        return {"username": username, "email": email, "role": attrs["role"]}


class InvitationSentSerializer(serializers.Serializer):
    detail = serializers.CharField(read_only=True)


# The same words whoever was named, and whether or not they have an account.
INVITATION_SENT = _(
    "If this person can be reached, they get an invitation. They join the group only when they accept it."
)


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
    create=extend_schema(
        summary="Invite a member by username or email (coordinators only)",
        description="Creates an invitation, never a membership: the person joins when they accept it. The answer "
        "is 202 with the same body whether or not an account has that username or address.",
        request=MemberInvitationSerializer,
        responses={202: InvitationSentSerializer},
    ),
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

    def get_permissions(self):
        # Leaving a group is never blocked by what that group requires (two-factor): a member
        # must always be able to walk out (issue 12).
        if self.request.method == "DELETE" and self.kwargs.get("username") == self.request.user.get_username():
            from rest_framework.permissions import IsAuthenticated

            return [IsAuthenticated()]
        return super().get_permissions()

    def _require_coordinator(self):
        if not self.organization.is_coordinator(self.request.user):
            raise PermissionDenied(_("Only the organization's coordinators add or remove members."))

    def create(self, request, *args, **kwargs):
        self._require_coordinator()
        serializer = MemberInvitationSerializer(data=request.data, context={"organization": self.organization})
        serializer.is_valid(raise_exception=True)
        invitation = self.organization.invite(by=request.user, **serializer.validated_data)
        send_invitation_on_commit(invitation)
        return Response({"detail": str(INVITATION_SENT)}, status=status.HTTP_202_ACCEPTED)

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
