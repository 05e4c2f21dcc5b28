"""notifications/ (the bell) and me/preferences/ (API.md). A notification is only ever its
reader's, and only while they still see what it is about (Notification.objects.visible_to):
anything else is a 404."""

import contextlib
import zoneinfo

from django.db import transaction
from django.urls import path
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User, validate_time_zone
from config.api import HideOutsideObjectsMixin
from config.api_schema import RuqsatAutoSchema
from config.celery import enqueue_on_commit
from reminders.models import Notification, ReminderPreference, validate_offsets
from reminders.tasks import sync_user
from reminders.telegram_link import telegram_offered, telegram_working


class NotificationSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=Notification.Kind.choices, read_only=True)
    text = serializers.CharField(read_only=True, help_text=_("What happened, in your language."))
    details = serializers.CharField(read_only=True)
    read = serializers.BooleanField(source="is_read", read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "text", "details", "application", "appeal", "deadline", "url", "read", "created_at"]
        read_only_fields = fields


class NotificationViewSet(
    HideOutsideObjectsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The caller's notifications, unread first."""

    serializer_class = NotificationSerializer
    schema = RuqsatAutoSchema()

    def initial(self, request, *args, **kwargs):
        # The texts are written now, in the reader's language and zone. A token caller is only known
        # here, after UserLanguageMiddleware saw an anonymous request: do what it does for a session.
        user = request.user
        if getattr(user, "language", ""):
            translation.activate(user.language)
        if getattr(user, "time_zone", ""):
            with contextlib.suppress(zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
        super().initial(request, *args, **kwargs)

    def get_queryset(self):
        return Notification.objects.visible_to(self.request.user).for_bell()

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = self.get_object()
        Notification.objects.filter(pk=notification.pk).mark_read()
        notification.refresh_from_db()
        return Response(self.get_serializer(notification).data)

    @extend_schema(
        request=None,
        responses=inline_serializer("NotificationsMarkedRead", {"marked_read": serializers.IntegerField()}),
    )
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        return Response({"marked_read": self.get_queryset().mark_read()})


class OffsetsField(serializers.JSONField):
    """The days before a deadline, checked by the model's one rule (validate_offsets): a list of
    whole numbers from the offered choices, so "7", 7.0 or -1 are a 400 naming the field."""

    def to_internal_value(self, data):
        validate_offsets(data)
        return sorted(set(data), reverse=True)


class StrictBooleanField(serializers.BooleanField):
    """JSON true or false only: "yes", 1 or "maybe" are a 400 (DRF's own takes "on" and 1)."""

    def to_internal_value(self, data):
        if isinstance(data, bool):
            return data
        self.fail("invalid", input=data)


# Where reminders go, as me/preferences/ names them, and the preference each one is.
CHANNELS = {"email": "by_email", "telegram": "by_telegram", "in_app": "in_app"}
CHANNEL_CHOICES = [("email", _("Email")), ("telegram", _("Telegram")), ("in_app", _("In Ruqsat (the bell)"))]


class PreferencesSerializer(serializers.Serializer):
    wants_reminders = StrictBooleanField(required=False)
    offsets = OffsetsField(
        required=False, help_text=_("Days before a deadline, from 30, 21, 14, 10, 7, 5, 3, 2, 1, 0.")
    )
    by_email = StrictBooleanField(required=False, help_text=_("Reminders by email."))
    in_app = StrictBooleanField(required=False, help_text=_("Reminders on the bell."))
    channels = serializers.ListField(
        child=serializers.ChoiceField(choices=CHANNEL_CHOICES),
        required=False,
        help_text=_(
            "Where reminders go: every channel listed, and no other. Telegram only with a working link "
            "(me/telegram/); a broken link is left out until you link again."
        ),
    )
    email_events = StrictBooleanField(
        required=False, help_text=_("An email for each event: decisions, appeals opened or filed, hearings.")
    )
    discreet = StrictBooleanField(required=False)
    digest = serializers.ChoiceField(
        choices=ReminderPreference.DigestFrequency.choices,
        required=False,
        help_text=_("A summary by email at 09:00 in your time zone: off, daily, or weekly on Mondays."),
    )
    language = serializers.ChoiceField(
        choices=User._meta.get_field("language").choices, required=False, allow_blank=True
    )
    time_zone = serializers.CharField(required=False, max_length=64, validators=[validate_time_zone])

    PREFERENCE_FIELDS = ("wants_reminders", "offsets", "by_email", "in_app", "email_events", "discreet", "digest")
    USER_FIELDS = ("language", "time_zone")

    def validate(self, attrs):
        # A field the API does not know (a typo, or "user" aimed at someone else's settings) is an
        # error naming it, not silently ignored.
        unknown = sorted(set(self.initial_data) - set(self.fields)) if isinstance(self.initial_data, dict) else []
        if unknown:
            raise serializers.ValidationError({name: [_("There is no such setting.")] for name in unknown})
        if "channels" in attrs and ({"by_email", "in_app"} & set(attrs)):
            raise serializers.ValidationError(
                {"channels": [_("Give either channels or by_email and in_app, not both.")]}
            )
        return attrs

    def validate_channels(self, value):
        if "telegram" in value:
            if not telegram_offered():
                raise serializers.ValidationError(_("Telegram is not set up on this site."))
            if not telegram_working(self.context["user"]):
                raise serializers.ValidationError(
                    _(
                        "Your account has no working Telegram link. Link Telegram on your profile first "
                        "(again, if Telegram stopped taking our messages)."
                    )
                )
        return [channel for channel in CHANNELS if channel in value]

    @classmethod
    def current(cls, user) -> dict:
        preference = ReminderPreference.for_user(user)
        values = {name: getattr(preference, name) for name in cls.PREFERENCE_FIELDS}
        values["offsets"] = preference.sorted_offsets
        # What the person gets, not only what was once ticked: Telegram counts while the link works.
        telegram = preference.by_telegram and telegram_working(user)
        values["channels"] = [
            channel
            for channel, field_name in CHANNELS.items()
            if (telegram if channel == "telegram" else getattr(preference, field_name))
        ]
        values.update({name: getattr(user, name) for name in cls.USER_FIELDS})
        return values

    @transaction.atomic
    def save_for(self, user) -> None:
        data = self.validated_data
        choices = {name: data[name] for name in self.PREFERENCE_FIELDS if name in data}
        if "channels" in data:
            choices.update({field_name: channel in data["channels"] for channel, field_name in CHANNELS.items()})
        if choices:
            current = self.current(user)
            current["by_telegram"] = ReminderPreference.for_user(user).by_telegram
            preference = ReminderPreference.save_for(
                user, **{name: choices.get(name, current[name]) for name in (*self.PREFERENCE_FIELDS, "by_telegram")}
            )
            enqueue_on_commit(sync_user, user.pk, preference.updated_at.isoformat())
        changed = [name for name in self.USER_FIELDS if name in data and getattr(user, name) != data[name]]
        if changed:
            for name in changed:
                setattr(user, name, data[name])
            user.save(update_fields=changed)  # a new time zone re-plans the reminders (reminders.receivers)


class PreferencesView(APIView):
    """The caller's own reminder and notification settings, language and time zone."""

    schema = RuqsatAutoSchema()

    @extend_schema(responses=PreferencesSerializer)
    def get(self, request):
        return Response(PreferencesSerializer.current(request.user))

    @extend_schema(request=PreferencesSerializer, responses=PreferencesSerializer)
    def patch(self, request):
        serializer = PreferencesSerializer(data=request.data, partial=True, context={"user": request.user})
        serializer.is_valid(raise_exception=True)
        serializer.save_for(request.user)
        return Response(PreferencesSerializer.current(request.user), status=status.HTTP_200_OK)


def register(router):
    router.register("notifications", NotificationViewSet, basename="notification")


extra_urls = [path("me/preferences/", PreferencesView.as_view(), name="me-preferences")]
