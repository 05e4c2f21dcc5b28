"""Fuzzing the API from its own OpenAPI schema (schemathesis), as an authenticated member of a
group with a real application, through Django's WSGI app (no server).

Every operation the schema documents gets a few generated requests — valid and invalid bodies,
query strings and path ids — and every response must be: no server error, a status code the
schema documents for that operation, a body that matches the documented schema. Bounded in time:
a handful of examples per operation, no stateful phase.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.throttling import SimpleRateThrottle
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from permits.models import RefusalReason
from tests.factories import filed_application

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance, content_type_conformance]
EXAMPLES_PER_OPERATION = 5

# Generated requests only, from the schema: no boundary-value sweep (coverage) and no chains of
# calls (stateful), which would multiply the run time.
CONFIG = SchemathesisConfig.from_dict(
    {"phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}}, "generation": {"mode": "all"}}
)


@pytest.fixture
def member_token(world):
    """The lead group's member, with an application that has a refusal, a deadline and a document,
    so that the ids in generated paths sometimes name something real."""
    application = filed_application(organization=world.lead, by=world.coordinator)
    application.record_decision(
        outcome="refused",
        decided_on=application.filed_on,
        grounds=[{"reason": RefusalReason.objects.get(code="conflicting_event"), "quote": "another event"}],
        by=world.coordinator,
    )
    return world.member.issue_api_token()


@pytest.fixture(autouse=True)
def _generous_throttle(monkeypatch):
    # Hundreds of requests in a few seconds: far above the real throttle, which has its own test.
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"user": "100000/minute", "anon": "100000/minute"})


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    # Schemathesis calls the WSGI app directly, so Django's request signals run close_old_connections,
    # which closes the test's transaction-wrapped PostgreSQL connection mid-test (Django's test client
    # disconnects them for the same reason).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


# Loaded once, at collection, from the app itself: each documented operation becomes a test.
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application(), config=CONFIG)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
@pytest.mark.django_db
def test_no_request_breaks_the_api_or_its_documented_contract(case, member_token):
    case.call_and_validate(headers={"Authorization": f"Token {member_token}"}, checks=CHECKS)
