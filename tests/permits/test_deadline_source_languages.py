"""Where a deadline comes from, in the reader's language (issue 8): the rule's translated citation on
the application page, in reminder emails and notifications, in the calendar feed and in the API;
the stored `rule_source` stays the English record, and is what people see once the rule's
citation has changed since the deadline was planned."""

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone, translation

from permits.models import DeadlineKind
from reminders.calendar import user_calendar
from reminders.delivery import build_email, notify_in_app
from reminders.models import Reminder, ReminderPreference

pytestmark = pytest.mark.django_db

ENGLISH = "Law No. 333-VI of 25 May 2020 on peaceful assemblies, Art. 13, p. 1"
KAZAKH = (
    "«Қазақстан Республикасында бейбіт жиналыстарды ұйымдастыру және өткізу тәртібі туралы» Қазақстан "
    "Республикасының 2020 жылғы 25 мамырдағы № 333-VI Заңы, 13-бап, 1-тармақ"
)
RUSSIAN = (
    "Закон РК от 25 мая 2020 года № 333-VI «О порядке организации и проведения мирных собраний в Республике "
    "Казахстан», ст. 13, п. 1"
)


@pytest.fixture
def answer(world):
    """The akimat's answer to the world's march, planned while the page was in Kazakh."""
    world.member.language = "kk"
    world.member.save()
    with translation.override("kk"):
        world.application.file(on=timezone.localdate(), by=world.member)
    return world.application.deadline(DeadlineKind.AUTHORITY_RESPONSE)


def test_the_stored_source_stays_the_english_record_whoever_planned_it(answer):
    assert answer.rule_source == ENGLISH


@pytest.mark.parametrize(("language", "expected"), [("en", ENGLISH), ("ru", RUSSIAN), ("kk", KAZAKH)])
def test_the_source_reads_in_the_active_language(answer, language, expected):
    with translation.override(language):
        assert answer.source_citation == expected


def test_a_kazakh_speaking_member_sees_the_source_in_kazakh_on_the_application_page(answer, world, login):
    page = login(world.member).get(reverse("permits:application_detail", args=[world.application.pk]))
    html = page.content.decode()
    assert KAZAKH in html
    assert "Law No. 333-VI" not in html


def test_a_kazakh_speaking_member_gets_the_source_in_kazakh_in_a_reminder_email_and_notification(answer, world):
    reminder = Reminder.objects.create(
        deadline=answer,
        recipient=world.member,
        offset_days=1,
        deadline_due_on=answer.due_on,
        send_at=answer.due_at,
        next_attempt_at=answer.due_at,
    )
    email = build_email(reminder, ReminderPreference.for_user(world.member))
    assert KAZAKH in email.body
    assert "Law No. 333-VI" not in email.body
    assert KAZAKH in notify_in_app(reminder).body


def test_the_calendar_feed_names_the_source_in_its_owners_language(answer, world):
    feed = icalendar.Calendar.from_ical(user_calendar(world.member))
    descriptions = [str(event["description"]) for event in feed.walk("VEVENT")]
    assert any(KAZAKH in description for description in descriptions)


def test_the_api_gives_the_source_in_the_requests_language(answer, world, api_as):
    url = f"/api/v1/deadlines/{answer.pk}/"
    client = api_as(world.member)
    assert client.get(url, HTTP_ACCEPT_LANGUAGE="kk").json()["rule_source"] == KAZAKH
    assert client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()["rule_source"] == ENGLISH


def test_a_source_recorded_from_an_older_wording_of_the_rule_is_shown_as_recorded(answer):
    rule = answer.rule
    rule.law_en = "Law No. 333-VI as amended"
    rule.save()
    answer.refresh_from_db()
    with translation.override("kk"):
        assert answer.source_citation == ENGLISH  # what the date was computed from, not today's wording
