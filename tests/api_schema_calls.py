"""What the schema-driven API tests share (tests/test_fuzz_api.py, tests/test_api_conformance.py):
the schema loaded from the app itself and the checks a response must pass. Their fixtures
(generous_throttle, keep_the_test_connection) are in tests/conftest.py."""

import schemathesis
from django.core.wsgi import get_wsgi_application
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance, content_type_conformance]

# Generated requests only, from the schema: no boundary-value sweep (coverage) and no chains of
# calls (stateful), which would multiply the run time.
CONFIG = SchemathesisConfig.from_dict(
    {"phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}}, "generation": {"mode": "all"}}
)


def load_schema():
    """Loaded once, at collection, from the app itself (no server)."""
    return schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application(), config=CONFIG)
