"""GET / PATCH me/preferences/ (API.md): the caller's own reminder offsets, channels, discreet,
language and time zone. Every bad value is a 400 naming its field, and nothing is changed."""

import pytest

from reminders.models import ReminderPreference

URL = "/api/v1/me/preferences/"


def test_the_defaults_before_anything_is_saved(world, api_as):
    body = api_as(world.member).get(URL).json()

    assert body == {
        "wants_reminders": True,
        "offsets": [14, 7, 3, 1, 0],
        "by_email": True,
        "in_app": True,
        "channels": ["email", "in_app"],
        "email_events": False,
        "discreet": False,
        "digest": "off",
        "language": "en",
        "time_zone": "Asia/Almaty",
    }
    assert not ReminderPreference.objects.exists()


def test_patching_changes_only_what_is_given(world, api_as):
    client = api_as(world.member)

    response = client.patch(
        URL, {"offsets": [21, 3], "email_events": True, "language": "kk", "time_zone": "Asia/Aqtobe"}, format="json"
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["offsets"], body["email_events"], body["by_email"], body["discreet"]) == ([21, 3], True, True, False)
    world.member.refresh_from_db()
    assert (world.member.language, world.member.time_zone) == ("kk", "Asia/Aqtobe")
    assert ReminderPreference.objects.get(user=world.member).offsets == [21, 3]
    # A second PATCH keeps what the first one set.
    client.patch(URL, {"discreet": True}, format="json")
    preference = ReminderPreference.objects.get(user=world.member)
    assert (preference.offsets, preference.email_events, preference.discreet) == ([21, 3], True, True)


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"offsets": [4]}, "offsets"),  # not one of the choices
        ({"offsets": [-1]}, "offsets"),
        ({"offsets": ["7"]}, "offsets"),  # a string, not a number
        ({"offsets": 7}, "offsets"),  # not a list
        ({"offsets": [7.5]}, "offsets"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"time_zone": 5}, "time_zone"),
        ({"language": "de"}, "language"),
        ({"language": ["ru"]}, "language"),
        ({"discreet": "yes"}, "discreet"),
        ({"email_events": 1}, "email_events"),
        ({"by_email": None}, "by_email"),
        ({"digest": "monthly"}, "digest"),
        ({"digest": "Daily"}, "digest"),
        ({"digest": ["weekly"]}, "digest"),
        ({"digest": 1}, "digest"),
        ({"digest": None}, "digest"),
        ({"user": 1}, "user"),  # aimed at someone else's settings
        ({"offsets": [7], "time_zone": "Nowhere"}, "time_zone"),  # a good value beside a bad one
    ],
)
def test_a_bad_value_is_a_400_naming_its_field_and_changes_nothing(world, api_as, payload, field):
    response = api_as(world.member).patch(URL, payload, format="json")

    assert response.status_code == 400
    assert field in response.json() and response.json()[field]
    assert not ReminderPreference.objects.exists()
    world.member.refresh_from_db()
    assert (world.member.language, world.member.time_zone) == ("en", "Asia/Almaty")


@pytest.mark.parametrize("frequency", ["daily", "weekly", "off"])
def test_the_summary_is_chosen_by_patch(world, api_as, frequency):
    response = api_as(world.member).patch(URL, {"digest": frequency}, format="json")

    assert response.status_code == 200 and response.json()["digest"] == frequency
    assert ReminderPreference.objects.get(user=world.member).digest == frequency


def test_a_body_that_is_not_an_object_is_a_400(world, api_as):
    response = api_as(world.member).patch(URL, [1, 2], format="json")

    assert response.status_code == 400 and "non_field_errors" in response.json()


def test_nobody_changes_another_persons_preferences(world, api_as):
    """There is no id to aim at: the caller's own settings are the only ones the URL reaches."""
    ReminderPreference.save_for(world.member, discreet=True)

    api_as(world.outsider).patch(URL, {"discreet": False, "offsets": [0]}, format="json")

    preference = ReminderPreference.objects.get(user=world.member)
    assert (preference.discreet, preference.offsets) == (True, [14, 7, 3, 1, 0])
    assert api_as(world.outsider).patch(URL, {"user": world.member.pk}, format="json").status_code == 400


def test_anonymous_callers_get_401(api_client, db):
    assert api_client.get(URL).status_code == 401
    assert api_client.patch(URL, {"discreet": True}, format="json").status_code == 401
