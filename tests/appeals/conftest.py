"""Fixtures for the appeals tests: the Almaty case (a march refused on 26 November 2021 for a
conflicting event and repair works, no alternative offered), legal-aid volunteers, an open appeal."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from appeals.services import appeal_open
from organizations.models import Membership, Organization
from permits.models import RefusalReason, TimelineEntry
from tests.factories import MembershipFactory, OrganizationFactory, PermitApplicationFactory, UserFactory

ALMATY = ZoneInfo("Asia/Almaty")
D = dt.date

CONFLICT_QUOTE = "…в связи с проведением других мероприятий, запланированных ранее в указанном месте и время."
WORKS_QUOTE = "…в сквере им. Ш. Уалиханова и по ул. Шевченко с 09:00 до 20:00 запланированы ремонтно-монтажные работы."


REFUSED_ON = D(2021, 11, 26)


def refuse(application, *, by=None, decided_on=REFUSED_ON, received_on=REFUSED_ON, grounds=None, **extra):
    grounds = grounds or [("conflicting_event", CONFLICT_QUOTE), ("repair_works", WORKS_QUOTE)]
    return application.record_decision(
        outcome="refused",
        decided_on=decided_on,
        received_on=received_on,
        grounds=[{"reason": RefusalReason.objects.get(code=code), "quote": quote} for code, quote in grounds],
        by=by,
        **extra,
    )


def almaty_march(world, **kwargs):
    """The world's application turned into the 2021 Almaty march, filed 16 Nov 2021, with its timeline."""
    application = world.application
    application.title = "Women's march on 8 March 2022"
    application.event_type = "march"
    application.starts_at = dt.datetime(2022, 3, 8, 12, tzinfo=ALMATY)
    application.ends_at = dt.datetime(2022, 3, 8, 15, tzinfo=ALMATY)
    application.location = "Shokan Valikhanov square, Almaty"
    application.save()
    application.file(on=D(2021, 11, 16), reference_number="ЗТ-1234", by=world.coordinator)
    for kind, on, summary in (
        (TimelineEntry.Kind.REVISION_REQUESTED, D(2021, 11, 18), "The akimat asked us to adjust the application"),
        (TimelineEntry.Kind.MEETING, D(2021, 11, 23), "Meeting at the akimat: officials advised revising our plans"),
        (TimelineEntry.Kind.PRESSURE, D(2021, 11, 23), "Officials asked us to withdraw the application; we refused"),
        (TimelineEntry.Kind.NOTE, D(2021, 11, 29), "Internal note that must not reach the draft"),
    ):
        TimelineEntry.objects.create(application=application, kind=kind, happened_on=on, summary=summary)
    return application


@pytest.fixture
def legal_aid(db):
    return OrganizationFactory(name="Almaty Legal Aid", kind=Organization.Kind.LEGAL_AID)


def assign_by_invitation(*, appeal, username, by):
    """What it takes to put someone from outside the application's groups on an appeal: the
    coordinator invites her address, she confirms that address and accepts (issue 12)."""
    from appeals.volunteers import appeal_invite_volunteer
    from tests.factories import verify_email

    user = verify_email(UserFactory(username=username))
    invitation = appeal_invite_volunteer(appeal=appeal, email=user.email, by=by)
    return invitation.accept(user)


@pytest.fixture
def volunteer(legal_aid):
    """A lawyer of a legal-aid organization, in none of the world's groups: she comes to an appeal
    only through an invitation she accepts (assign_by_invitation)."""
    user = UserFactory(username="gulnar")
    MembershipFactory(user=user, organization=legal_aid, role=Membership.Role.MEMBER)
    return user


@pytest.fixture
def refused(world):
    application = almaty_march(world)
    decision = refuse(application, by=world.coordinator)
    return application, decision


@pytest.fixture
def appeal(world, refused):
    _application, decision = refused
    return appeal_open(decision=decision, venue="higher_authority", by=world.coordinator, language="en")


@pytest.fixture
def other_application(world):
    """An application of the outsider's group, refused, with its own appeal."""
    application = PermitApplicationFactory(organization=world.other_group)
    application.file(on=D(2021, 11, 16), by=world.outsider)
    decision = refuse(application, by=world.outsider, grounds=[("public_order", "Угроза общественному порядку")])
    return application, decision
