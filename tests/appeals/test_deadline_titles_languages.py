"""Titles the system gives an appeal's deadlines ("Hearing: …", "File the appeal: …") read in each
reader's language, not in the language of whoever scheduled the hearing or opened the appeal."""

import datetime as dt

import pytest
from django.utils import translation
from django.utils.translation import gettext

from appeals.services import appeal_open
from permits.models import Deadline, DeadlineKind
from tests.appeals.conftest import ALMATY, D

pytestmark = pytest.mark.django_db

PLACE = "Алматы қалалық соты, 4-зал"


def in_language(language, message, **values):
    with translation.override(language):
        return gettext(message) % values


def test_a_hearing_scheduled_in_russian_is_titled_in_each_readers_language(world, appeal):
    appeal.venue = "court"  # a court hearing («Судебное заседание») only before a court
    appeal.save(update_fields=["venue"])
    appeal.file(on=D(2021, 12, 1), by=world.legal)
    with translation.override("ru"):
        hearing = appeal.schedule_hearing(
            starts_at=dt.datetime(2021, 12, 20, 10, 30, tzinfo=ALMATY), place=PLACE, by=world.legal
        )
    deadline = Deadline.objects.get(pk=hearing.deadline_id)

    for language in ("en", "ru", "kk"):
        with translation.override(language):
            assert deadline.label == in_language(language, "Hearing: %(place)s", place=PLACE)
    with translation.override("kk"):
        kazakh = deadline.label
    assert kazakh != f"Hearing: {PLACE}", "the Kazakh catalogue has no entry for the hearing title"
    assert deadline.title == f"Hearing: {PLACE}"  # the record, in the site's language


def test_a_custom_filing_deadline_names_the_venue_in_the_readers_language(world, refused):
    _application, decision = refused
    with translation.override("kk"):
        appeal = appeal_open(
            decision=decision, venue="prosecutor", by=world.coordinator, language="ru", filing_due_on=D(2022, 1, 31)
        )
    deadline = appeal.filing_deadline
    assert deadline.kind == DeadlineKind.CUSTOM

    with translation.override("ru"):
        russian = deadline.label
        assert russian == gettext("File the appeal: %(venue)s") % {"venue": appeal.get_venue_display()}
    with translation.override("en"):
        english = deadline.label
        assert english == f"File the appeal: {appeal.get_venue_display()}"
    assert russian != english, "the Russian catalogue has no entry for the filing title"
