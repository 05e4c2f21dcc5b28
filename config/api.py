"""API conventions shared by every app's viewsets (API.md): pagination, error shapes, the 404 rule
and bounded dates. Kept free of drf-spectacular: DRF imports this module while it is itself still
loading (DEFAULT_PAGINATION_CLASS); the schema side is in config.api_schema."""

import datetime as dt

import django_filters
from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.pagination import PageNumberPagination
from rest_framework.views import exception_handler as drf_exception_handler

from config.dates import EARLIEST_YEAR, LATEST_YEAR, OUT_OF_RANGE


class StandardPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_number(self, request, paginator):
        """`?page=` as a whole number from 1 (or `last`); anything else is a 400 naming it. A page past
        the last stays a 404, as DRF answers it."""
        raw = request.query_params.get(self.page_query_param, "")
        if raw == "" or raw in self.last_page_strings:
            return super().get_page_number(request, paginator)
        if not (raw.isascii() and raw.isdigit() and int(raw) >= 1):
            message = _("Give a page number: a whole number from 1.")
            raise serializers.ValidationError({self.page_query_param: [message]})
        return raw

    def get_page_size(self, request):
        """`?page_size=` as a whole number from 1 (more than max_page_size gives max_page_size, as
        API.md says); anything else is a 400 naming it, not a page of the default size."""
        raw = request.query_params.get(self.page_size_query_param, "")
        if raw == "":
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if size < 1:
            message = _("Give a whole number of at least 1 (at most %(most)d are sent).") % {"most": self.max_page_size}
            raise serializers.ValidationError({self.page_size_query_param: [message]})
        return min(size, self.max_page_size)


class StrictBooleanField(forms.NullBooleanField):
    """A yes/no query parameter that refuses what it does not understand (django-filter's own
    ignores `?upcoming=maybe` and returns everything)."""

    TRUE, FALSE = {"1", "true", "True"}, {"0", "false", "False"}
    widget = forms.TextInput  # the raw text: NullBooleanSelect turns what it does not know into "unknown"

    def to_python(self, value):
        if value in (None, ""):
            return None
        if value in self.TRUE or value is True:
            return True
        if value in self.FALSE or value is False:
            return False
        raise DjangoValidationError(_("Give 1 or 0 (or true or false)."), code="invalid")

    def validate(self, value):
        pass


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


def exception_handler(exc, context):
    # Domain verbs and model clean() raise Django's ValidationError; the API answers them as a
    # 400 in the same shape as serializer errors instead of letting them become a 500.
    if isinstance(exc, DjangoValidationError):
        exc = serializers.ValidationError(serializers.as_serializer_error(exc))
    # DRF answers 403 to a request without credentials when the first authentication class
    # (the session) names no scheme; API.md promises 401, so name the token scheme.
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        exc.status_code = 401
        exc.auth_header = "Token"
    response = drf_exception_handler(exc, context)
    if response is not None:
        response.data = _without_lone_surrogates(response.data)
    return response


def _without_lone_surrogates(data):
    # Error messages quote the input ('"…" is not a valid choice.'); a lone surrogate in it (valid
    # JSON, invalid UTF-8) would make the JSON renderer fail with a 500.
    if isinstance(data, dict):
        return {key: _without_lone_surrogates(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_without_lone_surrogates(value) for value in data]
    if isinstance(data, str):
        clean = data.encode("utf-8", "replace").decode("utf-8")
        if clean != data:
            return serializers.ErrorDetail(clean, code=getattr(data, "code", None))
    return data


# --- Dates a person can mean (config.dates: the bounds the models' rules use too) -----------------


def out_of_range():
    return serializers.ValidationError(
        OUT_OF_RANGE % {"earliest": EARLIEST_YEAR, "latest": LATEST_YEAR}, code="out_of_range"
    )


class BoundedDateField(serializers.DateField):
    def to_internal_value(self, value):
        value = super().to_internal_value(value)
        if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
            raise out_of_range()
        return value


class BoundedDateTimeField(serializers.DateTimeField):
    def to_internal_value(self, value):
        try:
            value = super().to_internal_value(value)
        except OverflowError:  # DRF's own zone check on a naive moment in year 1
            raise out_of_range() from None
        if not EARLIEST_YEAR <= value.astimezone(dt.UTC).year <= LATEST_YEAR:
            raise out_of_range()
        return value


class PartlyWritableChoiceField(serializers.ChoiceField):
    """Takes `choices`, returns any of `every_choice` (a model's whole TextChoices): the timeline
    takes the kinds people add by hand and returns those Ruqsat wrote as well. The schema gives each
    direction its own enum (config.api_schema), so a kind added to the model reaches it at once."""

    def __init__(self, *, every_choice, **kwargs):
        self.every_choice = every_choice
        super().__init__(**kwargs)


class RuqsatModelSerializer(serializers.ModelSerializer):
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateField: BoundedDateField,
        models.DateTimeField: BoundedDateTimeField,
    }


# --- Objects outside the caller's access are 404 for every method ------------------------------


class HideOutsideObjectsMixin:
    # Look the addressed object up before DRF picks the method handler, so an object outside the
    # caller's access answers 404 to GET, POST, PUT, PATCH and DELETE alike (a 405 or 403 first
    # would tell an outsider that the id exists). Views define `check_addressed_objects()`, which
    # fetches through `visible_to(user)` and raises Http404; it runs after authentication, so an
    # anonymous caller still gets 401. (A comment, not a docstring: the schema would show it.)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.check_addressed_objects()

    def check_addressed_objects(self):
        lookup = self.lookup_url_kwarg or self.lookup_field
        if lookup in self.kwargs:
            self.get_object()


class JSONOnlyContentNegotiation(BaseContentNegotiation):
    """For views that answer with a file: any Accept header is fine, errors are JSON."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type
