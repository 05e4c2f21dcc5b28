"""Late is late (issue 13): an appeal or an application filed after its deadline says how late and
what follows, never a green "Done"; filing a complaint opens the higher body's deadline to decide it."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from appeals.services import appeal_open
from permits.models import DeadlineKind, working_calendar
from tests.factories import PermitApplicationFactory

pytestmark = pytest.mark.django_db

D = dt.date


def test_an_appeal_filed_years_after_its_deadline_says_how_late_and_what_follows(world, login, appeal):
    deadline = appeal.filing_deadline
    assert deadline.due_on == D(2022, 2, 28)
    appeal.file(on=timezone.localdate(), by=world.coordinator)
    deadline.refresh_from_db()
    assert deadline.is_done and deadline.done_on == timezone.localdate()
    assert deadline.days_late == (timezone.localdate() - D(2022, 2, 28)).days

    html = login(world.member).get(reverse("appeals:workspace", args=[appeal.pk])).content.decode()
    assert "alert-success" not in html
    assert f"after the deadline of {date_format(D(2022, 2, 28), 'DATE_FORMAT')}" in html
    assert "Filed 4\xa0years" in html
    assert "Ask the body to restore the missed time limit" in html
    assert "Art. 92 pp. 2–3" in html  # the rule's own words on what follows
    assert "days late" in html and ">Done<" not in html

    page = login(world.member).get(reverse("permits:application_detail", args=[appeal.application_id]))
    assert "filed 4\xa0years" in page.content.decode()  # the appeal's line, not "file by … ✓"


def test_an_appeal_filed_in_time_is_done(world, login, appeal):
    appeal.file(on=D(2021, 12, 1), by=world.coordinator)
    assert appeal.filing_deadline.days_late == 0
    html = login(world.member).get(reverse("appeals:workspace", args=[appeal.pk])).content.decode()
    assert "alert-success" in html and "after the deadline of" not in html


def test_correcting_the_filing_day_moves_the_lateness(world, api_as, appeal):
    appeal.file(on=timezone.localdate(), by=world.coordinator)
    response = api_as(world.coordinator).patch(f"/api/v1/appeals/{appeal.pk}/", {"filed_on": "2021-12-01"})
    assert response.status_code == 200, response.json()
    appeal.refresh_from_db()
    assert appeal.filing_deadline.done_on == D(2021, 12, 1) and appeal.filing_deadline.days_late == 0
    answer = appeal.deadlines.get(kind=DeadlineKind.COMPLAINT_DECISION)
    assert answer.starts_on == D(2021, 12, 1)


def test_filing_a_complaint_opens_the_higher_bodys_deadline_from_the_seeded_rule(world, appeal):
    appeal.file(on=D(2021, 12, 1), by=world.coordinator)
    answer = appeal.deadlines.get(kind=DeadlineKind.COMPLAINT_DECISION)
    assert answer.rule.code == "complaint-decision"
    assert answer.needs_verification  # Art. 100 is not read yet: "verify" (LEGAL.md §3)
    assert answer.starts_on == D(2021, 12, 1)
    # 20 working days from 1 December 2021: past the 16 December holidays and the weekends.
    calendar = working_calendar(appeal.application.jurisdiction)
    assert answer.due_on == answer.rule.compute(D(2021, 12, 1), calendar).result
    assert answer.done_at is None
    appeal.record_outcome(outcome="upheld", on=D(2021, 12, 20), by=world.coordinator)
    answer.refresh_from_db()
    assert answer.is_done and answer.done_on == D(2021, 12, 20)


def test_a_court_claim_opens_no_deadline_for_the_court_without_a_rule(world, refused):
    _application, decision = refused
    appeal = appeal_open(decision=decision, venue="court", by=world.coordinator, language="en")
    appeal.file(on=D(2021, 12, 1), by=world.coordinator)
    assert not appeal.deadlines.filter(kind=DeadlineKind.COMPLAINT_DECISION).exists()


def test_an_application_filed_after_its_latest_day_says_how_late_and_what_follows(world, login):
    application = PermitApplicationFactory(
        organization=world.lead, starts_at=timezone.now() + dt.timedelta(days=3), event_type="march"
    )
    application.file(on=timezone.localdate(), by=world.member)
    latest = application.deadlines.get(kind=DeadlineKind.LATEST_FILING)
    assert latest.is_done and latest.days_late > 0
    html = login(world.member).get(reverse("permits:application_detail", args=[application.pk])).content.decode()
    assert "warning-filed-late" in html
    assert "late." in html and "Art. 14 p. 1 sub. 4" in html
    assert "days late" in html  # the deadline's chip, not a green "Done"
