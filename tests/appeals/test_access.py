"""Who sees and works on an appeal. An assignment grants its volunteer that appeal and its
application (read-only) — not the application's other appeals, nothing else of the group — and ends
when it is removed."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from appeals.models import Appeal, AppealVolunteer
from appeals.services import appeal_open
from appeals.volunteers import appeal_assign_volunteer, appeal_remove_volunteer, appeal_set_volunteers
from organizations.models import Membership
from permits.models import Deadline, Decision, Document, PermitApplication, TimelineEntry
from tests.appeals.conftest import D, assign_by_invitation
from tests.factories import PermitApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db


def sees(user, obj) -> bool:
    return type(obj).objects.visible_to(user).filter(pk=obj.pk).exists()


def test_a_volunteer_sees_only_the_assigned_application_and_loses_it_when_unassigned(world, appeal, volunteer):
    another = PermitApplicationFactory(organization=world.lead)  # the group's other work stays private
    assert not sees(volunteer, world.application)

    assign_by_invitation(appeal=appeal, username="gulnar", by=world.coordinator)
    assert set(PermitApplication.objects.visible_to(volunteer)) == {world.application}
    assert not sees(volunteer, another)
    assert sees(volunteer, appeal)
    assert Appeal.objects.workable_by(volunteer).filter(pk=appeal.pk).exists()
    assert TimelineEntry.objects.visible_to(volunteer).filter(application=world.application).exists()
    assert Decision.objects.visible_to(volunteer).count() == 1
    assert Deadline.objects.visible_to(volunteer).filter(application=another).count() == 0
    assert not PermitApplication.objects.editable_by(volunteer).exists()  # reading, not editing

    assert appeal_remove_volunteer(appeal=appeal, user=volunteer, by=world.coordinator)
    assert not sees(volunteer, world.application)
    assert not sees(volunteer, appeal)
    assert not Appeal.objects.workable_by(volunteer).exists()
    assert not Document.objects.visible_to(volunteer).exists()


def test_an_assignment_to_one_appeal_works_on_that_appeal_only(world, refused, volunteer):
    higher = appeal_open(decision=refused[1], venue="higher_authority", by=world.coordinator)
    court = appeal_open(decision=refused[1], venue="court", by=world.coordinator)
    assign_by_invitation(appeal=higher, username="gulnar", by=world.coordinator)
    # Issue 12: the assignment opens that appeal only; the group's other proceedings stay private.
    assert sees(volunteer, higher)
    assert not sees(volunteer, court)
    assert sees(volunteer, world.application)
    assert list(Appeal.objects.workable_by(volunteer)) == [higher]


def test_who_works_on_an_appeal(world, appeal, volunteer):
    workable = Appeal.objects.workable_by
    for person in (world.coordinator, world.member, world.legal):
        assert workable(person).filter(pk=appeal.pk).exists(), person
    for person in (world.co_member, world.outsider, volunteer):
        assert not workable(person).filter(pk=appeal.pk).exists(), person
    assert sees(world.co_member, appeal)
    assert not sees(world.outsider, appeal)
    assert not Appeal.objects.visible_to(None).exists()


def test_only_coordinators_of_the_lead_group_assign_volunteers(world, appeal, volunteer):
    for person in (world.member, world.legal, world.co_member):
        with pytest.raises(PermissionDenied):
            assign_by_invitation(appeal=appeal, username="gulnar", by=person)
    assert not AppealVolunteer.objects.exists()


NOT_ASSIGNABLE = (
    "“{}” cannot be assigned directly: only the legal volunteers of the groups on this application can. "
    "Invite anyone else by email."
)


def test_only_legal_volunteers_of_the_groups_on_the_application_are_assigned_directly(world, appeal, volunteer):
    kazfem_lawyer = UserFactory(username="kazfem-lawyer")
    Membership.objects.create(user=kazfem_lawyer, organization=world.co_group, role=Membership.Role.LEGAL)
    appeal_assign_volunteer(appeal=appeal, username="lawyer", by=world.coordinator)  # legal, lead group
    appeal_assign_volunteer(appeal=appeal, username="kazfem-lawyer", by=world.coordinator)  # legal, co-organizer
    assert set(appeal.volunteers.values_list("username", flat=True)) == {"lawyer", "kazfem-lawyer"}
    # A lead member, a co-organizer's member, another group's coordinator, a legal-aid lawyer: invited instead.
    for person in ("dana", "aigerim", "outsider", "gulnar"):
        with pytest.raises(ValidationError) as error:
            appeal_assign_volunteer(appeal=appeal, username=person, by=world.coordinator)
        assert error.value.message_dict["username"] == [NOT_ASSIGNABLE.format(person)]
    assert set(appeal.volunteers.values_list("username", flat=True)) == {"lawyer", "kazfem-lawyer"}


def test_an_unknown_username_reads_exactly_like_a_person_who_may_not_be_assigned(world, appeal):
    UserFactory(username="gone", is_active=False)
    for name in ("no-such-person", "gone", "outsider", "dana"):
        with pytest.raises(ValidationError) as error:
            appeal_assign_volunteer(appeal=appeal, username=name, by=world.coordinator)
        assert error.value.message_dict["username"] == [NOT_ASSIGNABLE.format(name)]
    assert not AppealVolunteer.objects.exists()


def test_assigning_twice_keeps_one_assignment(world, appeal):
    first = appeal_assign_volunteer(appeal=appeal, username="lawyer", by=world.coordinator)
    second = appeal_assign_volunteer(appeal=appeal, username="lawyer", by=world.coordinator)
    assert first.pk == second.pk and first.assigned_by == world.coordinator


def test_setting_the_volunteers_checks_every_name_before_changing_anything(world, appeal, volunteer):
    assign_by_invitation(appeal=appeal, username="gulnar", by=world.coordinator)
    appeal_set_volunteers(appeal=appeal, usernames=["gulnar"], by=world.coordinator)  # kept once accepted
    with pytest.raises(ValidationError):
        appeal_set_volunteers(appeal=appeal, usernames=["lawyer", "nobody"], by=world.coordinator)
    assert list(appeal.volunteers.values_list("username", flat=True)) == ["gulnar"]
    appeal_set_volunteers(appeal=appeal, usernames=["lawyer"], by=world.coordinator)
    assert list(appeal.volunteers.values_list("username", flat=True)) == ["lawyer"]
    assert not sees(volunteer, appeal)


def test_my_appeals_list_my_assignments_and_my_groups_nearest_deadline_first(
    world, refused, volunteer, other_application
):
    ombudsman = appeal_open(decision=refused[1], venue="ombudsman", by=world.coordinator)  # no deadline
    higher = appeal_open(decision=refused[1], venue="higher_authority", by=world.coordinator)  # 28 Feb 2022
    court = appeal_open(decision=refused[1], venue="court", by=world.coordinator)  # 27 Dec 2021
    elsewhere = appeal_open(decision=other_application[1], venue="court", by=world.outsider)
    assert list(Appeal.objects.mine(world.member)) == [court, higher, ombudsman]
    assert list(Appeal.objects.mine(volunteer)) == []
    assign_by_invitation(appeal=elsewhere, username="gulnar", by=world.outsider)
    assign_by_invitation(appeal=higher, username="gulnar", by=world.coordinator)
    assert list(Appeal.objects.mine(volunteer)) == [elsewhere, higher]
    assert Appeal.objects.mine(volunteer)[0].next_due_at.date() == D(2021, 12, 27)
    assert not Appeal.objects.mine(world.co_member).exists()  # co-organizers: not "my" appeals
