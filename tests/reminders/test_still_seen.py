"""The sweep's check that each reminder's person still sees its deadline (reminders.recipients.
StillSeen): the access rule compiled once for a stand-in and asked for a whole batch in one query
answers exactly as Deadline.objects.visible_to does, for every kind of person."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from appeals.models import Appeal, AppealVolunteer
from organizations.models import Membership, Organization
from permits.models import Deadline
from reminders.recipients import StillSeen
from tests.factories import MembershipFactory, PermitApplicationFactory, UserFactory, refused_application
from tests.reminders.conftest import custom_deadline

UTC = dt.UTC


@pytest.fixture
def two_appeals(clock, world):
    """A refused application of the lead group, co-organized, with two appeals; an outside lawyer
    assigned to the first only; another group's application beside it."""
    clock.set(dt.datetime(2021, 11, 26, 6, 0, tzinfo=UTC))
    application = refused_application(
        organization=world.lead,
        co_organizers=[world.co_group],
        filed_on=dt.date(2021, 11, 16),
        decided_on=dt.date(2021, 11, 26),
        by=world.coordinator,
    )
    clock.set(dt.datetime(2021, 11, 29, 6, 0, tzinfo=UTC))
    appeals = []
    for venue in ("higher_authority", "court"):
        appeal = Appeal.objects.create(
            application=application,
            decision=application.latest_decision,
            venue=venue,
            language="en",
            created_by=world.coordinator,
        )
        appeal.sync_deadlines(by=world.coordinator)
        appeals.append(appeal)
    legal_aid = Organization.objects.create(name="Legal aid", kind=Organization.Kind.LEGAL_AID)
    lawyer = UserFactory(username="dariga")
    MembershipFactory(user=lawyer, organization=legal_aid, role=Membership.Role.MEMBER)
    AppealVolunteer.objects.create(appeal=appeals[0], user=lawyer, assigned_by=world.coordinator)
    custom_deadline(application, dt.date(2021, 12, 24), title="Collect the signatures")
    elsewhere = PermitApplicationFactory(organization=world.other_group)
    custom_deadline(elsewhere, dt.date(2021, 12, 24), title="Theirs")
    return application, appeals, lawyer


def visible_pairs(people, deadline_ids) -> set[tuple[int, int]]:
    return {
        (pk, person.pk)
        for person in people
        for pk in Deadline.objects.visible_to(person).filter(pk__in=deadline_ids).values_list("pk", flat=True)
    }


@pytest.mark.django_db
def test_the_batch_check_answers_as_the_access_rule_for_every_kind_of_person(two_appeals, world):
    application, appeals, lawyer = two_appeals
    staff = UserFactory(username="staff", is_staff=True, is_superuser=True)  # sees nothing by being staff
    both = UserFactory(username="both")  # in the lead group and in the other one
    MembershipFactory(user=both, organization=world.lead, role=Membership.Role.MEMBER)
    MembershipFactory(user=both, organization=world.other_group, role=Membership.Role.MEMBER)
    people = [world.coordinator, world.member, world.legal, world.co_member, world.outsider, lawyer, staff, both]
    deadline_ids = set(Deadline.objects.values_list("pk", flat=True))
    first_appeals = set(Deadline.objects.filter(appeal=appeals[0]).values_list("pk", flat=True))
    second_appeals = set(Deadline.objects.filter(appeal=appeals[1]).values_list("pk", flat=True))
    assert first_appeals and second_appeals  # the appeals' own deadlines are among those asked

    with CaptureQueriesContext(connection) as queries:
        seen = StillSeen().pairs(dict.fromkeys(people, deadline_ids))

    assert len(queries) == 1
    assert seen == visible_pairs(people, deadline_ids)
    # The case that matters most: the outside lawyer sees her appeal's deadlines, not the other appeal's.
    lawyers = {pk for pk, person_id in seen if person_id == lawyer.pk}
    assert first_appeals <= lawyers and not second_appeals & lawyers
    assert not {pk for pk, person_id in seen if person_id in (world.outsider.pk, staff.pk)} & {
        deadline.pk for deadline in Deadline.objects.filter(application=application)
    }


@pytest.mark.django_db
def test_someone_who_left_the_group_a_moment_ago_is_no_longer_seen_by_the_same_sweep(two_appeals, world):
    application, _appeals, _lawyer = two_appeals
    deadline_ids = set(Deadline.objects.filter(application=application).values_list("pk", flat=True))
    still_seen = StillSeen()  # one per sweep: the rule compiled once, asked with every batch
    assert {person for _pk, person in still_seen.pairs({world.member: deadline_ids})} == {world.member.pk}

    Membership.objects.filter(user=world.member).delete()

    assert still_seen.pairs({world.member: deadline_ids}) == set()


@pytest.mark.django_db
def test_a_deactivated_account_sees_nothing(two_appeals, world):
    application, _appeals, _lawyer = two_appeals
    world.member.is_active = False
    deadline_ids = set(Deadline.objects.filter(application=application).values_list("pk", flat=True))

    assert StillSeen().pairs({world.member: deadline_ids, world.coordinator: deadline_ids}) == {
        (pk, world.coordinator.pk) for pk in deadline_ids
    }
