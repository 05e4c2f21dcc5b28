"""applications/{application_pk}/timeline/: the entries a person writes by hand, and reading all of them."""

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view

from accounts.api_fields import AuthorField
from config.api import PartlyWritableChoiceField, RuqsatModelSerializer
from permits.api.applications import ApplicationChildDetailMixin, ApplicationChildViewSet
from permits.models import (
    TimelineEntry,
)


def _manual_kind_error():
    # DRF fills {input}; the list of kinds is filled here, in the request's language.
    return _("“{input}” cannot be added by hand; use one of: %(kinds)s.") % {
        "kinds": ", ".join(TimelineEntry.MANUAL_KINDS)
    }


class TimelineEntrySerializer(RuqsatModelSerializer):
    kind = PartlyWritableChoiceField(
        choices=TimelineEntry.manual_kind_choices(),
        every_choice=TimelineEntry.Kind.choices,
        help_text=_("Filing, decisions and status changes are written by the application's own actions."),
        error_messages={"invalid_choice": lazy(_manual_kind_error, str)()},
    )
    created_by = AuthorField()

    class Meta:
        model = TimelineEntry
        fields = ["id", "happened_on", "kind", "summary", "details", "created_by", "created_at", "edited_at"]
        read_only_fields = ["created_at", "edited_at"]
        extra_kwargs = {"edited_at": {"help_text": _("When a person last edited the entry; null if never.")}}

    def create(self, validated_data):
        return TimelineEntry.add(**validated_data)

    def update(self, entry, validated_data):
        # The verb refuses what Ruqsat wrote (400) and another member's entry (403).
        return entry.edit(by=self.context["request"].user, **validated_data)

    def to_representation(self, instance):
        # What the system wrote (filing, decisions, appeals) in the request's language; what people
        # typed as typed.
        data = super().to_representation(instance)
        data["summary"], data["details"] = instance.display_summary(), instance.display_details()
        return data


@extend_schema_view(
    list=extend_schema(summary="The application's timeline, newest first"),
    create=extend_schema(summary="Add a meeting, call, letter, pressure, request to revise, hearing or note"),
    retrieve=extend_schema(summary="One timeline entry"),
    partial_update=extend_schema(
        summary="Edit an entry",
        description="Its author, or a coordinator of the lead group; entries Ruqsat wrote (filing, decisions, "
        "status changes) cannot be edited (400). The entry then shows `edited_at`.",
    ),
    destroy=extend_schema(
        summary="Delete an entry",
        description="Its author, or a coordinator of the lead group; entries Ruqsat wrote cannot be deleted (400).",
    ),
)
class TimelineViewSet(ApplicationChildDetailMixin, ApplicationChildViewSet):
    """What happened and when. Filing, decisions and status changes write their own entries."""

    serializer_class = TimelineEntrySerializer
    model = TimelineEntry

    def get_queryset(self):
        return super().get_queryset().select_related("created_by", "application__authority")

    def perform_create(self, serializer):
        serializer.save(application=self.application, by=self.request.user)

    def perform_destroy(self, entry):
        entry.remove(by=self.request.user)
