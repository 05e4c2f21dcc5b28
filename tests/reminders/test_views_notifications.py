"""The bell, the list of notifications, mark as read."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reminders.models import Notification


@pytest.fixture
def notices(world):
    return [
        Notification.objects.create(user=world.member, kind="reminder", title=f"Reminder {n}", url="/applications/")
        for n in range(3)
    ]


def test_the_navbar_bell_shows_the_unread_count(world, notices, client):
    Notification.objects.filter(pk=notices[0].pk).mark_read()
    client.force_login(world.member)

    page = client.get("/").content.decode()

    assert page.count('<span class="badge rounded-pill text-bg-danger unread-count">2</span>') == 2  # phone and wide


def test_the_bell_costs_one_query_however_often_the_page_asks(world, notices, rf):
    from django.template import RequestContext, Template

    from reminders.context_processors import notifications

    request = rf.get("/")
    request.user = world.member
    context = notifications(request)
    with CaptureQueriesContext(connection) as queries:
        rendered = Template("{{ unread_notification_count }} {{ unread_notification_count }}").render(
            RequestContext(request, context)
        )
    assert rendered == "3 3"
    assert len(queries) == 1


def test_the_bell_is_quiet_with_nothing_unread(world, client):
    client.force_login(world.member)
    assert "unread-count" not in client.get("/").content.decode()


def test_the_list_shows_only_my_notifications(world, notices, client):
    Notification.objects.create(user=world.coordinator, kind="reminder", title="Not for dana")
    client.force_login(world.member)

    page = client.get("/notifications/").content.decode()

    assert "Reminder 0" in page and "Reminder 2" in page
    assert "Not for dana" not in page


def test_marking_one_as_read(world, notices, client):
    client.force_login(world.member)

    response = client.post("/notifications/read/", {"notification": notices[1].pk, "next": "/notifications/"})

    assert response.status_code == 302 and response["Location"] == "/notifications/"
    assert list(Notification.objects.unread().values_list("title", flat=True)) == ["Reminder 2", "Reminder 0"]


def test_marking_all_as_read(world, notices, client):
    other = Notification.objects.create(user=world.coordinator, kind="reminder", title="Theirs")
    client.force_login(world.member)

    client.post("/notifications/read/", {"all": "1"})

    assert not Notification.objects.filter(user=world.member).unread().exists()
    other.refresh_from_db()
    assert other.read_at is None


@pytest.mark.parametrize("value", ["", "abc", "-5", "99999999999999999999999"])
def test_a_bad_notification_id_is_a_404(world, notices, client, value):
    client.force_login(world.member)
    assert client.post("/notifications/read/", {"notification": value}).status_code == 404


def test_someone_elses_notification_is_a_404_and_stays_unread(world, notices, client):
    client.force_login(world.outsider)

    assert client.post("/notifications/read/", {"notification": notices[0].pk}).status_code == 404
    assert client.get("/notifications/open/", {"n": notices[0].pk}).status_code == 404
    assert Notification.objects.filter(user=world.member).unread().count() == 3


def test_opening_a_notification_marks_it_read_and_follows_its_link(world, notices, client):
    client.force_login(world.member)

    response = client.get("/notifications/open/", {"n": notices[0].pk})

    assert response.status_code == 302 and response["Location"] == "/applications/"
    notices[0].refresh_from_db()
    assert notices[0].is_read


def test_next_cannot_send_the_user_to_another_site(world, notices, client):
    client.force_login(world.member)
    response = client.post("/notifications/read/", {"all": "1", "next": "https://evil.example/"})
    assert response["Location"] == "/notifications/"


def test_anonymous_visitors_are_sent_to_log_in(client):
    for url in ("/notifications/", "/notifications/open/?n=1"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
