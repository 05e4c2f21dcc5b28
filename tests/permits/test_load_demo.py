import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from accounts.models import User
from appeals.management.commands.load_demo import DEMO_PASSWORD, USERS
from organizations.models import Membership, Organization
from permits.models import (
    Applicant,
    CoOrganizer,
    Decision,
    PermitApplication,
    RefusalGround,
    Status,
    TimelineEntry,
)

pytestmark = pytest.mark.django_db

DEMO_MODELS = [User, Organization, Membership, PermitApplication, CoOrganizer, Applicant, TimelineEntry, Decision]


def load_demo(**options) -> str:
    out = StringIO()
    call_command("load_demo", force=True, stdout=out, **options)
    return out.getvalue()


def snapshot():
    rows = {model.__name__: list(model.objects.order_by("pk").values()) for model in DEMO_MODELS}
    rows["RefusalGround"] = list(RefusalGround.objects.order_by("pk").values())
    return rows


@pytest.fixture
def almaty_march():
    load_demo()
    return PermitApplication.objects.get(organization__name="Feminita", title="Women's march on 8 March 2022")


def test_the_almaty_march_is_filed_by_five_groups_on_16_november_2021_for_8_march_2022(almaty_march):
    assert almaty_march.filed_on == dt.date(2021, 11, 16)
    assert almaty_march.event_type == "march"
    assert almaty_march.authority.name == "Akimat of Almaty city"
    assert almaty_march.authority.jurisdiction.code == "KZ-ALA"
    starts = almaty_march.starts_at.astimezone(dt.timezone(dt.timedelta(hours=6)))  # Almaty was UTC+6 in 2022
    assert (starts.date(), starts.hour) == (dt.date(2022, 3, 8), 12)
    groups = {almaty_march.organization.name, *almaty_march.co_organizers.values_list("name", flat=True)}
    assert groups == {"Feminita", "KazFem", "FemPoint", "Svet", "FemAgora"}
    assert almaty_march.applicants.count() == 3


def test_the_almaty_march_is_refused_on_26_november_citing_a_conflicting_event_and_repair_works(almaty_march):
    assert almaty_march.status == Status.REFUSED
    decision = almaty_march.decisions.get()
    assert decision.outcome == Decision.Outcome.REFUSED
    assert decision.decided_on == dt.date(2021, 11, 26)
    grounds = list(decision.grounds.order_by("position"))
    assert [ground.reason.code for ground in grounds] == ["conflicting_event", "repair_works"]
    assert "других мероприятий" in grounds[0].quote
    assert "ремонтно-монтажные работы" in grounds[1].quote


def test_the_timeline_has_the_meeting_the_pressure_to_withdraw_and_the_refusal_in_order(almaty_march):
    kinds = list(almaty_march.timeline.order_by("happened_on", "id").values_list("kind", flat=True))
    assert kinds == [
        TimelineEntry.Kind.FILED,
        TimelineEntry.Kind.REVISION_REQUESTED,
        TimelineEntry.Kind.MEETING,
        TimelineEntry.Kind.PRESSURE,
        TimelineEntry.Kind.DECISION,
        TimelineEntry.Kind.NOTE,
        TimelineEntry.Kind.APPEAL,  # the appeal opened on 29 November 2021 (appeals issue)
    ]
    meeting = almaty_march.timeline.get(kind=TimelineEntry.Kind.MEETING)
    assert "epidemiological" in meeting.details


def test_loading_the_demo_twice_changes_nothing():
    load_demo()
    before = snapshot()

    output = load_demo()

    assert snapshot() == before
    assert "0 of them new" in output


def test_every_application_state_but_cancelled_has_a_demo_application():
    load_demo()

    statuses = set(PermitApplication.objects.values_list("status", flat=True))

    assert statuses >= {s.value for s in Status} - {Status.CANCELLED}


def test_the_demo_logins_are_printed_and_work_with_the_shared_password(client):
    output = load_demo()

    assert DEMO_PASSWORD in output
    for person in USERS:
        assert person.username in output
        # Through allauth's form, which also wants a verified address.
        response = Client().post(reverse("account_login"), {"login": person.username, "password": DEMO_PASSWORD})
        assert response.status_code == 302 and response["Location"] == reverse("dashboard")


def test_the_legal_volunteer_and_every_activist_see_the_almaty_march(almaty_march):
    for person in USERS:
        user = User.objects.get(username=person.username)
        assert PermitApplication.objects.visible_to(user).filter(pk=almaty_march.pk).exists()
    gulnar = User.objects.get(username="gulnar")
    assert not PermitApplication.objects.editable_by(gulnar).filter(pk=almaty_march.pk).exists()


def test_an_existing_demo_user_keeps_a_changed_password(client):
    load_demo()
    aizhan = User.objects.get(username="aizhan")
    aizhan.set_password("a password aizhan chose herself")
    aizhan.save()

    load_demo()

    assert client.login(username="aizhan", password="a password aizhan chose herself")


def test_the_demo_refuses_to_load_when_debug_is_off_unless_forced(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("load_demo", stdout=StringIO())

    assert not User.objects.filter(username="aizhan").exists()
