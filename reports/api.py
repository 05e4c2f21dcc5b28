"""reports/refusals/ (API.md): refusal counts over what the caller may see.

The query parameters are validated by the report page's own form (reports.forms.ReportFilterForm);
its errors are the 400's body, field by field."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api_schema import VALIDATION_ERROR, RuqsatAutoSchema
from permits.models import PermitApplication
from reports.forms import ReportFilterForm
from reports.services import BY_CHOICES, refusal_counts


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
            errors = {
                name: [error["message"] for error in items] for name, items in form.errors.get_json_data().items()
            }
            return Response(errors, status=400)
        rows = refusal_counts(
            applications=PermitApplication.objects.visible_to(request.user), by=form.breakdown, filters=form.filters()
        )
        return Response(RefusalCountSerializer(rows, many=True).data)


def register(router):
    """No viewsets: the report is a single view, in extra_urls."""


extra_urls = [path("reports/refusals/", RefusalReportView.as_view(), name="report-refusals")]
