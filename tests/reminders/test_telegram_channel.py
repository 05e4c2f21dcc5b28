"""Telegram as a reminder channel, the person's side: choosing it (me/preferences/ `channels`, the
profile's checkbox) only with a working link, and the bell's notice when the link breaks."""

import re
import threading

import pytest
from django.db import connection

from messenger.models import TelegramLink
from reminders.models import Notification, ReminderPreference
from reminders.telegram_link import notify_telegram_broken
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/me/preferences/"
BLOCKED = "sendMessage: 403 Forbidden: bot was blocked by the user"


@pytest.fixture
def person():
    return UserFactory(username="aida", language="en")


def linked(user, *, broken=False) -> TelegramLink:
    link = TelegramLink.objects.create(user=user, chat_id=700 + user.pk)
    if broken:
        link.mark_broken(BLOCKED)
    return link


# --- me/preferences/ channels --------------------------------------------------------------------


def test_channels_are_set_together_and_shown_back(api_as, person, telegram_bot):
    linked(person)
    api = api_as(person)

    response = api.patch(URL, {"channels": ["telegram", "in_app"]}, format="json")

    assert response.status_code == 200, response.json()
    assert response.json()["channels"] == ["telegram", "in_app"]
    assert (response.json()["by_email"], response.json()["in_app"]) == (False, True)
    preference = ReminderPreference.objects.get(user=person)
    assert (preference.by_email, preference.by_telegram, preference.in_app) == (False, True, True)
    assert api.get(URL).json()["channels"] == ["telegram", "in_app"]


def test_telegram_without_a_link_is_a_clear_400_and_nothing_changes(api_as, person, telegram_bot):
    response = api_as(person).patch(URL, {"channels": ["email", "telegram"], "discreet": True}, format="json")

    assert response.status_code == 400
    assert "no working Telegram link" in response.json()["channels"][0]
    assert not ReminderPreference.objects.exists()


def test_telegram_with_a_broken_link_is_a_400_too(api_as, person, telegram_bot):
    linked(person, broken=True)

    response = api_as(person).patch(URL, {"channels": ["telegram"]}, format="json")

    assert response.status_code == 400 and "channels" in response.json()


def test_telegram_on_a_site_without_a_bot_is_a_400_saying_so(api_as, person, settings):
    settings.TELEGRAM_BOT_TOKEN = ""
    linked(person)

    response = api_as(person).patch(URL, {"channels": ["telegram"]}, format="json")

    assert response.status_code == 400
    assert response.json()["channels"] == ["Telegram is not set up on this site."]


@pytest.mark.parametrize("channels", [["pigeon"], "email", [1], ["email", None], {"email": True}])
def test_an_unknown_channel_is_a_400(api_as, person, telegram_bot, channels):
    response = api_as(person).patch(URL, {"channels": channels}, format="json")

    assert response.status_code == 400 and "channels" in response.json()
    assert not ReminderPreference.objects.exists()


def test_channels_and_the_old_switches_together_is_a_400(api_as, person, telegram_bot):
    response = api_as(person).patch(URL, {"channels": ["email"], "by_email": False}, format="json")

    assert response.status_code == 400 and "channels" in response.json()


def test_the_old_switches_keep_working_and_keep_telegram(api_as, person, telegram_bot):
    linked(person)
    api = api_as(person)
    api.patch(URL, {"channels": ["email", "telegram"]}, format="json")

    body = api.patch(URL, {"in_app": True, "by_email": False}, format="json").json()

    assert body["channels"] == ["telegram", "in_app"]


def test_a_broken_link_drops_telegram_from_what_get_shows_and_relinking_brings_it_back(api_as, person, telegram_bot):
    link = linked(person)
    api = api_as(person)
    api.patch(URL, {"channels": ["telegram"]}, format="json")

    link.mark_broken(BLOCKED)
    assert api.get(URL).json()["channels"] == []
    assert ReminderPreference.objects.get(user=person).by_telegram  # the choice is kept

    link.delete()
    linked(person)
    assert api.get(URL).json()["channels"] == ["telegram"]


# --- the profile's checkbox ----------------------------------------------------------------------


