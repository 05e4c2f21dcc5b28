"""Reminder preferences on the profile: offsets, channels, discreet; bad input is a form error."""

import datetime as dt
import re

import pytest

from reminders.models import Reminder, ReminderPreference
from tests.reminders.conftest import custom_deadline

URL = "/reminders/preferences/"


def post(client, **overrides):
    data = {"wants_reminders": "on", "offsets": ["7", "1"], "by_email": "on", "in_app": "on"}
    data.update(overrides)
    return client.post(URL, {k: v for k, v in data.items() if v is not None})


def test_the_profile_shows_the_reminder_settings_and_the_calendar_address(world, client):
    client.force_login(world.member)

    page = client.get("/accounts/profile/").content.decode()

    assert 'id="reminders"' in page and 'action="/reminders/preferences/"' in page
    assert f"/calendar/{world.member.calendar_token}.ics" in page
    # The defaults are ticked before anything is saved, and nothing is written by looking.
    assert re.search(r'value="14"[^>]*checked', page) and not re.search(r'value="10"[^>]*checked', page)
    assert not ReminderPreference.objects.exists()


def test_saving_offsets_channels_and_discreet(world, client):
    client.force_login(world.member)

    response = post(client, offsets=["21", "3", "0"], by_email=None, discreet="on")

    assert response.status_code == 302 and response["Location"] == "/accounts/profile/#reminders"
    preference = ReminderPreference.objects.get(user=world.member)
    assert (preference.offsets, preference.by_email, preference.in_app, preference.discreet) == (
        [21, 3, 0],
        False,
        True,
        True,
    )


def test_the_summary_is_chosen_on_the_profile_and_a_bad_value_is_a_form_error(world, client):
    client.force_login(world.member)

    assert post(client, digest="weekly").status_code == 302
    assert ReminderPreference.objects.get(user=world.member).digest == "weekly"
    assert post(client).status_code == 302  # a page from before the summary existed keeps the choice
    assert ReminderPreference.objects.get(user=world.member).digest == "weekly"

    response = post(client, digest="hourly", discreet="on")

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert ReminderPreference.objects.get(user=world.member).digest == "weekly"


@pytest.mark.parametrize(
    ("offsets", "message"),
    [
        (["-1"], "Reminders come before a deadline: -1 days is negative."),
        (["4"], "4 days before is not one of the choices"),
        (["abc"], "“abc” is not a number of days."),
        (["7", "-3"], "-3 days is negative"),
    ],
)
def test_unknown_or_negative_offsets_are_form_errors_that_keep_the_input(world, client, offsets, message):
    client.force_login(world.member)

    response = post(client, offsets=offsets, discreet="on")

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'name="discreet"' in page and 'id="id_discreet" checked' in page
    assert not ReminderPreference.objects.exists()


def test_new_offsets_replan_the_persons_reminders_after_the_commit(
    clock, world, client, django_capture_on_commit_callbacks
):
    from reminders.services import reminders_sync

    deadline = custom_deadline(world.application, dt.date(2027, 3, 31))
    reminders_sync(application_id=world.application.pk)
    client.force_login(world.member)

    with django_capture_on_commit_callbacks(execute=True):
        post(client, offsets=["2"])

    waiting = Reminder.objects.filter(deadline=deadline, recipient=world.member, status="pending")
    assert list(waiting.values_list("offset_days", flat=True)) == [2]


def test_anonymous_visitors_cannot_post_preferences(client):
    response = client.post(URL, {"offsets": ["1"]})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_profile_says_which_events_the_bell_tells_and_offers_their_email(world, client):
    client.force_login(world.member)

    page = client.get("/accounts/profile/").content.decode()

    assert "a decision recorded, corrected or voided, an appeal opened or filed, a hearing set" in page
    assert 'name="email_events"' in page and not re.search(r'id="id_email_events"[^>]*checked', page)


def test_asking_for_event_emails_is_saved_and_a_bad_offset_keeps_the_tick(world, client):
    client.force_login(world.member)

    response = post(client, offsets=["4"], email_events="on")

    assert response.status_code == 400
    assert re.search(r'id="id_email_events"[^>]*checked', response.content.decode())
    assert not ReminderPreference.objects.exists()
    post(client, email_events="on")
    assert ReminderPreference.objects.get(user=world.member).email_events is True
