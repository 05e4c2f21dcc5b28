"""Appeal and court deadlines: the assigned volunteers are asked to acknowledge; if nobody does,
the coordinators are alerted three days before and everyone on the application on the last day.
Acknowledging stops the escalation, not the reminders."""

import re

import pytest
from django.core import mail

from permits.models import DeadlineKind
from reminders.models import Acknowledgement, Notification, Reminder
from reminders.services import reminder_moment
from reminders.sweep import sweep_due_reminders

ACK_PATH = "/reminders/acknowledge/"


@pytest.fixture
def deadline(appeal):
    return appeal.application.deadlines.get(kind=DeadlineKind.APPEAL_FILING)


def at(deadline, offset_days, user):
    return reminder_moment(deadline, offset_days, user.time_zone)


def escalations(deadline, **filters):
    return Reminder.objects.filter(deadline=deadline, purpose=Reminder.Purpose.ESCALATION, **filters)


def ack_link(message) -> str:
    return re.search(r"https://ruqsat\.example(/reminders/acknowledge/\?t=\S+)", message.body).group(1)


def test_the_assigned_volunteer_is_reminded_and_asked_to_acknowledge(deadline, world):
    mine = Reminder.objects.filter(deadline=deadline, recipient=world.legal, purpose=Reminder.Purpose.REMINDER)
    assert sorted(mine.values_list("offset_days", flat=True)) == [0, 1, 3, 7, 14]
    assert all(mine.values_list("asks_acknowledgement", flat=True))
    others = Reminder.objects.filter(deadline=deadline, recipient=world.member, purpose=Reminder.Purpose.REMINDER)
    assert not any(others.values_list("asks_acknowledgement", flat=True))


def test_escalations_are_planned_for_coordinators_then_for_everyone_on_the_application(deadline, world):
    assert set(escalations(deadline, offset_days=3).values_list("recipient__username", flat=True)) == {"asel"}
    assert set(escalations(deadline, offset_days=0).values_list("recipient__username", flat=True)) == {
        "asel",
        "dana",
        "lawyer",
        "aigerim",
    }


def test_the_volunteers_email_carries_a_link_that_acknowledges_only_after_a_click(deadline, world, clock, client):
    clock.set(at(deadline, 14, world.legal))
    sweep_due_reminders()
    message = next(m for m in mail.outbox if m.to == [world.legal.email])

    link = ack_link(message)
    page = client.get(link)  # what a mail scanner following links does

    assert page.status_code == 200
    assert "I have it in hand" in page.content.decode()
    assert not Acknowledgement.objects.exists()
    token = link.split("?t=")[1]
    done = client.post(ACK_PATH, {"t": token})
    assert done.status_code == 200
    assert Acknowledgement.objects.get().user == world.legal
    assert Acknowledgement.objects.get().via == "email"


def test_without_acknowledgement_the_coordinators_are_alerted_three_days_before(deadline, world, clock):
    clock.set(at(deadline, 3, world.coordinator))

    sweep_due_reminders()

    alerts = [m for m in mail.outbox if m.subject.startswith("Nobody has acknowledged")]
    assert [m.to for m in alerts] == [[world.coordinator.email]]
    assert Notification.objects.filter(kind=Notification.Kind.ESCALATION, user=world.coordinator).count() == 1


def test_on_the_last_day_everyone_on_the_application_is_alerted(deadline, world, clock):
    clock.set(at(deadline, 0, world.coordinator))

    sweep_due_reminders()

    alerted = {m.to[0] for m in mail.outbox if m.subject.startswith("Nobody has acknowledged")}
    assert alerted == {u.email for u in (world.coordinator, world.member, world.legal, world.co_member)}
    assert world.outsider.email not in {m.to[0] for m in mail.outbox}


def test_acknowledging_stops_the_escalation_but_not_the_reminders(deadline, world, clock, client):
    client.force_login(world.legal)
    response = client.post("/reminders/acknowledge/in-app/", {"deadline": deadline.pk})
    assert response.status_code == 302
    clock.set(at(deadline, 0, world.coordinator))

    sweep_due_reminders()

    assert not [m for m in mail.outbox if m.subject.startswith("Nobody has acknowledged")]
    assert set(escalations(deadline).values_list("status", flat=True)) == {Reminder.Status.SKIPPED}
    assert world.legal.email in {m.to[0] for m in mail.outbox}  # the volunteer's own reminder still came


def test_only_an_assigned_volunteer_can_acknowledge_in_the_app(deadline, world, client):
    for user in (world.coordinator, world.co_member, world.outsider):
        client.force_login(user)
        assert client.post("/reminders/acknowledge/in-app/", {"deadline": deadline.pk}).status_code == 404
    assert not Acknowledgement.objects.exists()


@pytest.mark.parametrize("deadline_value", ["", "abc", "-1", "99999999999999999999", "0"])
def test_a_bad_deadline_id_is_a_404_not_a_500(deadline, world, client, deadline_value):
    client.force_login(world.legal)
    assert client.post("/reminders/acknowledge/in-app/", {"deadline": deadline_value}).status_code == 404


@pytest.mark.parametrize("token", ["", "nonsense", "eyJyIjoxfQ:1abc:forged"])
def test_a_forged_or_broken_link_says_so_and_changes_nothing(deadline, client, token):
    for response in (client.get(ACK_PATH, {"t": token}), client.post(ACK_PATH, {"t": token})):
        assert response.status_code == 404
        assert "This link is not valid" in response.content.decode()
    assert not Acknowledgement.objects.exists()


def test_a_link_for_a_reminder_that_asks_nothing_is_not_valid(deadline, world):
    from reminders.delivery import acknowledge_token, reminder_from_token

    plain = Reminder.objects.filter(deadline=deadline, recipient=world.member).first()
    assert reminder_from_token(acknowledge_token(plain)) is None


def test_the_link_page_shows_no_names_to_someone_not_logged_in_as_the_volunteer(deadline, world, clock, client):
    clock.set(at(deadline, 14, world.legal))
    sweep_due_reminders()
    link = ack_link(next(m for m in mail.outbox if m.to == [world.legal.email]))

    anonymous = client.get(link).content.decode()
    client.force_login(world.legal)
    own = client.get(link).content.decode()

    assert deadline.application.title not in anonymous
    assert deadline.application.title in own