def test_the_checkbox_is_offered_only_with_a_bot(client, person, settings):
    client.force_login(person)
    settings.TELEGRAM_BOT_TOKEN = ""

    assert 'name="by_telegram"' not in client.get("/accounts/profile/").content.decode()


def test_without_a_link_the_checkbox_is_disabled_and_says_why(client, person, telegram_bot):
    client.force_login(person)

    page = client.get("/accounts/profile/").content.decode()

    assert re.search(r'<input[^>]*name="by_telegram"[^>]*disabled', page)
    assert "Link Telegram on your profile first" in page


def test_a_posted_tick_without_a_link_changes_nothing(client, person, telegram_bot):
    client.force_login(person)

    response = client.post(
        "/reminders/preferences/", {"wants_reminders": "on", "offsets": ["7"], "by_email": "on", "by_telegram": "on"}
    )

    assert response.status_code == 302
    assert not ReminderPreference.objects.get(user=person).by_telegram


def test_with_a_working_link_the_tick_is_saved(client, person, telegram_bot):
    linked(person)
    client.force_login(person)
    page = client.get("/accounts/profile/").content.decode()
    assert not re.search(r'<input[^>]*name="by_telegram"[^>]*disabled', page)

    client.post("/reminders/preferences/", {"wants_reminders": "on", "offsets": ["7"], "by_telegram": "on"})

    preference = ReminderPreference.objects.get(user=person)
    assert (preference.by_telegram, preference.by_email) == (True, False)


def test_saving_the_form_while_the_link_is_broken_keeps_the_telegram_choice(client, person, telegram_bot):
    link = linked(person)
    ReminderPreference.save_for(person, by_telegram=True)
    link.mark_broken(BLOCKED)
    client.force_login(person)

    client.post("/reminders/preferences/", {"wants_reminders": "on", "offsets": ["7"], "by_email": "on"})

    assert ReminderPreference.objects.get(user=person).by_telegram


# --- the bell when the link breaks ---------------------------------------------------------------


def test_a_broken_link_rings_the_bell_once_per_breakage(client, person, telegram_bot):
    link = linked(person)
    assert notify_telegram_broken(link) is None  # not broken: nothing to say

    link.mark_broken(BLOCKED)
    first = notify_telegram_broken(link)
    again = notify_telegram_broken(link)

    assert first is not None and again is None
    [notice] = Notification.objects.filter(user=person)
    assert notice.kind == Notification.Kind.TELEGRAM_BROKEN
    assert notice.text.startswith("Telegram stopped taking our messages")
    assert notice.url == "/accounts/profile/#telegram"
    client.force_login(person)
    assert "Telegram stopped taking our messages" in client.get("/notifications/").content.decode()


def test_a_new_breakage_after_linking_again_is_told_again(person, telegram_bot):
    link = linked(person, broken=True)
    notify_telegram_broken(link)
    link.delete()
    relinked = linked(person, broken=True)

    assert notify_telegram_broken(relinked) is not None
    assert Notification.objects.filter(user=person, kind=Notification.Kind.TELEGRAM_BROKEN).count() == 2


def test_the_notice_is_on_the_api_with_its_kind(api_as, person, telegram_bot):
    notify_telegram_broken(linked(person, broken=True))

    [item] = api_as(person).get("/api/v1/notifications/").json()["results"]

    assert item["kind"] == "telegram_broken" and item["text"].startswith("Telegram stopped")
    assert item["url"] == "/accounts/profile/#telegram"


# serialized_rollback as every real-connection test (tests/conftest.py says why).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_reporting_one_breakage_tell_once(person, telegram_bot):
    if connection.vendor == "sqlite":
        pytest.skip("row locks are PostgreSQL's; SQLite runs one writer at a time anyway")
    link = linked(person, broken=True)
    barrier = threading.Barrier(2)

    def report():
        barrier.wait()
        try:
            notify_telegram_broken(link)
        finally:
            connection.close()

    workers = [threading.Thread(target=report) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert Notification.objects.filter(user=person, kind=Notification.Kind.TELEGRAM_BROKEN).count() == 1
