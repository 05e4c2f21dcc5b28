"""The reminders admin: staff see what was planned and sent, and find reminders failing for a day."""

import datetime as dt

import pytest

from reminders.models import Digest, Reminder
from reminders.services import reminders_sync
from tests.factories import UserFactory
from tests.reminders.conftest import custom_deadline


@pytest.fixture
def staff_client(clock, client, db):
    client.force_login(UserFactory(username="operator", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def reminders(clock, world):
    custom_deadline(world.application, dt.date(2027, 3, 31))
    reminders_sync(application_id=world.application.pk)
    failing = Reminder.objects.filter(recipient=world.member, offset_days=14).get()
    Reminder.objects.filter(pk=failing.pk).update(
        attempts=30, first_failed_at=clock.now - dt.timedelta(days=1, minutes=1), last_error="SMTP: 550 no such user"
    )
    Reminder.objects.filter(recipient=world.member, offset_days=7).update(attempts=1, first_failed_at=clock.now)
    return failing


def test_staff_find_the_reminders_failing_for_more_than_a_day(staff_client, reminders):
    page = staff_client.get("/admin/reminders/reminder/", {"delivery": "failing_day"})

    assert page.status_code == 200
    assert page.context["cl"].result_count == 1
    assert list(page.context["cl"].result_list) == [reminders]


def test_every_reminder_admin_page_opens(staff_client, reminders, world):
    summary = Digest.objects.create(user=world.member, period_start=dt.date(2027, 3, 1), frequency="weekly")
    for url in (
        "/admin/reminders/reminder/",
        f"/admin/reminders/reminder/{reminders.pk}/change/",
        "/admin/reminders/notification/",
        "/admin/reminders/acknowledgement/",
        "/admin/reminders/reminderpreference/",
        "/admin/reminders/sweeprecord/",
        "/admin/reminders/digest/",
        f"/admin/reminders/digest/{summary.pk}/change/",
    ):
        assert staff_client.get(url).status_code == 200, url
    assert (
        "SMTP: 550 no such user"
        in staff_client.get(f"/admin/reminders/reminder/{reminders.pk}/change/").content.decode()
    )


def test_reminders_cannot_be_added_or_changed_by_hand(staff_client, reminders):
    assert staff_client.get("/admin/reminders/reminder/add/").status_code == 403
    response = staff_client.post(f"/admin/reminders/reminder/{reminders.pk}/change/", {"status": "sent"})
    assert response.status_code == 403
    reminders.refresh_from_db()
    assert reminders.status == Reminder.Status.PENDING


def test_event_notifications_and_their_deliveries_open_in_the_admin(staff_client, world):
    from reminders.models import Notification, NotificationDelivery

    notification = Notification.objects.create(
        user=world.member, kind="decision_recorded", application=world.application, params={"outcome": "refused"}
    )
    delivery = NotificationDelivery.objects.create(notification=notification, channel="email", last_error="SMTPError")

    listing = staff_client.get("/admin/reminders/notification/").content.decode()
    assert f"Decision on “{world.application.title}”: Refused".replace("'", "&#x27;") in listing
    for url in (
        f"/admin/reminders/notification/{notification.pk}/change/",
        "/admin/reminders/notificationdelivery/",
        f"/admin/reminders/notificationdelivery/{delivery.pk}/change/",
    ):
        assert staff_client.get(url).status_code == 200, url
