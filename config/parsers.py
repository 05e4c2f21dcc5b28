"""The API's JSON parser, with nesting bounded.

Python's json module decodes recursively: a body of 100,000 `[` (200 KB, under the upload limit)
raised RecursionError and answered 500. No Ruqsat resource nests deeper than a handful of levels
(a decision, its grounds, a ground), so anything deeper than MAX_DEPTH is a 400 that says so —
whether the decoder gave up on it or parsed it.
"""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_DEPTH = 64


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise too_deep() from None
        if nesting_depth(data) > MAX_DEPTH:
            raise too_deep()
        return data


def too_deep() -> ParseError:
    return ParseError(
        _("The JSON body is nested more than %(depth)d levels deep; no request needs that many.") % {"depth": MAX_DEPTH}
    )


def nesting_depth(data) -> int:
    """How many arrays and objects deep `data` goes, walked without recursion (a scalar is 0)."""
    deepest = 0
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict):
            value = value.values()
        elif not isinstance(value, list):
            continue
        deepest = max(deepest, depth)
        pending.extend((child, depth + 1) for child in value)
    return deepest
