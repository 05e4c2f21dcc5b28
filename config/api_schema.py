"""What the OpenAPI schema says about every operation besides its own body: API.md's error responses."""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_choice_field
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse
from rest_framework import serializers

VALIDATION_ERROR = OpenApiResponse(
    response=OpenApiTypes.OBJECT,
    description=(
        "Invalid input: each field in error maps to a list of messages; `non_field_errors` holds "
        "errors about the whole object (e.g. a status change that is not allowed)."
    ),
    examples=[
        OpenApiExample(
            "Field errors",
            value={"ends_at": ["The end must be after the start."], "event_type": ['"parade" is not a valid choice.']},
            response_only=True,
            status_codes=["400"],
        )
    ],
)


class ErrorDetailSerializer(serializers.Serializer):
    detail = serializers.CharField()


NOT_AUTHENTICATED = OpenApiResponse(ErrorDetailSerializer, description="No or invalid credentials.")
NOT_FOUND = OpenApiResponse(
    ErrorDetailSerializer,
    description="No such object, or it is outside your access (never 403, so its existence stays private).",
)
PAGE_NOT_FOUND = OpenApiResponse(ErrorDetailSerializer, description="No such page: `page` is past the last one.")
FORBIDDEN = OpenApiResponse(
    ErrorDetailSerializer,
    description="You can see this object but your role does not let you change it.",
)


class PartlyWritableChoiceFieldExtension(OpenApiSerializerFieldExtension):
    """config.api.PartlyWritableChoiceField: the choices it takes in a request, all of them in a response."""

    target_class = "config.api.PartlyWritableChoiceField"

    def map_serializer_field(self, auto_schema, direction):
        if direction == "request":
            return auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        return build_choice_field(serializers.ChoiceField(choices=self.target.every_choice))


class RuqsatAutoSchema(AutoSchema):
    """Adds API.md's error responses to every operation: 401 always, 404 where the path names an
    object, 400 for writes and for lists (filters, `page`, `page_size`), 403 for writes on objects."""

    def get_tags(self):
        # Group operations by resource (applications, organizations, …) rather than all under "v1";
        # extend_schema(tags=…) still wins, as it subclasses this schema.
        parts = [part for part in self.path.split("/") if part and part not in ("api", "v1")]
        return parts[:1] or super().get_tags()

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        standard = {"401": NOT_AUTHENTICATED}
        has_path_object = "{" in self.path
        writes = self.method in ("POST", "PUT", "PATCH", "DELETE")
        if has_path_object:
            standard["404"] = NOT_FOUND
        elif self.method == "GET" and self._is_list_view():
            standard["404"] = PAGE_NOT_FOUND  # ?page= past the last page (DRF's paginator)
        # A list refuses a filter, `page` or `page_size` it does not understand (config.api).
        filters = getattr(self.view, "filterset_class", None) or getattr(self.view, "filterset_fields", None)
        if writes or (self.method == "GET" and (filters or self._is_list_view())):
            standard["400"] = VALIDATION_ERROR
        if writes and has_path_object:
            standard["403"] = FORBIDDEN
        for code, response in standard.items():
            responses.setdefault(code, self._get_response_for_code(response, code, direction=direction))
        return responses


# Any operation may answer 400 before its view runs: a NUL in the path, query or a header
# (config/bad_input.py) or a JSON body nested too deep (config/parsers.py).
BAD_REQUEST = {
    "description": (
        "Invalid input: a NUL character in the address, the query or a header, or a JSON body "
        "nested too deep (`detail` says which); for writes, field errors as above."
    ),
    "content": {"application/json": {"schema": {"type": "object", "properties": {"detail": {"type": "string"}}}}},
}
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def document_bad_request_everywhere(result, generator, request, public):
    """drf-spectacular post-processing hook: a 400 on every operation that documents none."""
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method in HTTP_METHODS:
                operation.setdefault("responses", {}).setdefault("400", BAD_REQUEST)
    return result
