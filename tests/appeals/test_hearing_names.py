"""A hearing is named as its venue calls it (issue 13 §8): a court hearing («Судебное заседание»)
only before a court; before a higher authority, a prosecutor or the ombudsman it is the complaint's
hearing («Рассмотрение жалобы»), in the deadline's title, the timeline, the status and the card."""

import datetime as dt

import pytest

from appeals.models import AppealStatus
from permits.models import TimelineEntry
from tests.appeals.conftest import ALMATY
from tests.appeals.test_views_status import card_text, file_it, url

pytestmark = pytest.mark.django_db

STARTS_AT = dt.datetime(2030, 3, 1, 10, 30, tzinfo=ALMATY)


def scheduled(appeal, world, venue):
    appeal.venue = venue
    appeal.save(update_fields=["venue"])
    file_it(appeal, world.legal)
    return appeal.schedule_hearing(starts_at=STARTS_AT, place="Room 4", by=world.legal)


def test_a_hearing_before_a_higher_authority_is_not_called_a_court_hearing(world, appeal, login):
    hearing = scheduled(appeal, world, "higher_authority")
    assert hearing.deadline.title == "Complaint hearing: Room 4"
    entry = world.application.timeline.get(kind=TimelineEntry.Kind.HEARING)
    assert entry.display_summary().startswith("Complaint hearing scheduled for")
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.HEARING_SCHEDULED
    assert appeal.status_label == "Complaint hearing scheduled"
    text = card_text(login(world.legal).get(url("workspace", appeal)))
    assert "Complaint hearings" in text


def test_a_hearing_before_a_court_is_a_court_hearing(world, appeal, login):
    hearing = scheduled(appeal, world, "court")
    assert hearing.deadline.title == "Hearing: Room 4"
    appeal.refresh_from_db()
    assert appeal.status_label == "Hearing scheduled"
    text = card_text(login(world.legal).get(url("workspace", appeal)))
    assert "Hearings" in text and "Complaint hearing" not in text
