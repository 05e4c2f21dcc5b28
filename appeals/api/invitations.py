"""appeals/{appeal_pk}/invitations/: inviting volunteers by email, through appeals.volunteers."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from appeals import volunteers
from appeals.api.appeals import AppealChildMixin
from appeals.models import (
    Appeal,
    AppealInvitation,
)
from config.api_schema import FORBIDDEN
from organizations import access
from organizations.access import require

# --- Invitations by email ----------------------------------------------------------------------------------------


class AppealInvitationSerializer(serializers.ModelSerializer):
    # Only the shape here: appeals.volunteers.appeal_invite_volunteer checks the address, as for the page.
    email = serializers.CharField(
        max_length=254,
        allow_blank=True,
        help_text=_("The address to send the link to; it need not belong to a Ruqsat account yet."),
    )
    state = serializers.ChoiceField(
        choices=AppealInvitation.STATES, read_only=True, help_text=_("pending until accepted.")
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
        invitation, mailed = volunteers.appeal_invite_and_send(
            appeal=self.appeal, email=serializer.validated_data["email"], by=request.user
        )
        context = {**self.get_serializer_context(), "email_sent": mailed}
        return Response(
            AppealInvitationCreatedSerializer(invitation, context=context).data, status=status.HTTP_201_CREATED
        )

    def perform_destroy(self, invitation):
        volunteers.appeal_invitation_revoke(invitation=invitation, by=self.request.user)
