"""Editing an application recomputes its deadlines when what they depend on changes: the event type
(notification or approval regime) and the authority (whose law and calendar). The edit page and the
API PATCH share permits.services.application_update."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from permits.models import Authority, DeadlineKind, DeadlineRule, Jurisdiction
from permits.services import application_update
from tests.factories import PermitApplicationFactory

pytestmark = pytest.mark.django_db

ALMATY = ZoneInfo("Asia/Almaty")
D = dt.date


@pytest.fixture
def filed_march(world):
    application = PermitApplicationFactory(
        organization=world.lead, event_type="march", starts_at=dt.datetime(2022, 3, 8, 12, tzinfo=ALMATY), ends_at=None
    )
    application.file(on=D(2021, 11, 16))
    return application


@pytest.fixture
def elsewhere_authority():
    """A made-up jurisdiction whose authority answers within 2 calendar days, kept as data."""
    place = Jurisdiction.objects.create(code="XX-TST", name="Testland", country="DE", time_zone="Europe/Berlin")
    DeadlineRule.objects.create(
        jurisdiction=place, code="answer", kind="authority_response", count=2, unit="calendar_days",
        counted_from="filed_on", roll_forward=False, law="Testland Assembly Act", article="§ 1",
        status="confirmed", counting_status="confirmed", description="Fictional.",
    )  # fmt: skip
    return Authority.objects.create(jurisdiction=place, name="Testland town hall")


def edit_data(application, **overrides):
    local = timezone.localtime
    data = {
        "title": application.title,
        "event_type": application.event_type,
        "organization": application.organization_id,
        "starts_at": local(application.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": local(application.starts_at + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "location": application.location,
        "authority": application.authority_id,
        "filed_on": application.filed_on.isoformat() if application.filed_on else "",
        "applicants-TOTAL_FORMS": "1",
        "applicants-INITIAL_FORMS": "0",
        "applicants-MIN_NUM_FORMS": "0",
        "applicants-MAX_NUM_FORMS": "50",
        "applicants-0-name": "",
    }
    data.update(overrides)
    return data


def edit(client, application, **overrides):
    return client.post(reverse("permits:application_edit", args=[application.pk]), edit_data(application, **overrides))


def test_changing_the_event_type_on_the_page_recomputes_the_answer_deadline(world, login, filed_march):
    assert filed_march.response_due_on == D(2021, 11, 25)  # march: 7 working days (Art. 13)
    response = edit(login(world.member), filed_march, event_type="picket")
    assert response.status_code == 302
    answer = filed_march.deadlines.get(kind=DeadlineKind.AUTHORITY_RESPONSE)
    assert answer.due_on == D(2021, 11, 19)  # picket: 3 working days from the day after 16 Nov (Art. 11)
    assert "Art. 11" in answer.rule_source


def test_changing_the_authority_on_the_page_applies_the_other_jurisdictions_rules(
    world, login, filed_march, elsewhere_authority
):
    response = edit(login(world.member), filed_march, authority=elsewhere_authority.pk)
    assert response.status_code == 302
    answer = filed_march.deadlines.get(kind=DeadlineKind.AUTHORITY_RESPONSE)
    assert answer.due_on == D(2021, 11, 18)
    assert answer.rule_source == "Testland Assembly Act, § 1"


def test_an_edit_that_changes_nothing_writes_nothing(world, filed_march):
    before = filed_march.updated_at
    application_update(application=filed_march, by=world.member, changes={"title": filed_march.title})
    filed_march.refresh_from_db()
    assert filed_march.updated_at == before


def test_a_draft_given_a_filing_date_and_a_new_event_type_is_filed_with_the_new_regime(world):
    draft = PermitApplicationFactory(
        organization=world.lead, event_type="march", starts_at=dt.datetime(2022, 3, 8, 12, tzinfo=ALMATY), ends_at=None
    )
    application_update(application=draft, by=world.member, changes={"event_type": "rally", "filed_on": D(2021, 11, 16)})
    draft.refresh_from_db()
    assert draft.status == "filed"
    assert draft.response_due_on == D(2021, 11, 19)
