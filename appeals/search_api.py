"""GET /api/v1/search/?q= (API.md): the authorities' words, timelines and drafts the caller may
see, best first. The query is validated by the search page's own form; the snippets are HTML, the
stored text escaped and the matching words in <mark> (appeals/search.py)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.views import APIView

from appeals.forms import SearchForm
from appeals.search import ResultKind, search_authorities_words
from config.api import StandardPagination
from config.api_schema import NOT_AUTHENTICATED, VALIDATION_ERROR


class SearchResultSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ResultKind.choices, help_text="quote, timeline or draft")
    application = serializers.IntegerField(source="application.pk")
    appeal = serializers.IntegerField(source="appeal.pk", allow_null=True, default=None)
    label = serializers.CharField(help_text="The refusal reason, the timeline entry's kind and date, or the venue.")
    snippet = serializers.CharField(
        help_text="HTML: the text around the match, escaped, the matching words in <mark> elements."
    )


SEARCH_RESULTS_PAGE = inline_serializer(
    "PaginatedSearchResultList",
    fields={
        "count": serializers.IntegerField(),
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "results": SearchResultSerializer(many=True),
    },
)


class SearchView(APIView):
    @extend_schema(
        summary="Search the authorities' words, timelines and drafts",
        parameters=[OpenApiParameter("q", str, required=True, description="2 to 200 characters.")],
        responses={200: SEARCH_RESULTS_PAGE, 400: VALIDATION_ERROR, 401: NOT_AUTHENTICATED},
    )
    def get(self, request):
        form = SearchForm(request.query_params)
        if not form.is_valid():
            raise ValidationError({field: list(errors) for field, errors in form.errors.items()})
        results = search_authorities_words(request.user, form.cleaned_data["q"])
        paginator = StandardPagination()
        page = paginator.paginate_queryset(results, request, view=self)
        return paginator.get_paginated_response(SearchResultSerializer(page, many=True).data)
