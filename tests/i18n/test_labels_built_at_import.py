"""Labels a form builds when its module is imported — the reminder days' choices, the report's
"choose one of" error — are shown in the reader's language, whichever language the first request
that imported the form spoke (issue 13, item 9: "30 days before" stayed English in ru and kk)."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from reminders.forms import ReminderPreferenceForm

pytestmark = pytest.mark.django_db


def days_before(language: str, days: int) -> str:
    with translation.override(language):
        return ngettext("%(days)d day before", "%(days)d days before", days) % {"days": days}


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_reminder_days_are_offered_in_the_readers_language(world, login, language):
    world.member.language = language
    world.member.save(update_fields=["language"])
    page = login(world.member).get(reverse("reminders:preferences")).content.decode()

    assert days_before(language, 30) != "30 days before"  # the catalogue is there
    assert days_before(language, 30) in page
    assert days_before(language, 1) in page
    assert "30 days before" not in page


def test_the_choices_follow_the_language_active_when_they_are_shown():
    field = ReminderPreferenceForm.base_fields["offsets"]
    labels = dict(field.choices)
    with translation.override("en"):
        assert str(labels[30]) == "30 days before"
    with translation.override("kk"):
        assert str(labels[30]) == days_before("kk", 30)


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_an_unknown_breakdown_of_the_report_is_named_in_the_readers_language(world, login, language):
    world.coordinator.language = language
    world.coordinator.save(update_fields=["language"])
    page = login(world.coordinator).get(reverse("reports:report"), {"by": "colour"}).content.decode()

    with translation.override(language):
        expected = gettext("Choose one of: %(choices)s.") % {"choices": "reason, authority, year, event_type"}
    assert expected.startswith(("Выберите", "Мыналардың"))
    assert expected in page
