"""Plurals, dates and numbers in Russian and Kazakh.

Russian has three plural forms (1, 21 день; 2, 22 дня; 5, 11, 111 дней); Kazakh nouns do not change
after a numeral, and its catalogue has the two forms gettext expects, chosen by n != 1. Dates read
as each language writes them ("26 ноября 2021", month names in Kazakh), the inputs of a form stay
ISO whatever the language (a browser's date input shows a localized value as empty), and no number
carries the English thousands comma where a comma marks decimals."""

import datetime as dt
import gettext as gnu_gettext
import re
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import ngettext

from permits.models import PermitApplication
from tests.factories import PermitApplicationFactory

pytestmark = pytest.mark.django_db

ALMATY = ZoneInfo("Asia/Almaty")
COUNTS = [0, 1, 2, 3, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111, 112, 121, 1000, 1001, 1011, 1021]


def russian_form(n: int) -> int:
    """CLDR's Russian rule: one (1, 21, 101 …), few (2–4, 22–24 …), many (the rest, 11–14 included)."""
    if n % 10 == 1 and n % 100 != 11:
        return 0
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return 1
    return 2


EXPECTED_FORMS = {"ru": (3, russian_form), "kk": (2, lambda n: int(n != 1))}


def catalogue(compiled_locale, language: str) -> gnu_gettext.GNUTranslations:
    with open(compiled_locale / language / "LC_MESSAGES" / "django.mo", "rb") as mo:
        return gnu_gettext.GNUTranslations(mo)


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_catalogues_plural_forms_header_follows_the_languages_rule(compiled_locale, language):
    compiled = catalogue(compiled_locale, language)
    nplurals, rule = EXPECTED_FORMS[language]
    header = compiled.info()["plural-forms"].replace(" ", "")
    assert header.startswith(f"nplurals={nplurals};")
    for n in range(0, 1200):
        assert compiled.plural(n) == rule(n), (language, n)


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_every_plural_message_has_all_its_forms_translated(compiled_locale, language):
    compiled = catalogue(compiled_locale, language)
    nplurals, _rule = EXPECTED_FORMS[language]
    forms: dict[str, dict[int, str]] = {}
    for key, text in compiled._catalog.items():
        if isinstance(key, tuple):
            msgid, index = key
            forms.setdefault(msgid, {})[index] = text
    assert forms, "no plural message in the catalogue"
    incomplete = {msgid: found for msgid, found in forms.items() if sorted(found) != list(range(nplurals))}
    empty = {msgid for msgid, found in forms.items() if not all(text.strip() for text in found.values())}
    assert not incomplete and not empty


RUSSIAN_DAY = ("день", "дня", "дней")


@pytest.mark.parametrize("days", [1, 2, 3, 5, 11, 12, 21, 22, 25, 101, 111, 112])
def test_the_deadline_chip_counts_overdue_days_in_russian_and_kazakh(days):
    deadline = SimpleNamespace(is_done=False, kind="filing", is_overdue=True, days=-days, days_past=days)
    with translation.override("ru"):
        russian = render_to_string("includes/deadline_chip.html", {"deadline": deadline})
    with translation.override("kk"):
        kazakh = render_to_string("includes/deadline_chip.html", {"deadline": deadline})

    assert f"{days} {RUSSIAN_DAY[russian_form(days)]}" in russian
    for wrong in set(RUSSIAN_DAY) - {RUSSIAN_DAY[russian_form(days)]}:
        assert f"{days} {wrong}<" not in russian and f"{days} {wrong} " not in russian
    assert f"{days} күн" in kazakh  # a Kazakh noun stays singular after a number
    assert "day" not in re.sub(r"<[^>]*>", " ", russian + kazakh)  # no English left in the text


RUSSIAN_APPLICATIONS = ("заявка", "заявки", "заявок")


def count_line(client) -> str:
    html = client.get(reverse("permits:application_list")).content.decode()
    return html.split('<p class="small text-body-secondary">', 1)[1].split("</p>", 1)[0]


def add_applications(world, total: int):
    missing = total - PermitApplication.objects.count()
    authority = world.application.authority
    PermitApplication.objects.bulk_create(
        PermitApplicationFactory.build_batch(missing, organization=world.lead, authority=authority)
    )


def test_the_list_counts_applications_with_russian_and_kazakh_plurals(world, client):
    russian, kazakh = world.member, world.coordinator
    russian.language, kazakh.language = "ru", "kk"
    russian.save(update_fields=["language"])
    kazakh.save(update_fields=["language"])
    for total in (1, 2, 5, 21, 22, 111):
        add_applications(world, total)
        client.force_login(russian)
        assert count_line(client) == f"{total} {RUSSIAN_APPLICATIONS[russian_form(total)]}"
        client.force_login(kazakh)
        with translation.override("kk"):
            expected = ngettext("%(counter)s application", "%(counter)s applications", total) % {"counter": total}
        assert count_line(client) == expected
        assert f"{total} өтінім" in expected


@pytest.fixture
def march_8(world):
    """The world's application on 8 March 2027 from 12:00 in Almaty, filed on 26 November 2026,
    with 12,500 expected participants."""
    application = world.application
    application.starts_at = dt.datetime(2027, 3, 8, 12, tzinfo=ALMATY)
    application.ends_at = dt.datetime(2027, 3, 8, 15, tzinfo=ALMATY)
    application.expected_participants = 12500
    application.save()
    application.file(on=dt.date(2026, 11, 26), by=world.coordinator)
    return application


@pytest.mark.parametrize(
    ("language", "known"),
    [
        ("ru", ["8 марта 2027", "26 ноября 2026"]),
        ("kk", ["8 наурыз 2027", "26 қараша 2026"]),
        ("en", ["8 Mar 2027", "26 Nov 2026"]),
    ],
)
def test_the_application_page_writes_dates_as_the_language_does(world, login, march_8, language, known):
    world.member.language = language
    world.member.save(update_fields=["language"])
    html = login(world.member).get(reverse("permits:application_detail", args=[march_8.pk])).content.decode()

    with translation.override(language):
        event_day = formats.date_format(dt.date(2027, 3, 8), "DATE_FORMAT")
        filed_day = formats.date_format(dt.date(2026, 11, 26), "DATE_FORMAT")
    assert f"{event_day}, 12:00" in html
    assert filed_day in html
    for text in known:
        assert text in html
    if language != "en":
        for english in ("March 8", "Mar. 8", "Nov. 26", "November 26"):
            assert english not in html


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_numbers_never_carry_the_english_thousands_comma(world, login, march_8, language):
    world.member.language = language
    world.member.save(update_fields=["language"])
    html = login(world.member).get(reverse("permits:application_detail", args=[march_8.pk])).content.decode()
    with translation.override(language):
        shown = formats.localize(12500)
    assert shown in html
    assert "12,500" not in html


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_edit_forms_date_inputs_stay_iso_in_every_language(world, login, march_8, language):
    world.member.language = language
    world.member.save(update_fields=["language"])
    html = login(world.member).get(reverse("permits:application_edit", args=[march_8.pk])).content.decode()
    assert 'value="2027-03-08T12:00"' in html
    assert 'value="2027-03-08T15:00"' in html
    assert 'value="2026-11-26"' in html
    assert 'value="12500"' in html
