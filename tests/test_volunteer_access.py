"""The volunteer walk (issue 12): a lawyer of a legal-aid organization, assigned to appeal A of the
lead group's application and a member of none of its groups, walks every route that names an object.

- Every route that names appeal B of the same application, or what belongs to it (its draft,
  revisions, hearings, invitations, deadlines), answers 404 to every method: B is not hers to know.
- Every route that names the group itself (the organization, its members, its invitations) answers
  404, as it does to an outsider; so does one naming another person's notification.
- The application and what hangs off it (its documents, timeline, decisions) she reads, but may not
  change: the API refuses a write (400, 403, 404 or 405), a page shows its refusal.
- Nothing in the database changes, whatever she sends.

The walker and how to teach it a new kind of argument: tests/route_walker.py."""

import pytest

from appeals.models import AppealVolunteer
from appeals.services import appeal_open
from organizations.models import Membership, Organization
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.route_walker import (
    EDITORS_ONLY,
    PUBLIC_BY_DESIGN,
    ROUTES,
    build_url,
    exercise,
    is_404,
    is_refused_to_non_editors,
    make_lead_objects,
    object_keys,
    object_values,
)

# What a route may name, by the part of the world it belongs to (tests/route_walker.OBJECT_NOUNS).
OTHER_APPEALS = {"appeal", "revision", "hearing", "appeal_invitation", "deadline"}
THE_GROUP = {"organization", "membership", "invitation", "user", "api_token", "co_organizer_invitation", "authority"}
THE_APPLICATION = {"application", "document", "entry", "decision", "ground"}
# Another person's own: a member's notification about the application is hers alone.
SOMEONE_ELSES = {"notification"}


@pytest.fixture
def volunteer_world(world):
    """The lead group's objects, with appeal B (the walker's "appeal": its draft, revision, hearing,
    invitation and filing deadline) and appeal A, to the court, assigned to the volunteer."""
    objects = make_lead_objects(world)
    other = objects["appeal"]
    assigned = appeal_open(decision=objects["decision"], venue="court", by=world.coordinator, language="en")
    volunteer = UserFactory(username="gulnar")
    legal_aid = OrganizationFactory(name="Almaty Legal Aid", kind=Organization.Kind.LEGAL_AID)
    MembershipFactory(user=volunteer, organization=legal_aid, role=Membership.Role.MEMBER)
    # The assignment as accepting an invitation makes it: she is in none of the application's groups.
    AppealVolunteer.objects.create(appeal=assigned, user=volunteer, assigned_by=world.coordinator)
    # A deadline of appeal B, not one of the application's own (which the volunteer may read).
    objects["deadline"] = other.filing_deadline
    assert objects["deadline"].appeal_id == other.pk
    return volunteer, assigned, objects


def is_a_refused_write(response):
    # Nothing changed is checked for every method (exercise); here, no 5xx, and no API write that
    # claims success. A page may answer a refused POST with its form and the error (200), or send
    # her back with a message, as it does everyone.
    method = response.request["REQUEST_METHOD"]
    if response.status_code >= 500:
        return f"{response.status_code}"
    is_api = response.request["PATH_INFO"].startswith("/api/")
    if method != "GET" and is_api and response.status_code not in (400, 403, 404, 405):
        return f"{response.status_code}, expected a refusal (400, 403, 404 or 405)"
    return None


@pytest.mark.django_db
def test_the_volunteer_works_on_appeal_a_through_the_walked_routes(client, world, volunteer_world):
    # The walk below would pass for someone who sees nothing at all: she does see appeal A.
    volunteer, assigned, _objects = volunteer_world
    client.force_login(volunteer)
    assert client.get(f"/appeals/{assigned.pk}/").status_code == 200
    assert client.get(f"/api/v1/appeals/{assigned.pk}/draft/").status_code == 200
    assert client.get(f"/applications/{assigned.application_id}/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("route", [r for r in ROUTES if r.name not in PUBLIC_BY_DESIGN], ids=str)
def test_a_volunteer_gets_404_on_the_other_appeal_and_cannot_change_the_application(route, world, volunteer_world):
    volunteer, _assigned, objects = volunteer_world
    values = object_values(route, objects, world)
    url = build_url(route, values)
    named = set(object_keys(route).values())
    if route.name in EDITORS_ONLY:
        expected = is_refused_to_non_editors
    elif named & (OTHER_APPEALS | THE_GROUP | SOMEONE_ELSES):
        expected = is_404
    else:
        assert named <= THE_APPLICATION, f"{route} names {named}: teach the volunteer walk which part it is"
        expected = is_a_refused_write
    failures = exercise(url, route.is_api, {"volunteer": expected}, world, objects, users={"volunteer": volunteer})
    assert not failures, "\n".join(failures)
