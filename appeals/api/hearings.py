"""appeals/{appeal_pk}/hearings/: the hearings of an appeal."""

from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, viewsets

from appeals.api.appeals import AppealChildMixin
from appeals.models import (
    Appeal,
    Hearing,
)
from config.api import (
    BoundedDateTimeField,
    RuqsatModelSerializer,
)
from organizations import access
from organizations.access import require

# --- Hearings -------------------------------------------------------------------------------------------------


class HearingSerializer(RuqsatModelSerializer):
    starts_at = BoundedDateTimeField()

    class Meta:
        model = Hearing
        fields = ["id", "starts_at", "place", "notes", "result", "created_at"]
        read_only_fields = ["result", "created_at"]


@extend_schema_view(
    list=extend_schema(summary="The appeal's hearings"),
    create=extend_schema(
        summary="Schedule a hearing",
        description="Adds a hearing deadline and sets the appeal's status to hearing_scheduled. Only for a filed "
        "appeal.",
    ),
)
class HearingViewSet(AppealChildMixin, mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    serializer_class = HearingSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Hearing.objects.none()
        return Hearing.objects.visible_to(self.request.user).filter(appeal=self.appeal)

    def perform_create(self, serializer):
        require(Appeal.objects.workable_by(self.request.user), self.appeal, forbidden=access.NOT_WORKABLE)
        serializer.instance = self.appeal.schedule_hearing(by=self.request.user, **serializer.validated_data)
