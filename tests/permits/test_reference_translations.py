"""A refusal reason's legal basis and a rule's "Why verify" note read in the reader's language on the
application page (issue 13, item 9): they are translated in the database, like the rules' texts."""

import pytest
from django.urls import reverse
from django.utils import timezone

from permits.models import RefusalReason

pytestmark = pytest.mark.django_db

BASIS = {
    "en": "Law 333-VI Art. 14 p. 1 sub. 10",
    "ru": "подп. 10 п. 1 ст. 14 Закона № 333-VI",
    "kk": "№ 333-VI Заңның 14-бабы 1-тармағының 10) тармақшасы",
}
WORKING_DAYS_NOTE = {
    "en": "A period counted from registration is taken to start the next day",
    "ru": "Срок, исчисляемый со дня регистрации, считается начавшимся на следующий день",
    "kk": "Тіркелген күннен бастап есептелетін мерзім келесі күні басталады деп саналады",
}


@pytest.fixture
def refused(world):
    """The world's march, filed today and refused for a conflicting event."""
    application = world.application
    application.file(on=timezone.localdate(), by=world.member)
    application.record_decision(
        outcome="refused",
        decided_on=timezone.localdate(),
        received_on=timezone.localdate(),
        grounds=[{"reason": RefusalReason.objects.get(code="conflicting_event"), "quote": "другие мероприятия"}],
        by=world.member,
    )
    return application


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_reader_sees_the_legal_basis_and_the_why_verify_note_in_their_language(refused, world, login, language):
    world.member.language = language
    world.member.save()

    html = login(world.member).get(reverse("permits:application_detail", args=[refused.pk])).content.decode()

    assert BASIS[language] in html
    assert BASIS["en"] not in html
    assert WORKING_DAYS_NOTE[language] in html
    assert WORKING_DAYS_NOTE["en"] not in html


def test_an_english_reader_keeps_the_english_legal_basis_and_note(refused, world, login):
    world.member.language = "en"
    world.member.save()

    html = login(world.member).get(reverse("permits:application_detail", args=[refused.pk])).content.decode()

    assert BASIS["en"] in html
    assert WORKING_DAYS_NOTE["en"] in html


def test_the_api_gives_the_legal_basis_in_the_language_asked(world, api_as):
    body = api_as(world.member).get("/api/v1/refusal-reasons/", HTTP_ACCEPT_LANGUAGE="kk").json()
    conflicting = next(row for row in body["results"] if row["code"] == "conflicting_event")
    assert conflicting["legal_basis"] == BASIS["kk"]
