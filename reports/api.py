"""reports/refusals/ (API.md): refusal counts over what the caller may see; and
reports/{applications,decisions,deadlines}.{csv,xlsx}: the pages' exports, for scripts.

The query parameters are validated by the pages' own forms (reports.forms.ReportFilterForm, and the
applications list's for the applications and deadlines exports); their errors are the 400's body,
field by field."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api_schema import VALIDATION_ERROR, RuqsatAutoSchema
from permits.models import EventType, PermitApplication, Status
from reports import exports
from reports.forms import ReportFilterForm
from reports.services import BY_CHOICES, refusal_counts


def form_errors(form) -> dict[str, list[str]]:
    return {name: [error["message"] for error in items] for name, items in form.errors.get_json_data().items()}


class RefusalCountSerializer(serializers.Serializer):
    key = serializers.CharField(
        help_text=_("The reason code, the authority id, the year or the event type code, as text.")
    )
    label = serializers.CharField(help_text=_("What to show: the reason, authority or event type name, or the year."))
    count = serializers.IntegerField(
        help_text=_("Refusals; by reason, grounds — a refusal on two grounds counts under each.")
    )


class RefusalReportView(APIView):
    """Refusals of the applications you can see, counted by reason, authority, year or event type.

    By `reason` each ground counts (a refusal citing two reasons counts under both); otherwise each
    refusal decision counts once. The period and the year are those of the decision's date."""

    schema = RuqsatAutoSchema()

    @extend_schema(
        summary="Refusal counts",
        tags=["reports"],
        parameters=[
            OpenApiParameter("by", str, enum=list(BY_CHOICES), description="What to count by (default: reason)."),
            OpenApiParameter("from", OpenApiTypes.DATE, description="Decided on or after this day."),
            OpenApiParameter("to", OpenApiTypes.DATE, description="Decided on or before this day."),
            OpenApiParameter("jurisdiction", str, description="A jurisdiction code; a country includes its cities."),
            OpenApiParameter("organization", int, description="One of your groups, as lead or co-organizer."),
        ],
        responses={200: RefusalCountSerializer(many=True), 400: VALIDATION_ERROR},
    )
    def get(self, request):
        form = ReportFilterForm(request.query_params, user=request.user)
        if not form.is_valid():
            return Response(form_errors(form), status=400)
        rows = refusal_counts(
            applications=PermitApplication.objects.visible_to(request.user), by=form.breakdown, filters=form.filters()
        )
        return Response(RefusalCountSerializer(rows, many=True).data)


class JsonErrorsWhateverTheAccept(BaseContentNegotiation):
    """The file is the answer whatever the Accept header (a script asking for text/csv must not get
    a 406); an error is JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type

    def select_parser(self, request, parsers):
        return parsers[0]


APPLICATION_FILTERS = [
    OpenApiParameter("q", str, description="Title, place, applicant or reference number contains this."),
    OpenApiParameter("status", str, enum=Status.values, description="An application status code."),
    OpenApiParameter("event_type", str, enum=EventType.values, description="An event type code."),
    OpenApiParameter("organization", int, description="One of your groups, as lead or co-organizer."),
]
REPORT_FILTERS = [
    OpenApiParameter("from", OpenApiTypes.DATE, description="Decided on or after this day."),
    OpenApiParameter("to", OpenApiTypes.DATE, description="Decided on or before this day."),
    OpenApiParameter("jurisdiction", str, description="A jurisdiction code; a country includes its cities."),
    OpenApiParameter("organization", int, description="One of your groups, as lead or co-organizer."),
]
EXPORT_RESPONSES = {
    (200, "text/csv"): OpenApiTypes.BINARY,
    (200, exports.XLSX_CONTENT_TYPE): OpenApiTypes.BINARY,
    400: VALIDATION_ERROR,
}


class ExportView(APIView):
    """The export the pages offer, as a file: CSV (UTF-8 with a byte-order mark, every field quoted,
    formulas defused) or XLSX, over what you can see."""

    schema = RuqsatAutoSchema()
    content_negotiation_class = JsonErrorsWhateverTheAccept
    what = "applications"

    def get(self, request, fmt):
        form = exports.export_filter_form(self.what, request.query_params, user=request.user)
        if not form.is_valid():
            return Response(form_errors(form), status=400)
        return exports.export_response_of(self.what, form, user=request.user, fmt=fmt)


@extend_schema(
    summary="Applications export",
    tags=["reports"],
    parameters=APPLICATION_FILTERS,
    responses=EXPORT_RESPONSES,
)
class ApplicationsExportView(ExportView):
    what = "applications"


@extend_schema(
    summary="Deadlines export",
    tags=["reports"],
    parameters=APPLICATION_FILTERS,
    responses=EXPORT_RESPONSES,
)
class DeadlinesExportView(ExportView):
    what = "deadlines"


@extend_schema(
    summary="Decisions and grounds export",
    tags=["reports"],
    parameters=REPORT_FILTERS,
    responses=EXPORT_RESPONSES,
)
class DecisionsExportView(ExportView):
    what = "decisions"


def register(router):
    """No viewsets: the report is a single view, in extra_urls."""


EXPORT_VIEWS = {
    "applications": ApplicationsExportView,
    "decisions": DecisionsExportView,
    "deadlines": DeadlinesExportView,
}

extra_urls = [
    path("reports/refusals/", RefusalReportView.as_view(), name="report-refusals"),
    *(
        path(f"reports/{what}.{fmt}", view.as_view(), {"fmt": fmt}, name=f"report-export-{what}-{fmt}")
        for what, view in EXPORT_VIEWS.items()
        for fmt in exports.EXPORT_FORMATS
    ),
]
