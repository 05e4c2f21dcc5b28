"""GET notifications/, POST notifications/{id}/read/ (API.md) and the bell page with events: only
the reader's own, only while they still see what it is about; everything else is a 404."""

import pytest
from django.utils import translation

from reminders.models import Notification
from tests.appeals.conftest import almaty_march, refuse

API = "/api/v1/notifications/"


@pytest.fixture
def refused(world, django_capture_on_commit_callbacks):
    application = almaty_march(world)
    with django_capture_on_commit_callbacks(execute=True):
        refuse(application, by=world.coordinator)
    return application


@pytest.fixture
def reminder(world):
    return Notification.objects.create(user=world.co_member, kind="reminder", title="Due today: answer", url="/")


def event_of(user) -> Notification:
    return Notification.objects.get(kind="decision_recorded", user=user)


def test_the_list_shows_events_beside_reminders_unread_first_in_the_readers_words(world, refused, reminder, api_as):
    event = event_of(world.co_member)
    Notification.objects.filter(pk=event.pk).mark_read()

    body = api_as(world.co_member).get(API).json()

    assert body["count"] == 2
    first, second = body["results"]
    assert (first["id"], first["kind"], first["read"]) == (reminder.pk, "reminder", False)
    assert first["text"] == "Due today: answer"
    assert second["kind"] == "decision_recorded" and second["read"] is True
    assert second["text"] == "Decision on “Women's march on 8 March 2022”: Refused"
    assert (second["application"], second["appeal"]) == (refused.pk, None)


def test_the_text_follows_the_readers_language(world, refused, api_as):
    world.co_member.language = "ru"
    world.co_member.save()

    (result,) = api_as(world.co_member).get(API).json()["results"]

    assert "Отказано" in result["text"]


def test_marking_one_read(world, refused, api_as):
    event = event_of(world.member)

    response = api_as(world.member).post(f"{API}{event.pk}/read/")

    assert response.status_code == 200 and response.json()["read"] is True
    event.refresh_from_db()
    assert event.is_read


def test_marking_all_read(world, refused, reminder, api_as):
    response = api_as(world.co_member).post(f"{API}read-all/")

    assert response.json() == {"marked_read": 2}
    assert not Notification.objects.filter(user=world.co_member).unread().exists()
    assert event_of(world.member).read_at is None  # someone else's stays unread


@pytest.mark.parametrize("who", ["outsider", "coordinator", "legal"])
def test_nobody_else_reads_or_marks_a_persons_notification(world, refused, api_as, who):
    """A stranger and members of the same group alike: another person's notification is a 404."""
    event = event_of(world.member)
    client = api_as(getattr(world, who))

    assert client.get(f"{API}{event.pk}/").status_code == 404
    assert client.post(f"{API}{event.pk}/read/").status_code == 404
    assert event.pk not in [n["id"] for n in client.get(API).json()["results"]]
    event.refresh_from_db()
    assert event.read_at is None


def test_a_notification_about_an_application_i_no_longer_see_is_gone(world, refused, api_as, client):
    """The co-organizing group's member leaves it: the refusal is neither listed, counted nor readable."""
    event = event_of(world.co_member)
    world.co_member.memberships.all().delete()
    api = api_as(world.co_member)

    assert api.get(API).json()["count"] == 0
    assert api.get(f"{API}{event.pk}/").status_code == 404
    assert api.post(f"{API}{event.pk}/read/").status_code == 404
    client.force_login(world.co_member)
    page = client.get("/notifications/").content.decode()
    assert "Women&#x27;s march" not in page and "unread-count" not in page
    assert client.get(f"/notifications/open/?n={event.pk}").status_code == 404
    assert client.post("/notifications/read/", {"notification": event.pk}).status_code == 404


def test_anonymous_callers_get_401(refused, api_client):
    assert api_client.get(API).status_code == 401


# --- the page ----------------------------------------------------------------------------------------


def test_the_bell_page_shows_the_event_unread_first_and_counts_it(world, refused, reminder, client):
    Notification.objects.filter(pk=reminder.pk).mark_read()
    client.force_login(world.co_member)

    page = client.get("/notifications/").content.decode()

    assert page.index("Decision on “Women&#x27;s march on 8 March 2022”: Refused") < page.index("Due today: answer")
    assert f"By {world.coordinator.display_name}." in page
    assert '<span class="badge rounded-pill text-bg-danger unread-count">1</span>' in page


def test_the_bell_page_marks_an_event_read_and_opens_its_application(world, refused, client):
    event = event_of(world.co_member)
    client.force_login(world.co_member)

    response = client.get(f"/notifications/open/?n={event.pk}")

    assert response.status_code == 302 and response["Location"] == f"/applications/{refused.pk}/"
    event.refresh_from_db()
    assert event.is_read


def test_the_bell_page_is_in_the_readers_language(world, refused, client):
    world.co_member.language = "ru"
    world.co_member.save()
    client.force_login(world.co_member)

    with translation.override("en"):
        page = client.get("/notifications/").content.decode()

    assert "Отказано" in page


def test_a_volunteer_taken_off_the_appeal_no_longer_sees_its_notifications(world, refused, api_as):
    import datetime as dt

    from appeals.services import appeal_open
    from appeals.volunteers import appeal_remove_volunteer
    from tests.appeals.conftest import assign_by_invitation

    decision = refused.decisions.get()
    appeal = appeal_open(decision=decision, venue="court", by=world.coordinator, language="en")
    volunteer = assign_by_invitation(appeal=appeal, username="gulnar", by=world.coordinator).user
    filed = Notification.objects.create(
        user=volunteer,
        kind="appeal_filed",
        application=refused,
        appeal=appeal,
        params={"venue": "court", "filed_on": dt.date(2021, 12, 1).isoformat()},
    )
    client = api_as(volunteer)
    assert [n["id"] for n in client.get(API).json()["results"]] == [filed.pk]

    appeal_remove_volunteer(appeal=appeal, user=volunteer, by=world.coordinator)

    assert client.get(API).json()["count"] == 0
    assert client.post(f"{API}{filed.pk}/read/").status_code == 404
