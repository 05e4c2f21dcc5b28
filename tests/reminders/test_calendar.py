"""The private iCalendar feed: parses, holds exactly what its owner may see, alarms at the
reminder times, and dies with its token."""

import datetime as dt

import icalendar
import pytest

from reminders.models import ReminderPreference
from tests.factories import PermitApplicationFactory
from tests.reminders.conftest import custom_deadline


def feed_url(user) -> str:
    return f"/calendar/{user.calendar_token}.ics"


def events(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    return list(calendar.walk("VEVENT"))


@pytest.fixture
def deadlines(clock, world):
    mine = custom_deadline(world.application, dt.date(2027, 3, 31), title="Submit the revised route")
    elsewhere = PermitApplicationFactory(organization=world.other_group, title="Someone else's march")
    theirs = custom_deadline(elsewhere, dt.date(2027, 4, 2), title="Their secret deadline")
    return mine, theirs


def test_the_feed_parses_and_holds_every_deadline_the_user_can_see_and_no_other(deadlines, world, client):
    mine, _theirs = deadlines

    found = events(client.get(feed_url(world.member)))

    summaries = [str(event["SUMMARY"]) for event in found]
    assert summaries == [f"Submit the revised route — {world.application.title}"]
    event = found[0]
    assert event["UID"] == f"deadline-{mine.pk}@ruqsat.example"
    assert event.decoded("DTSTART") == dt.date(2027, 3, 31)
    assert event.decoded("DTEND") == dt.date(2027, 4, 1)
    assert str(event["URL"]) == f"https://ruqsat.example/applications/{world.application.pk}/"


def test_a_co_organizers_member_sees_the_deadline_and_the_outsider_only_their_own(deadlines, world, client):
    co_summaries = [str(e["SUMMARY"]) for e in events(client.get(feed_url(world.co_member)))]
    outsider_summaries = [str(e["SUMMARY"]) for e in events(client.get(feed_url(world.outsider)))]

    assert any("Submit the revised route" in s for s in co_summaries)
    assert not any("Their secret deadline" in s for s in co_summaries)
    assert [s.split(" — ")[0] for s in outsider_summaries] == ["Their secret deadline"]


def test_each_event_has_an_alarm_at_nine_for_each_of_the_users_offsets(deadlines, world, client):
    ReminderPreference.objects.create(user=world.member, offsets=[7, 0])

    (event,) = events(client.get(feed_url(world.member)))

    triggers = sorted(alarm.decoded("TRIGGER") for alarm in event.walk("VALARM"))
    assert triggers == [dt.timedelta(days=-7, hours=9), dt.timedelta(hours=9)]


def test_a_done_deadline_stays_in_the_calendar_without_alarms(deadlines, world, client):
    mine, _theirs = deadlines
    mine.mark_done(by=world.member)

    (event,) = events(client.get(feed_url(world.member)))

    assert str(event["SUMMARY"]).startswith("Done: ")
    assert not event.walk("VALARM")


def test_a_discreet_calendar_names_nothing(deadlines, world, client):
    ReminderPreference.objects.create(user=world.member, discreet=True)

    body = client.get(feed_url(world.member)).content.decode()

    assert "Ruqsat: something is due" in body
    for name in ("Submit the revised route", world.application.title, "Feminita"):
        assert name not in body


def test_a_regenerated_token_kills_the_old_address(deadlines, world, client):
    old = feed_url(world.member)
    client.force_login(world.member)

    response = client.post("/reminders/calendar/regenerate/")

    assert response.status_code == 302 and response["Location"] == "/accounts/profile/#calendar"
    world.member.refresh_from_db()
    assert client.get(old).status_code == 404
    assert client.get(feed_url(world.member)).status_code == 200


@pytest.mark.parametrize("token", ["not-a-token", "x" * 64])
def test_an_unknown_token_is_a_404(db, client, token):
    assert client.get(f"/calendar/{token}.ics").status_code == 404


def test_a_token_holding_a_nul_is_refused_before_any_lookup(db, client):
    # config/bad_input.py: a 400 at the edge (on PostgreSQL the lookup itself was a 500).
    assert client.get("/calendar/%00.ics").status_code == 400


def test_regenerating_needs_a_logged_in_post(world, client):
    assert client.post("/reminders/calendar/regenerate/").status_code == 302
    client.force_login(world.member)
    assert client.get("/reminders/calendar/regenerate/").status_code == 405


def test_a_deactivated_user_has_no_feed(deadlines, world, client):
    world.member.is_active = False
    world.member.save()
    assert client.get(feed_url(world.member)).status_code == 404


def test_a_legacy_title_holding_control_characters_leaves_the_feed_valid(deadlines, world, client):
    # Rows stored before config/stored_text.py (QuerySet.update() bypasses it): RFC 5545 allows
    # no control character but tab in a text value, and a summary is one line.
    mine, _theirs = deadlines
    type(mine).objects.filter(pk=mine.pk).update(title="Submit\x0b the\x07 route\nnow\ufffe")
    type(world.application).objects.filter(pk=world.application.pk).update(title="March\x1f 8")
    response = client.get(feed_url(world.member))
    (event,) = events(response)
    body = response.content.decode()
    assert not any(ord(c) < 32 and c not in "\r\n\t" for c in body) and "\ufffe" not in body
    assert str(event["SUMMARY"]) == "Submit  the route now — March 8"
