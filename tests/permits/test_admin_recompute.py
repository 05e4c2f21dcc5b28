"""An operator's change to a calendar correction or a deadline rule in the admin moves the deadlines it
governs by itself — applications' and appeals' — once the change is committed, without the
"Recompute" action; the operator is told it is under way.

Dates counted by hand (weekdays noted); the same days as tests/permits/test_deadlines_calendar_edges.py."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from appeals.services import appeal_open
from permits.models import CalendarOverride, DeadlineKind, DeadlineRule, Jurisdiction
from tests.appeals.conftest import almaty_march, refuse
from tests.factories import PermitApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db

ALMATY = ZoneInfo("Asia/Almaty")
D = dt.date
RECOMPUTING = "are being recomputed with this change"


@pytest.fixture
def root(client):
    user = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


@pytest.fixture
def march():
    """A march on 8 March 2022 registered on Tue 16 Nov 2021: the akimat answers within 7 working days,
    by Thu 25 Nov (17 W, 18 Th, 19 F, 22 M, 23 T, 24 W, 25 Th)."""
    starts_at = dt.datetime(2022, 3, 8, 12, tzinfo=ALMATY)
    application = PermitApplicationFactory(event_type="march", starts_at=starts_at, ends_at=None)
    application.file(on=D(2021, 11, 16))
    assert answer_due(application) == D(2021, 11, 25)
    return application


def answer_due(application):
    return application.deadline(DeadlineKind.AUTHORITY_RESPONSE).due_on


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def add_override(client, jurisdiction_code, day, *, working=True, note="Decree 2021-X (fictional)"):
    return client.post(
        reverse("admin:permits_calendaroverride_add"),
        {
            "jurisdiction": Jurisdiction.objects.get(code=jurisdiction_code).pk,
            "date": day.isoformat(),
            "is_working_day": "on" if working else "",
            "note": note,
        },
    )


def test_adding_a_working_saturday_moves_the_answer_deadline_and_deleting_it_moves_it_back(
    client, root, march, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = add_override(client, "KZ", D(2021, 11, 20))
    assert response.status_code == 302
    # Sat 20 Nov worked by the decree counts: 17, 18, 19, 20, 22, 23, 24 Nov.
    assert answer_due(march) == D(2021, 11, 24)
    assert any(RECOMPUTING in m and "Kazakhstan (KZ)" in m for m in messages_of(response))

    override = CalendarOverride.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:permits_calendaroverride_delete", args=[override.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not CalendarOverride.objects.exists()
    assert answer_due(march) == D(2021, 11, 25)
    assert any(RECOMPUTING in m for m in messages_of(response))


def test_deleting_corrections_from_the_list_moves_the_deadlines_back(
    client, root, march, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        add_override(client, "KZ-ALA", D(2021, 11, 20))
    assert answer_due(march) == D(2021, 11, 24)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:permits_calendaroverride_changelist"),
            {"action": "delete_selected", "_selected_action": [CalendarOverride.objects.get().pk], "post": "yes"},
        )
    assert response.status_code == 302
    assert answer_due(march) == D(2021, 11, 25)
    assert any(RECOMPUTING in m and "(KZ-ALA)" in m for m in messages_of(response))


def test_moving_a_correction_to_another_city_recomputes_the_city_it_left(
    client, root, march, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        add_override(client, "KZ-ALA", D(2021, 11, 20))
    assert answer_due(march) == D(2021, 11, 24)
    override = CalendarOverride.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:permits_calendaroverride_change", args=[override.pk]),
            {
                "jurisdiction": Jurisdiction.objects.get(code="KZ-AST").pk,
                "date": "2021-11-20",
                "is_working_day": "on",
                "note": override.note,
            },
        )
    assert response.status_code == 302
    assert answer_due(march) == D(2021, 11, 25)  # Almaty no longer works that Saturday
    assert any(RECOMPUTING in m and "(KZ-ALA)" in m and "(KZ-AST)" in m for m in messages_of(response))


def test_the_recomputation_waits_for_the_commit(client, root, march, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        add_override(client, "KZ", D(2021, 11, 20))
    assert answer_due(march) == D(2021, 11, 25)  # nothing read the uncommitted row
    assert len(callbacks) == 1
    callbacks[0]()
    assert answer_due(march) == D(2021, 11, 24)


def test_saving_a_correction_unchanged_recomputes_nothing(client, root, march, django_capture_on_commit_callbacks):
    override = CalendarOverride.objects.create(
        jurisdiction=Jurisdiction.objects.get(code="KZ"), date=D(2021, 11, 20), is_working_day=True, note="Decree"
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            reverse("admin:permits_calendaroverride_change", args=[override.pk]),
            {"jurisdiction": override.jurisdiction_id, "date": "2021-11-20", "is_working_day": "on", "note": "Decree"},
        )
    assert response.status_code == 302
    assert callbacks == []
    assert not any(RECOMPUTING in m for m in messages_of(response))


def rule_post_data(rule: DeadlineRule, **changes):
    data = {
        "jurisdiction": rule.jurisdiction_id,
        "code": rule.code,
        "kind": rule.kind,
        "event_types": rule.event_types,
        "count": rule.count,
        "unit": rule.unit,
        "counted_from": rule.counted_from,
        "valid_from": rule.valid_from.isoformat() if rule.valid_from else "",
        "valid_to": rule.valid_to.isoformat() if rule.valid_to else "",
        "url": rule.url,
        "status": rule.status,
        "counting_status": rule.counting_status,
        "counting_note": rule.counting_note,
    }
    if rule.roll_forward:
        data["roll_forward"] = "on"
    for field in ("description", "when_missed", "law", "article", "paragraph"):
        for language in ("en", "ru", "kk"):
            data[f"{field}_{language}"] = getattr(rule, f"{field}_{language}") or ""
    data.update(changes)
    return data


def test_changing_a_rule_in_the_admin_moves_the_deadlines_it_governs(
    client, root, march, django_capture_on_commit_callbacks
):
    rule = march.deadline(DeadlineKind.AUTHORITY_RESPONSE).rule
    assert rule.count == 7
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:permits_deadlinerule_change", args=[rule.pk]), rule_post_data(rule, count="8")
        )
    assert response.status_code == 302, response.context["adminform"].form.errors
    # One working day more: Fri 26 Nov.
    assert answer_due(march) == D(2021, 11, 26)
    assert any(RECOMPUTING in m for m in messages_of(response))


def test_an_appeals_court_claim_deadline_follows_a_working_saturday_added_and_deleted(
    client, root, world, django_capture_on_commit_callbacks
):
    application = almaty_march(world)
    decision = refuse(application, by=world.coordinator)
    # The decision on the complaint received Wed 19 Jan 2022: one month ends on Sat 19 Feb, which
    # rolls to Mon 21 Feb — unless that Saturday is worked.
    appeal = appeal_open(
        decision=decision, venue="court", by=world.coordinator, complaint_decision_received_on=D(2022, 1, 19)
    )
    assert appeal.filing_due_on == D(2022, 2, 21)

    with django_capture_on_commit_callbacks(execute=True):
        add_override(client, "KZ-ALA", D(2022, 2, 19), note="Almaty decree (fictional)")
    appeal.refresh_from_db()
    assert appeal.filing_deadline.due_on == D(2022, 2, 19)
    assert appeal.filing_deadline.kind == DeadlineKind.COURT_CLAIM

    override = CalendarOverride.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:permits_calendaroverride_delete", args=[override.pk]), {"post": "yes"})
    appeal.refresh_from_db()
    assert appeal.filing_deadline.due_on == D(2022, 2, 21)
    assert appeal.deadlines.filter(kind=DeadlineKind.COURT_CLAIM).count() == 1
