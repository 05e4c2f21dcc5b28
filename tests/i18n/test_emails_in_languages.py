"""Emails speak their recipient's language (User.language), not the server's or the sender's: the
reminders the sweep sends outside any request, and a group's invitation to someone who already has
a Ruqsat account. Expected texts are read from the catalogues (a translator may reword them); one
known word per language proves the catalogue was there."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext, ngettext

from organizations.models import Invitation
from reminders.models import Notification
from reminders.services import reminders_sync
from reminders.sweep import sweep_due_reminders
from tests.factories import UserFactory
from tests.reminders.conftest import Clock, custom_deadline

pytestmark = pytest.mark.django_db

DUE = dt.date(2027, 3, 31)
AT_14 = dt.datetime(2027, 3, 17, 4, 0, tzinfo=dt.UTC)  # 09:00 in Almaty, 14 days before DUE
LABEL = "Submit the revised route"


@pytest.fixture
def clock(monkeypatch):
    the_clock = Clock(dt.datetime(2027, 3, 1, 0, 0, tzinfo=dt.UTC))
    monkeypatch.setattr(timezone, "now", the_clock)
    return the_clock


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://ruqsat.example"


def in_language(language: str, message: str, **values) -> str:
    with translation.override(language):
        return gettext(message) % values if values else gettext(message)


def reminder_subject(language: str, application, days: int) -> str:
    with translation.override(language):
        return ngettext(
            "In %(days)s day: %(label)s for “%(title)s”, due %(date)s",
            "In %(days)s days: %(label)s for “%(title)s”, due %(date)s",
            days,
        ) % {"days": days, "label": LABEL, "title": application.title, "date": formats.date_format(DUE, "DATE_FORMAT")}


@pytest.fixture
def reminded(clock, world):
    """The member reads Kazakh, the coordinator Russian; the sweep runs at 09:00 fourteen days before."""
    world.member.language = "kk"
    world.member.save(update_fields=["language"])
    world.coordinator.language = "ru"
    world.coordinator.save(update_fields=["language"])
    custom_deadline(world.application, DUE, title=LABEL)
    reminders_sync(application_id=world.application.pk)
    clock.set(AT_14)
    return world


def email_to(address: str):
    return next(message for message in mail.outbox if message.to == [address])


@pytest.mark.parametrize(
    ("recipient", "language", "known_words"),
    [
        ("member", "kk", ["14 күннен кейін", "31 наурыз 2027"]),
        ("coordinator", "ru", ["через 14 дней", "31 марта 2027"]),
    ],
)
def test_a_reminder_email_is_in_its_recipients_language(reminded, recipient, language, known_words):
    # The sweep runs in no request; whatever language its thread happens to have must not matter.
    translation.activate("en")
    sweep_due_reminders()

    user = getattr(reminded, recipient)
    message = email_to(user.email)
    assert message.subject == reminder_subject(language, reminded.application, 14)
    with translation.override(language):
        date = formats.date_format(DUE, "DATE_FORMAT")
    for sentence in (
        in_language(language, "Last day: %(date)s", date=date),
        in_language(language, "Check this date against the current law."),
        in_language(language, "Open the application:"),
        in_language(language, "Ruqsat reminds you because you are in a group on this application."),
    ):
        assert sentence in message.body
    for word in known_words:
        assert word in message.body
    for english in ("Last day:", "Open the application:", "Check this date", "in 14 days", "March 31"):
        assert english not in message.body


def test_the_bell_says_the_same_in_the_recipients_language(reminded):
    sweep_due_reminders()
    notification = Notification.objects.get(user=reminded.member)
    assert notification.title == reminder_subject("kk", reminded.application, 14)
    with translation.override("kk"):
        date = formats.date_format(DUE, "DATE_FORMAT")
    assert notification.body.startswith(in_language("kk", "Last day: %(date)s.", date=date))
    assert "Last day" not in notification.body


def test_a_discreet_reminder_in_kazakh_has_the_kazakh_neutral_subject(reminded):
    from reminders.models import ReminderPreference

    ReminderPreference.objects.create(user=reminded.member, discreet=True)
    sweep_due_reminders()
    message = email_to(reminded.member.email)
    assert message.subject == in_language("kk", "A reminder from Ruqsat")
    assert message.subject != "A reminder from Ruqsat"


# --- invitations ----------------------------------------------------------------------------------


def invite(client, world, email):
    return client.post(
        reverse("organizations:invitation_create", args=[world.lead.pk]), {"email": email, "role": "legal"}
    )


@pytest.mark.parametrize(
    ("language", "known_word"),
    [("kk", "шақыр"), ("ru", "приглаш")],
)
def test_an_invitation_to_someone_with_an_account_is_in_their_language(world, login, language, known_word):
    invitee = UserFactory(username="zhanna", email="Zhanna@Example.org", language=language)
    world.coordinator.language = "en"  # the inviter's language must not decide
    world.coordinator.save(update_fields=["language"])

    response = invite(login(world.coordinator), world, "zhanna@example.org")

    assert response.status_code == 302
    [message] = mail.outbox
    invitation = Invitation.objects.get(email="zhanna@example.org")
    assert message.subject == in_language(
        language, "You are invited to join %(organization)s on Ruqsat", organization="Feminita"
    )
    assert invitation.role == "legal"
    with translation.override(language):
        # One sentence per role (templates/organizations/includes/invited_as.html), so it can be declined.
        expected = gettext("%(inviter)s invites you to join %(organization)s on Ruqsat as a legal volunteer.") % {
            "inviter": world.coordinator.display_name,
            "organization": "Feminita",
        }
    assert expected in message.body
    assert in_language(language, "If you did not expect this invitation, ignore this email.") in message.body
    assert known_word in message.subject.lower() + message.body.lower()
    assert "invites you" not in message.body and "Open this link" not in message.body
    assert invitee.email.lower() == message.to[0].lower()


def test_the_invitations_expiry_is_written_in_russian_grammar_and_the_invitees_time_zone(world, login, monkeypatch):
    # 20:30 UTC on 19 November is 01:30 on the 20th in Almaty (UTC+5), still the 19th in London, the
    # inviter's zone; the link expires seven days later.
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2027, 11, 19, 20, 30, tzinfo=dt.UTC))
    UserFactory(username="zhanna", email="zhanna@example.org", language="ru", time_zone="Asia/Almaty")
    world.coordinator.time_zone = "Europe/London"
    world.coordinator.save(update_fields=["time_zone"])

    invite(login(world.coordinator), world, "zhanna@example.org")

    [message] = mail.outbox
    assert "27 ноября 2027" in message.body  # genitive: "ноября", as a Russian date is written
    assert "ноябрь" not in message.body
    assert re.search(r"\b0?1:30\b", message.body)
    assert "20:30" not in message.body


def test_an_invitation_to_an_unknown_address_is_in_the_language_the_inviter_uses(world, login):
    # We do not know a stranger's language; the group's coordinator writing in Kazakh is the best guess.
    world.coordinator.language = "kk"
    world.coordinator.save(update_fields=["language"])
    invite(login(world.coordinator), world, "stranger@example.org")
    [message] = mail.outbox
    with translation.override("kk"):
        expected = gettext("You are invited to join %(organization)s on Ruqsat") % {"organization": "Feminita"}
    assert message.subject == expected
    assert expected != "You are invited to join Feminita on Ruqsat"  # the Kazakh catalogue was there
