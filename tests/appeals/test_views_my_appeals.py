""" "My appeals": each date on a row once, with what it is — the filing deadline (with how far off it
is), another deadline of the appeal such as a court claim, and the assembly day."""

import datetime as dt

import lxml.html
import pytest
from django.urls import reverse
from django.utils import dateformat, formats, translation

from permits.models import Deadline, DeadlineKind
from tests.appeals.conftest import assign_by_invitation

pytestmark = pytest.mark.django_db


def shown(day: dt.date) -> str:
    with translation.override("en"):
        return dateformat.format(day, formats.get_format("DATE_FORMAT"))


def the_row(client) -> str:
    page = lxml.html.fromstring(client.get(reverse("appeals:list")).content.decode())
    (row,) = page.xpath("//a[contains(@class, 'appeal-row')]")
    return " ".join(row.text_content().split())


def test_each_date_is_shown_once_with_its_label(world, appeal, volunteer, login):
    assign_by_invitation(appeal=appeal, username="gulnar", by=world.coordinator)
    row = the_row(login(volunteer))
    filing = shown(appeal.filing_deadline.due_on)
    # The 2022 deadline, seen today: it ended, as the workspace's banner and the dashboard say.
    assert f"The time to file it ended on {filing}" in row
    assert "File by" not in row
    assert row.count(filing) == 1
    assert "days overdue" in row
    assert f"Day of the assembly: {shown(dt.date(2022, 3, 8))}" in row
    assert "next deadline" not in row


def test_a_filing_deadline_still_ahead_says_file_by(world, appeal, volunteer, login):
    assign_by_invitation(appeal=appeal, username="gulnar", by=world.coordinator)
    ahead = dt.date.today() + dt.timedelta(days=30)
    Deadline.objects.filter(pk=appeal.filing_deadline_id).update(
        due_on=ahead, due_at=dt.datetime.combine(ahead, dt.time(18), tzinfo=dt.UTC)
    )
    row = the_row(login(volunteer))
    assert f"File by {shown(ahead)}" in row
    assert "ended" not in row


def test_another_deadline_of_the_appeal_is_named_by_its_kind(world, appeal, login):
    due = appeal.filing_deadline.due_on + dt.timedelta(days=20)
    Deadline.objects.create(
        application=appeal.application,
        appeal=appeal,
        kind=DeadlineKind.COURT_CLAIM,
        title="Court claim",
        due_on=due,
        due_at=dt.datetime.combine(due, dt.time(23, 59), tzinfo=dt.UTC),
        computation_data={"method": "manual"},
    )
    row = the_row(login(world.coordinator))
    assert f"Court claim must be filed: {shown(due)}" in row
    assert row.count(shown(appeal.filing_deadline.due_on)) == 1
