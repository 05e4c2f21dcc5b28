"""organizations/access.py: the one access rule, and require() / allows() that every view asks."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from organizations import access
from permits.models import Deadline, PermitApplication
from tests.factories import PermitApplicationFactory

pytestmark = pytest.mark.django_db


def test_require_returns_an_object_inside_the_queryset(world):
    visible = PermitApplication.objects.visible_to(world.co_member)
    assert access.require(visible, world.application) == world.application
    assert access.require(visible, world.application.pk) == world.application
    assert access.require(visible, str(world.application.pk)) == world.application


def test_require_answers_404_for_an_object_outside_the_queryset_whatever_the_id(world):
    visible = PermitApplication.objects.visible_to(world.outsider)
    for outside in (world.application, world.application.pk, "abc", "1\x00", None, 2**80):
        with pytest.raises(Http404):
            access.require(visible, outside)
        assert not access.allows(visible, outside)


def test_require_answers_403_with_the_reason_to_a_caller_who_sees_the_object_but_may_not_do_this(world):
    with pytest.raises(PermissionDenied, match="Only coordinators and members of the lead group"):
        access.require(
            PermitApplication.objects.editable_by(world.co_member), world.application, forbidden=access.NOT_EDITABLE
        )


def test_anonymous_callers_and_deactivated_accounts_reach_nothing(world):
    world.member.is_active = False
    world.member.save(update_fields=["is_active"])
    for nobody in (AnonymousUser(), None, world.member):
        assert not PermitApplication.objects.visible_to(nobody).exists()
        assert not PermitApplication.objects.editable_by(nobody).exists()
        assert not Deadline.objects.visible_to(nobody).exists()
        assert not access.organizations_of(nobody).exists()


def test_the_roles_of_the_lead_group(world):
    other = PermitApplicationFactory(organization=world.co_group)  # led by the co-organizing group
    assert set(PermitApplication.objects.visible_to(world.co_member)) == {world.application, other}
    assert list(PermitApplication.objects.editable_by(world.co_member)) == [other]
    for person, edits, appeals, coordinates in (
        (world.coordinator, True, True, True),
        (world.member, True, True, False),
        (world.legal, False, True, False),
        (world.co_member, False, False, False),
    ):
        assert access.allows(PermitApplication.objects.editable_by(person), world.application) is edits, person
        assert access.allows(PermitApplication.objects.appealable_by(person), world.application) is appeals, person
        assert access.allows(PermitApplication.objects.coordinated_by(person), world.application) is coordinates


def test_memberships_on_an_application_are_those_of_its_lead_and_co_organizing_groups(world):
    users = set(access.memberships_on(world.application).values_list("user_id", flat=True))
    assert users == {world.coordinator.pk, world.member.pk, world.legal.pk, world.co_member.pk}
