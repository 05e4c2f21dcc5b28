"""Fuzzing the API from its own OpenAPI schema (schemathesis), as an authenticated member of a
group with a real application, through Django's WSGI app (no server).

Every operation the schema documents gets a few generated requests — valid and invalid bodies,
query strings and path ids — and every response must be: no server error, a status code the
schema documents for that operation, a body that matches the documented schema. Bounded in time:
a handful of examples per operation, no stateful phase.
"""

import pytest
from hypothesis import HealthCheck, settings

from permits.models import RefusalReason
from tests.api_schema_calls import CHECKS, load_schema
from tests.factories import filed_application

EXAMPLES_PER_OPERATION = 5
pytestmark = pytest.mark.usefixtures("generous_throttle", "keep_the_test_connection")


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


schema = load_schema()


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
