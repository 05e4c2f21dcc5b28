"""An appeal's steps on the application's timeline, in the reader's language (issue 8): written while
a Russian-speaking lawyer works in Russian, they read in Kazakh for a Kazakh-speaking organizer and
in English through the API — the venue, the outcome and the hearing's date too; the case number,
the hearing's place and what the lawyer typed stay as typed."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import formats, translation

from appeals.models import AppealOutcome, Venue
from appeals.services import appeal_change, appeal_open
from permits.models import TimelineEntry
from permits.services import application_refile
from tests.appeals.conftest import D

pytestmark = pytest.mark.django_db
ALMATY = ZoneInfo("Asia/Almaty")


def label(choice, language):
    with translation.override(language):
        return str(choice.label)


@pytest.fixture
def russian_appeal(world, refused):
    """The Almaty appeal opened and filed by a coordinator working in Russian."""
    _application, decision = refused
    world.member.language = "kk"
    world.member.save()
    with translation.override("ru"):
        appeal = appeal_open(decision=decision, venue="court", by=world.coordinator, language="ru")
        appeal.file(on=D(2021, 12, 1), case_number="Ж-77", by=world.coordinator)
    return appeal


def appeal_entries(world):
    return list(world.application.timeline.filter(kind=TimelineEntry.Kind.APPEAL).order_by("id"))


def test_the_venue_and_the_case_number_read_in_kazakh_on_the_application_page(russian_appeal, world, login):
    html = login(world.member).get(reverse("permits:application_detail", args=[world.application.pk])).content
    html = html.decode()
    kazakh_court = label(Venue.COURT, "kk")
    assert kazakh_court != label(Venue.COURT, "ru")
    assert f"Шағым берілді: {kazakh_court}" in html
    assert "Іс нөмірі: Ж-77" in html
    assert "Жалоба подана" not in html and "Номер дела" not in html


def test_the_appeals_steps_read_in_english_through_the_api(russian_appeal, world, api_as):
    response = api_as(world.member).get(
        f"/api/v1/applications/{world.application.pk}/timeline/", HTTP_ACCEPT_LANGUAGE="en"
    )
    entries = {(e["summary"], e["details"]) for e in response.json()["results"] if e["kind"] == "appeal"}
    assert entries == {("Appeal in preparation: Court", ""), ("Appeal filed: Court", "Case number: Ж-77")}


def test_the_outcome_reads_in_the_readers_language(russian_appeal, world):
    with translation.override("ru"):
        russian_appeal.record_outcome(outcome=AppealOutcome.UPHELD, on=D(2022, 1, 10), by=world.coordinator)
    decided = appeal_entries(world)[-1]
    with translation.override("kk"):
        kazakh = decided.display_summary()
    assert label(AppealOutcome.UPHELD, "kk") in kazakh
    assert label(AppealOutcome.UPHELD, "ru") not in kazakh
    with translation.override("en"):
        assert decided.display_summary() == "Appeal decided (Court): Refusal upheld"


def test_a_hearings_date_is_written_out_in_the_readers_language_and_its_place_as_typed(russian_appeal, world):
    place = "Медеуский районный суд, зал 4"
    with translation.override("ru"):
        russian_appeal.schedule_hearing(
            starts_at=dt.datetime(2022, 1, 20, 10, tzinfo=ALMATY), place=place, by=world.coordinator
        )
    entry = world.application.timeline.get(kind=TimelineEntry.Kind.HEARING)
    with translation.override("kk"):
        kazakh_day = formats.date_format(D(2022, 1, 20), "DATE_FORMAT")  # "20 қаңтар 2022"
        assert place in entry.display_summary() and kazakh_day in entry.display_summary()
    with translation.override("en"):
        assert entry.display_summary() == f"Hearing scheduled for 20 Jan 2022: {place}"


def test_a_correction_names_the_fields_and_values_in_the_readers_language(russian_appeal, world):
    with translation.override("ru"):
        appeal_change(appeal=russian_appeal, by=world.coordinator, filed_on=D(2021, 12, 2))
    corrected = appeal_entries(world)[-1]
    with translation.override("en"):
        assert (corrected.display_summary(), corrected.display_details()) == (
            "Appeal corrected (Court)",
            "filed on: 2 Dec 2021",
        )
    with translation.override("kk"):
        assert "Court" not in corrected.display_summary()


def test_plan_b_notes_read_in_the_readers_language_with_the_title_as_typed(russian_appeal, world):
    with translation.override("ru"):
        new, _dropped = application_refile(decision=russian_appeal.decision, by=world.coordinator)
    copied = new.timeline.get(kind=TimelineEntry.Kind.NOTE)
    with translation.override("en"):
        assert copied.display_summary() == f"Copied from the refused application “{world.application.title}”"
        assert world.application.timeline.get(kind=TimelineEntry.Kind.NOTE, message__startswith="Plan B")
