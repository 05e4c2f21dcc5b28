"""co-organizer-invitations/: requests to co-organize an application, for the coordinators of the
invited groups to accept or decline (issue 12). Anyone else gets 404 for every id."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from config.api import HideOutsideObjectsMixin
from config.api_schema import RuqsatAutoSchema
from permits.models import CoOrganizerInvitation


class CoOrganizerInvitationSerializer(serializers.ModelSerializer):
    application = serializers.IntegerField(source="application_id", read_only=True)
    title = serializers.CharField(source="application.title", read_only=True)
    starts_at = serializers.DateTimeField(source="application.starts_at", read_only=True)
    lead = serializers.CharField(source="application.organization.name", read_only=True)
    organization = serializers.IntegerField(
        source="organization_id", read_only=True, help_text=_("The invited group (one you coordinate).")
    )
    state = serializers.ChoiceField(
        choices=CoOrganizerInvitation.STATES,
        read_only=True,
        help_text=_("pending, accepted, revoked (declined) or expired"),
    )

    class Meta:
        model = CoOrganizerInvitation
        fields = ["id", "application", "title", "starts_at", "lead", "organization", "state", "expires_at"]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(summary="Requests to co-organize, sent to the groups I coordinate (pending)"),
    retrieve=extend_schema(summary="One request to co-organize"),
    accept=extend_schema(summary="Accept: the group becomes a co-organizer", request=None),
    decline=extend_schema(summary="Decline the request", request=None),
)
class CoOrganizerInvitationViewSet(
    HideOutsideObjectsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Requests from other groups' applications to co-organize with one of your groups. Only that
    group's coordinators see and answer them."""

    serializer_class = CoOrganizerInvitationSerializer
    schema = RuqsatAutoSchema()
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CoOrganizerInvitation.objects.none()
        invitations = CoOrganizerInvitation.objects.for_coordinator(self.request.user).select_related(
            "application__organization"
        )
        return invitations.pending() if self.action == "list" else invitations.order_by("-created_at", "-id")

    def _answer(self, verb):
        invitation = self.get_object()
        if invitation.state != "pending":
            raise serializers.ValidationError(
                {"non_field_errors": [_("This request is no longer pending: it was answered, withdrawn or expired.")]}
            )
        try:
            verb(invitation)
        except DjangoValidationError as error:
            raise serializers.ValidationError({"non_field_errors": error.messages}) from None
        invitation.refresh_from_db()
        return Response(self.get_serializer(invitation).data)

    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._answer(lambda invitation: invitation.accept(request.user))

    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        return self._answer(lambda invitation: invitation.decline())
