"""imports/ (API.md): a group's history from a CSV or XLSX, one outcome per row; and the template.

The group is the `organization` form field: one the caller belongs to (else 404, as for any object
outside their access), and coordinates (else 403, as on the page)."""

from django.core.exceptions import ValidationError
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api_schema import FORBIDDEN, VALIDATION_ERROR, ErrorDetailSerializer, RuqsatAutoSchema
from imports.files import template_response
from imports.reading import read_upload
from imports.services import DUPLICATE, OK, REFUSED, history_import, require_coordinator
from organizations import access
from reports.api import JsonErrorsWhateverTheAccept
from reports.exports import XLSX_CONTENT_TYPE


class ExplicitBooleanField(serializers.BooleanField):
    """A form field DRF would read as false when left out (an HTML checkbox's rule): here leaving
    it out is a 400, so a script that forgets `dry_run` previews nothing and imports nothing."""

    default_empty_html = serializers.empty


class HistoryImportSerializer(serializers.Serializer):
    organization = serializers.IntegerField(help_text=_("The group whose history this is; you coordinate it."))
    file = serializers.FileField(help_text=_("A CSV (comma or semicolon; UTF-8 or Windows-1251) or an XLSX."))
    dry_run = ExplicitBooleanField(help_text=_("true: say what would be stored and store nothing."))


class RowOutcomeSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text=_("The row's number in the spreadsheet (the header is row 1)."))
    status = serializers.ChoiceField(choices=[OK, REFUSED, DUPLICATE])
    reason = serializers.CharField(help_text=_("Why the row was refused or is a duplicate, in your language."))
    application = serializers.IntegerField(
        allow_null=True, help_text=_("The stored application (or the one it duplicates); none in a dry run.")
    )
    decision = serializers.IntegerField(allow_null=True)
    appeal = serializers.IntegerField(allow_null=True)


class HistoryImportResultSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField()
    rows = RowOutcomeSerializer(many=True)


class HistoryImportView(APIView):
    """Import a group's past applications, decisions (with grounds and quotes) and appeals. Each row
    is stored alone through the same verbs as a typed application; a bad row is refused with its
    reason and stops no other. A row already in Ruqsat is a duplicate and adds nothing."""

    schema = RuqsatAutoSchema()
    parser_classes = [MultiPartParser]

    @extend_schema(
        summary="Import history",
        tags=["imports"],
        request={"multipart/form-data": HistoryImportSerializer},
        responses={
            200: HistoryImportResultSerializer,
            400: VALIDATION_ERROR,
            403: FORBIDDEN,
            404: OpenApiResponse(ErrorDetailSerializer, description="You are in no group with that id."),
        },
    )
    def post(self, request):
        serializer = HistoryImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        organization = access.organizations_of(request.user).filter(pk=data["organization"]).first()
        if organization is None:
            raise NotFound(_("You are in no group with the id %(id)s.") % {"id": data["organization"]})
        require_coordinator(organization=organization, by=request.user)  # a member: 403, as on the page
        try:
            rows = read_upload(data["file"])
        except ValidationError as refusal:
            return Response(refusal.message_dict, status=400)
        outcomes = history_import(organization=organization, by=request.user, rows=rows, dry_run=data["dry_run"])
        return Response(
            HistoryImportResultSerializer({"dry_run": data["dry_run"], "rows": [o.as_dict() for o in outcomes]}).data
        )


@extend_schema(
    summary="History import template",
    tags=["imports"],
    responses={(200, "text/csv"): OpenApiTypes.BINARY, (200, XLSX_CONTENT_TYPE): OpenApiTypes.BINARY},
)
class HistoryTemplateView(APIView):
    """The header row the import reads, in your language."""

    schema = RuqsatAutoSchema()
    content_negotiation_class = JsonErrorsWhateverTheAccept

    def get(self, request, fmt):
        return template_response(fmt)


def register(router):
    """No viewsets: the import and its template are single views, in extra_urls."""


extra_urls = [
    path("imports/", HistoryImportView.as_view(), name="imports"),
    *(
        path(f"imports/template.{fmt}", HistoryTemplateView.as_view(), {"fmt": fmt}, name=f"imports-template-{fmt}")
        for fmt in ("csv", "xlsx")
    ),
]
