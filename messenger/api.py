"""me/telegram/ (API.md): the caller's own Telegram link. There is no id in the path: a person
reads, makes and removes only their own link. Where the site has no bot every method is a 404.
The chat id is never in an answer: it is how Telegram reaches the person, and a program holding
their API token has no use for it."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle
from rest_framework.views import APIView

from config.api_schema import ErrorDetailSerializer, RuqsatAutoSchema
from messenger.bot_api import BotUnavailable, enabled
from messenger.models import TelegramLink
from messenger.services import telegram_link_start, telegram_show_details, telegram_unlink


class TelegramNotSetUp(exceptions.NotFound):
    default_detail = _("Telegram is not set up on this site.")


class TelegramUnreachable(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = _("Telegram cannot be reached right now. Try again in a minute.")


class LinkCreationThrottle(UserRateThrottle):
    """Each new link replaces the last, so a person needs a few an hour at most; a script asking
    in a loop would only churn the table. Its own bucket, beside the general per-user rate."""

    scope = "telegram_link"
    rate = "10/hour"


class TelegramStatusSerializer(serializers.Serializer):
    linked = serializers.BooleanField(read_only=True)
    linked_at = serializers.DateTimeField(read_only=True, allow_null=True)
    working = serializers.BooleanField(
        read_only=True, help_text=_("False once Telegram refused our messages (the bot was blocked): link again.")
    )
    broken_at = serializers.DateTimeField(read_only=True, allow_null=True)
    broken_reason = serializers.CharField(read_only=True, allow_null=True)
    show_details = serializers.BooleanField(
        help_text=_(
            "Off: messages say only that something is due and link back to Ruqsat. "
            "Telegram can read what its bots send, and a taken phone shows it."
        )
    )

    @staticmethod
    def of(user) -> dict:
        link = TelegramLink.objects.filter(user=user).first()
        if link is None:
            return {
                "linked": False,
                "linked_at": None,
                "working": False,
                "broken_at": None,
                "broken_reason": None,
                "show_details": False,
            }
        return {
            "linked": True,
            "linked_at": link.linked_at,
            "working": link.is_working,
            "broken_at": link.broken_at,
            "broken_reason": link.broken_reason or None,
            "show_details": link.show_details,
        }


class TelegramSettingsSerializer(serializers.Serializer):
    show_details = serializers.BooleanField()

    def to_internal_value(self, data):
        # JSON true or false only (DRF's own takes "on" and 1), as me/preferences/ does.
        if isinstance(data, dict) and "show_details" in data and not isinstance(data["show_details"], bool):
            raise serializers.ValidationError({"show_details": [_("Must be true or false.")]})
        unknown = sorted(set(data) - set(self.fields)) if isinstance(data, dict) else []
        if unknown:
            raise serializers.ValidationError({name: [_("There is no such setting.")] for name in unknown})
        return super().to_internal_value(data)


class TelegramDeepLinkSerializer(serializers.Serializer):
    link = serializers.URLField(
        read_only=True, help_text=_("Open it on the phone with Telegram and press Start. It works once.")
    )
    expires_at = serializers.DateTimeField(read_only=True)


NOT_SET_UP = OpenApiResponse(ErrorDetailSerializer, description="The site has no Telegram bot.")


class TelegramLinkView(APIView):
    """The caller's Telegram link: whether it works, a new deep link to make one, unlinking."""

    schema = RuqsatAutoSchema()

    def get_throttles(self):
        if self.request.method == "POST":
            return [*super().get_throttles(), LinkCreationThrottle()]
        return super().get_throttles()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # authentication first: a stranger learns nothing
        if not enabled():
            raise TelegramNotSetUp

    @extend_schema(responses={200: TelegramStatusSerializer, 404: NOT_SET_UP})
    def get(self, request):
        return Response(TelegramStatusSerializer.of(request.user))

    @extend_schema(
        request=None,
        responses={
            201: TelegramDeepLinkSerializer,
            404: NOT_SET_UP,
            429: OpenApiResponse(ErrorDetailSerializer, description="Too many links asked for: wait."),
            503: OpenApiResponse(ErrorDetailSerializer, description="Telegram could not be asked the bot's name."),
        },
    )
    def post(self, request):
        try:
            offer = telegram_link_start(user=request.user)
        except BotUnavailable:
            raise TelegramUnreachable from None
        return Response({"link": offer.link, "expires_at": offer.expires_at}, status=status.HTTP_201_CREATED)

    @extend_schema(request=TelegramSettingsSerializer, responses={200: TelegramStatusSerializer, 404: NOT_SET_UP})
    def patch(self, request):
        serializer = TelegramSettingsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if telegram_show_details(user=request.user, show=serializer.validated_data["show_details"]) is None:
            raise serializers.ValidationError(
                {"show_details": [_("Your account has no Telegram link: link Telegram first.")]}
            )
        return Response(TelegramStatusSerializer.of(request.user))

    @extend_schema(request=None, responses={204: None, 404: NOT_SET_UP})
    def delete(self, request):
        telegram_unlink(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


def register(router):
    pass


extra_urls = [path("me/telegram/", TelegramLinkView.as_view(), name="me-telegram")]
