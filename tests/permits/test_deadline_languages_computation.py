"""A deadline's "how it was computed" in the reader's language (review of issues 4 and 6): the
holidays the count passed over are named in Russian and Kazakh, not as the `holidays` package names
them in English, and dates read as each language writes them ("1 января 2021",
"1 қаңтар 2021") — English keeps "1 Jan 2021".

The deadline: a march on 8 March 2021 registered on Wed 30 Dec 2020; the akimat answers within 7
working days: 31 Dec Th (1), 1–2 Jan New Year's Day, 3 Jan Sun, 4 Jan Mon New Year's Day (observed),
5 T (2), 6 W (3), 7 Th Orthodox Christmas, 8 F (4), 9–10 weekend, 11 M (5), 12 T (6), 13 W (7).

The holiday names' Russian and Kazakh texts are the translator's (locale/ is filled at the end): the
page tests look the expected text up with gettext, so they hold before and after; once the catalogue
has an entry they also check that the English name is gone. `test_..._from_the_catalogue` stands in a
catalogue of its own, so the wiring is checked today.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import holidays
import pytest
from django.urls import reverse
from django.utils import formats, translation
from django.utils.html import escape
from django.utils.translation import gettext

from permits import holiday_names
from permits.holiday_names import holiday_name
from permits.models import CalendarOverride, DeadlineKind, Jurisdiction

pytestmark = pytest.mark.django_db

ALMATY = ZoneInfo("Asia/Almaty")
D = dt.date


@pytest.fixture
def answer(world):
    application = world.application
    application.starts_at = dt.datetime(2021, 3, 8, 12, tzinfo=ALMATY)
    application.ends_at = None
    application.event_type = "march"
    application.save()
    application.file(on=D(2020, 12, 30))
    deadline = application.deadline(DeadlineKind.AUTHORITY_RESPONSE)
    assert deadline.due_on == D(2021, 1, 13)
    return deadline


def page_for(client, world, language: str) -> str:
    world.member.language = language
    world.member.save()
    client.force_login(world.member)
    response = client.get(reverse("permits:application_detail", args=[world.application.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_english_keeps_the_package_names_and_the_short_dates(answer):
    text = answer.computation
    assert "Not counted: 1 Jan 2021 (New Year's Day); 2 Jan 2021 (New Year's Day); 3 Jan 2021 (weekend); " in text
    assert "4 Jan 2021 (New Year's Day (observed))" in text
    assert "7 Jan 2021 (Orthodox Christmas)" in text
    assert "Due: 13 Jan 2021." in text


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_russian_or_kazakh_reader_sees_the_holidays_in_their_language_on_the_application_page(
    client, world, answer, language
):
    html = page_for(client, world, language)
    with translation.override(language):
        new_year = gettext("New Year's Day")
        observed = gettext("%(holiday)s (observed)") % {"holiday": new_year}
        christmas = gettext("Orthodox Christmas")
        first, fourth, seventh = (formats.date_format(D(2021, 1, day), "DATE_FORMAT") for day in (1, 4, 7))
    assert escape(f"{first} ({new_year})") in html
    assert escape(f"{fourth} ({observed})") in html
    assert escape(f"{seventh} ({christmas})") in html
    if new_year != "New Year's Day":  # the catalogue has the entry: no English name is left
        assert escape("New Year's Day") not in html
    if christmas != "Orthodox Christmas":
        assert "Orthodox Christmas" not in html


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_holiday_names_on_the_page_come_from_the_catalogue(client, world, answer, language, monkeypatch):
    # A catalogue that translates every holiday name and pattern, whatever locale/ holds today.
    monkeypatch.setattr(holiday_names, "gettext", lambda message: f"[{translation.get_language()}] {message}")
    html = page_for(client, world, language)
    assert escape(f"([{language}] New Year's Day)") in html
    assert escape(f"([{language}] [{language}] New Year's Day (observed))") in html
    assert escape(f"([{language}] Orthodox Christmas)") in html
    assert escape("(New Year's Day)") not in html


@pytest.mark.parametrize(
    ("language", "first_day", "counted", "due"),
    [
        ("ru", "1 января 2021", "31 декабря 2020, 5, 6, 8, 11, 12, 13 января 2021", "13 января 2021"),
        ("kk", "1 қаңтар 2021", "31 желтоқсан 2020, 5, 6, 8, 11, 12, 13 қаңтар 2021", "13 қаңтар 2021"),
    ],
)
def test_dates_in_the_computation_read_as_the_language_writes_them(
    client, world, answer, language, first_day, counted, due
):
    html = page_for(client, world, language)
    assert f"{first_day} (" in html  # the first day not counted, with why
    assert counted in html  # day numbers, then the month and year once per month
    with translation.override(language):
        assert gettext("Due: %(date)s.") % {"date": due} in answer.computation
    for abbreviated in ("1 Янв 2021", "1 Қаң 2021", "13 Янв 2021", "13 Қаң 2021"):
        assert abbreviated not in html


def test_an_operators_note_and_an_unknown_holiday_are_shown_as_they_are(client, world, answer):
    CalendarOverride.objects.create(
        jurisdiction=Jurisdiction.objects.get(code="KZ"),
        date=D(2021, 1, 5),
        is_working_day=False,
        note="Постановление № 42 (fictional)",
    )
    world.application.refresh_deadlines()
    html = page_for(client, world, "ru")
    assert escape("5 января 2021 (Постановление № 42 (fictional))") in html
    assert holiday_name("Fête nationale") == "Fête nationale"
    assert holiday_name("Decree 7; Fête nationale (observed)") == "Decree 7; Fête nationale (observed)"


def test_every_kazakh_holiday_name_the_package_gives_is_translatable(monkeypatch):
    """A newer `holidays` package that renames or adds a holiday fails here: add the name to
    permits/holiday_names.py for the translator."""
    monkeypatch.setattr(holiday_names, "gettext", lambda message: f"<{message}>")
    calendar = holidays.country_holidays("KZ", years=range(2018, 2031), language="en_US")
    names = {part for value in calendar.values() for part in value.split("; ")}
    untranslated = {
        name for name in names if not name.startswith("Day off (substituted from") and holiday_name(name) == name
    }
    assert untranslated == set()
    assert holiday_name("Eid al-Adha (estimated)") == "<%(holiday)s (estimated)>".replace(
        "%(holiday)s", "<Eid al-Adha>"
    )
    assert holiday_name("Victory Day; Nowruz Holiday") == "<Victory Day>; <Nowruz Holiday>"
