"""One date style per language across pages (issue 13 §8): templates format dates and moments with
the language's DATE_FORMAT / DATETIME_FORMAT (config/formats for en, ru and kk) in the reader's time
zone — never a SHORT_* format or a hand-written pattern, which put "12/21/2026 10 a.m." beside
"7 Dec 2026, 04:09" and "Dec. 7, 2026" on one page."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation

from appeals.services import appeal_open
from config.formats import compact_date
from tests.appeals.conftest import almaty_march, refuse

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# "c": ISO 8601 for a <time datetime="…"> attribute, read by machines, not people.
ALLOWED = {"DATE_FORMAT", "DATETIME_FORMAT", "TIME_FORMAT", "YEAR_MONTH_FORMAT", "MONTH_DAY_FORMAT", "c"}


def test_every_template_formats_dates_with_the_languages_own_formats():
    found = []
    for path in TEMPLATES.rglob("*.html"):
        for match in re.finditer(r"\|\s*date\s*:\s*[\"']([^\"']*)[\"']", path.read_text(encoding="utf-8")):
            if match.group(1) not in ALLOWED:
                found.append(f"{path.relative_to(TEMPLATES)}: {match.group(0)}")
    assert not found, "dates formatted by hand or with SHORT_*:\n" + "\n".join(found)


# Django's English formats: "Nov. 26, 2021", "March 8, 2022", "Nov. 26, 2021, 2 p.m.".
MONTH_FIRST = re.compile(
    r"\b(?:Jan\.|Feb\.|March|April|May|June|July|Aug\.|Sept\.|Oct\.|Nov\.|Dec\.) \d{1,2}, \d{4}"
    r"|\d (?:a\.m\.|p\.m\.)|\bnoon\b|\bmidnight\b"
)


@pytest.fixture
def almaty_appeal(world):
    application = almaty_march(world)
    decision = refuse(application, by=world.coordinator)
    return appeal_open(decision=decision, venue="higher_authority", by=world.coordinator, language="en")


@pytest.mark.parametrize(
    ("page", "shown"),
    [
        (lambda appeal: reverse("dashboard"), ["26 Nov 2021"]),
        (
            lambda appeal: reverse("permits:application_detail", args=[appeal.application.pk]),
            ["16 Nov 2021", "26 Nov 2021", "8 Mar 2022, 12:00"],
        ),
        (lambda appeal: reverse("appeals:list"), ["28 Feb 2022", "8 Mar 2022"]),
        (lambda appeal: reverse("appeals:workspace", args=[appeal.pk]), ["26 Nov 2021", "28 Feb 2022"]),
        (lambda appeal: reverse("audit:application_history", args=[appeal.application.pk]), []),
    ],
    ids=["dashboard", "application", "appeals", "workspace", "history"],
)
def test_english_pages_write_dates_day_first_like_the_sentences_ruqsat_writes(world, login, almaty_appeal, page, shown):
    html = login(world.coordinator).get(page(almaty_appeal), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert not MONTH_FIRST.findall(html)
    for day in shown:
        assert day in html


def test_english_sentences_and_short_formats_put_the_day_first():
    # "03/08/2022" reads as 3 August or 8 March; readers in Kazakhstan write the day first.
    with translation.override("en"):
        refused_on = dt.date(2021, 11, 26)
        assert compact_date(refused_on) == formats.date_format(refused_on, "DATE_FORMAT") == "26 Nov 2021"
        assert formats.date_format(dt.date(2022, 3, 8), "SHORT_DATE_FORMAT") == "08.03.2022"
        assert formats.date_format(dt.datetime(2022, 3, 8, 14, 5), "SHORT_DATETIME_FORMAT") == "08.03.2022 14:05"
        assert formats.date_format(dt.date(2022, 3, 8), "MONTH_DAY_FORMAT") == "8 Mar"
        assert formats.time_format(dt.time(14, 5), "TIME_FORMAT") == "14:05"
        # Date inputs still send ISO, and Django's English input formats still read it.
        assert "%Y-%m-%d" in formats.get_format("DATE_INPUT_FORMATS")
