"""applications/{application_pk}/filing/: "Prepare a filing" for scripts (permits.filing).

The same verb as the page (permits.filing.services.filing_prepare): the answers completed from the
application, checked against requirements.yaml, written as a Word file and attached as the
application's filing document."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import BoundedDateTimeField, JSONOnlyContentNegotiation
from config.api_schema import FORBIDDEN, NOT_AUTHENTICATED, NOT_FOUND, ErrorDetailSerializer
from organizations import access
from organizations.access import require
from permits.filing import answers as filing_answers
from permits.filing.services import DOCX, FilingIncomplete, NotADraft, filing_prepare, starting_answers
from permits.models import PermitApplication

TEXT = {"required": False, "allow_blank": True, "allow_null": True, "max_length": filing_answers.MAX_TEXT}


class FilingOrganizerSerializer(serializers.Serializer):
    name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    id_number = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=30,
        validators=[filing_answers.validate_id_number],
        help_text=_("The individual identification number (ИИН / ЖСН), 12 digits."),
    )
    address = serializers.CharField(required=False, allow_blank=True, max_length=500)
    phone = serializers.CharField(
        required=False, allow_blank=True, max_length=40, validators=[filing_answers.validate_phone]
    )
    email = serializers.EmailField(required=False, allow_blank=True, max_length=254)


class FilingAnswersSerializer(serializers.Serializer):
    language = serializers.ChoiceField(
        choices=filing_answers.FILING_LANGUAGE_CODES,
        required=False,
        help_text=_("The document's language; the one remembered for the application, else Russian."),
    )
    event_type = serializers.ChoiceField(choices=filing_answers.LEGAL_EVENT_TYPES, required=False)
    purpose = serializers.CharField(**TEXT)
    location = serializers.CharField(**TEXT)
    route = serializers.CharField(**TEXT)
    starts_at = BoundedDateTimeField(required=False, allow_null=True)
    ends_at = BoundedDateTimeField(required=False, allow_null=True)
    expected_participants = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=filing_answers.MAX_PARTICIPANTS
    )
    organizers = FilingOrganizerSerializer(many=True, required=False, max_length=filing_answers.MAX_ORGANIZERS)
    order_and_safety = serializers.CharField(**TEXT)
    medical_help = serializers.CharField(**TEXT)
    sound_equipment = serializers.CharField(**TEXT)
    remember = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_(
            "Keep the organizers' details and the means of order on the application for the next filing "
            "(members of the lead group only). Without it they go into the file only, and what was kept is forgotten."
        ),
    )

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            raise serializers.ValidationError({"non_field_errors": [_("Send the answers as a JSON object.")]})
        return super().to_internal_value(data)


MISSING = OpenApiResponse(
    inline_serializer(
        "FilingMissingItems",
        {
            "missing": inline_serializer(
                "FilingMissingItem",
                {
                    "item": serializers.CharField(help_text="The requirement's code, e.g. organizer_id_number."),
                    "article": serializers.CharField(
                        help_text="The article that asks for it: Art. 10 p. 3 or Art. 12 p. 2."
                    ),
                    "message": serializers.CharField(help_text="In the language of Accept-Language."),
                    "organizer": serializers.IntegerField(required=False, help_text="Which organizer (from 1)."),
                },
                many=True,
            )
        },
    ),
    description="An item the law asks for is missing (`missing`), or a value is malformed (field errors, as "
    'everywhere in the API: `{"field": ["message"]}`; an organizer\'s under `organizers`). Nothing was written.',
    examples=[
        OpenApiExample(
            "An organizer's ID number missing",
            value={
                "missing": [
                    {
                        "item": "organizer_id_number",
                        "article": "Art. 12 p. 2",
                        "message": "Organizer 1: Organizer's individual identification number (IIN) is missing; "
                        "Law 333-VI Art. 12 p. 2 asks for it.",
                        "organizer": 1,
                    }
                ]
            },
            response_only=True,
            status_codes=["400"],
        ),
        OpenApiExample(
            "A malformed value",
            value={"ends_at": ["The end must be after the start."]},
            response_only=True,
            status_codes=["400"],
        ),
    ],
)


class FilingView(APIView):
    content_negotiation_class = JSONOnlyContentNegotiation

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # Before the method: an application outside the caller's access is a 404 for every method.
        self.application = get_object_or_404(
            PermitApplication.objects.visible_to(request.user).for_list(), pk=kwargs["application_pk"]
        )

    @extend_schema(
        summary="Prepare the filing as a Word document",
        description=(
            "The notification (picket, meeting, rally: Law 333-VI Art. 10) or the application for approval "
            "(march, demonstration: Art. 12) of a draft application, in Russian or Kazakh, addressed to its "
            "authority. An answer left out is taken from the application (and from the details remembered for "
            "it); keys the interview does not know are ignored. The file is attached to the application as its "
            "`filing` document. Only the lead group's coordinators and members prepare it (others who see the "
            'application: 403). The items checked are kept as data and marked "verify" until read in the law.'
        ),
        request=FilingAnswersSerializer,
        responses={
            (200, DOCX): OpenApiResponse(OpenApiTypes.BINARY, description="The .docx file, as an attachment."),
            400: MISSING,
            401: NOT_AUTHENTICATED,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: OpenApiResponse(
                ErrorDetailSerializer,
                description="The application is not a draft: its filing is already made (record it instead).",
            ),
        },
    )
    def post(self, request, application_pk):
        application = require(
            PermitApplication.objects.editable_by(request.user), self.application, forbidden=access.NOT_EDITABLE
        )
        if not application.is_draft:  # before the body: whatever it holds, the answer is the same
            return Response({"detail": str(NotADraft.of(application))}, status=status.HTTP_409_CONFLICT)
        serializer = FilingAnswersSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        given = dict(serializer.validated_data)
        remember = given.pop("remember", False)
        answers = filing_answers.completed(starting_answers(application), given)
        try:
            prepared = filing_prepare(application=application, answers=answers, remember=remember, by=request.user)
        except FilingIncomplete as incomplete:
            return Response({"missing": [item.as_json() for item in incomplete.missing]}, status=400)
        except NotADraft as refused:
            return Response({"detail": str(refused)}, status=status.HTTP_409_CONFLICT)
        except DjangoValidationError as error:
            return Response(serializers.as_serializer_error(error), status=400)
        response = HttpResponse(prepared.content, content_type=DOCX)
        response["Content-Disposition"] = f'attachment; filename="{prepared.filename}"'
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response
