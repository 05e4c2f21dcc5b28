"""Issue 16, item 5: one search over the authorities' quoted words, the timelines and the appeal
drafts the user may see — the page (/search/) and the API (GET /api/v1/search/?q=).

Most tests run on both databases with the words as stored; the inflected Russian form and the Kazakh
near-form need PostgreSQL (full-text search, pg_trgm): skipped on SQLite locally, run in CI."""

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from appeals.models import AppealDraft, AppealVolunteer
from appeals.services import appeal_open
from permits.models import RefusalReason, TimelineEntry
from tests.conftest import require_service

pytestmark = pytest.mark.django_db

WORKS_QUOTE = "В сквере им. Ш. Уалиханова запланировано проведение ремонтно-монтажных работ до 20:00."
KAZAKH_MEETING = "Әкімдікте кездесу: шенеуніктер жиналысқа рұқсат берілмейтінін айтты"
PAGE = reverse("search:results")
API = "/api/v1/search/"


@pytest.fixture
def case(world, volunteer):
    """A refusal for repair works; appeal A (the volunteer's) and appeal B, both drafts quoting
    the works; a meeting noted in Kazakh; a hearing entry (about appeals: not the volunteer's)."""
    application = world.application
    application.file(on=timezone.localdate(), by=world.coordinator)
    decision = application.record_decision(
        outcome="refused",
        decided_on=timezone.localdate(),
        received_on=timezone.localdate(),
        grounds=[{"reason": RefusalReason.objects.get(code="repair_works"), "quote": WORKS_QUOTE}],
        by=world.coordinator,
    )
    mine = appeal_open(decision=decision, venue="higher_authority", by=world.coordinator, language="ru")
    other = appeal_open(decision=decision, venue="court", by=world.coordinator, language="ru")
    AppealVolunteer.objects.create(appeal=mine, user=volunteer, assigned_by=world.coordinator)
    AppealDraft.objects.filter(appeal=mine).update(text="Жалоба А: ссылка на ремонтно-монтажных работ не доказана.")
    AppealDraft.objects.filter(appeal=other).update(text="Иск Б: тайная стратегия о ремонтно-монтажных работ.")
    TimelineEntry.objects.create(
        application=application, kind=TimelineEntry.Kind.MEETING, summary=KAZAKH_MEETING, created_by=world.member
    )
    TimelineEntry.objects.create(
        application=application,
        kind=TimelineEntry.Kind.HEARING,
        summary="Заседание суда",
        details="Судья спросил про ремонтно-монтажных работ",
    )
    return {"application": application, "decision": decision, "mine": mine, "other": other}


def kinds(results):
    return sorted(result["kind"] for result in results)


def test_a_member_finds_the_quote_the_drafts_and_the_timeline_with_the_words_marked(case, world, api_as):
    response = api_as(world.member).get(API, {"q": "ремонтно-монтажных работ"})

    assert response.status_code == 200
    results = response.json()["results"]
    assert kinds(results) == ["draft", "draft", "quote", "timeline"]
    quote = next(result for result in results if result["kind"] == "quote")
    assert quote["application"] == case["application"].pk and quote["appeal"] is None
    assert "<mark>" in quote["snippet"] and "монтажных" in quote["snippet"]
    drafts = {result["appeal"] for result in results if result["kind"] == "draft"}
    assert drafts == {case["mine"].pk, case["other"].pk}


def test_the_page_links_each_result_to_its_application_or_appeal(case, world, login):
    response = login(world.member).get(PAGE, {"q": "ремонтно-монтажных работ"})

    assert response.status_code == 200
    page = response.content.decode()
    detail = reverse("permits:application_detail", args=[case["application"].pk])
    assert f'href="{detail}#decision-{case["decision"].pk}"' in page
    assert f'href="{detail}#timeline"' in page
    assert f'href="{reverse("appeals:workspace", args=[case["mine"].pk])}"' in page
    assert "<mark>" in page


def test_a_volunteer_finds_their_own_appeals_draft_only(case, volunteer, api_as, login):
    results = api_as(volunteer).get(API, {"q": "ремонтно-монтажных работ"}).json()["results"]

    # The quote of the application they help with, their appeal's draft; not appeal B's draft, nor
    # the hearing entry (the timeline's entries about appeals are not theirs to read).
    assert kinds(results) == ["draft", "quote"]
    assert next(r for r in results if r["kind"] == "draft")["appeal"] == case["mine"].pk
    page = login(volunteer).get(PAGE, {"q": "ремонтно-монтажных работ"}).content.decode()
    assert "Жалоба А" in page
    assert "тайная стратегия" not in page and "Судья" not in page


def test_a_stranger_finds_nothing(case, world, api_as, login):
    response = api_as(world.outsider).get(API, {"q": "ремонтно-монтажных работ"})

    assert response.status_code == 200 and response.json()["results"] == []
    page = login(world.outsider).get(PAGE, {"q": "ремонтно-монтажных работ"}).content.decode()
    assert 'id="search-nothing"' in page and "Уалиханова" not in page


def test_an_anonymous_caller_is_sent_to_log_in(case, client, api_client):
    assert api_client.get(API, {"q": "работ"}).status_code == 401
    response = client.get(PAGE, {"q": "работ"})
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_the_authorities_words_are_shown_as_text_not_markup(case, world, api_as, login):
    ground = case["decision"].grounds.get()
    ground.quote = '<script>alert("x")</script> ремонтно-монтажных работ <b>'
    ground.save()

    snippet = next(
        r["snippet"] for r in api_as(world.member).get(API, {"q": "работ"}).json()["results"] if r["kind"] == "quote"
    )
    # Escaped (the snippets built here) or left out (PostgreSQL's headline skips what parses as a tag):
    # never markup.
    assert "<script>" not in snippet and "<b>" not in snippet and "<mark>работ</mark>" in snippet
    if connection.vendor == "sqlite":
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in snippet
    page = login(world.member).get(PAGE, {"q": "работ"}).content.decode()
    assert '<script>alert("x")' not in page


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Type the words to search for."),
        ("   ", "Type the words to search for."),
        ("р", "Type at least two letters"),
        ("работ " * 2000, "Type at most 200 characters"),
    ],
    ids=["empty", "blank", "one-letter", "ten-thousand-characters"],
)
def test_a_query_too_short_or_too_long_gets_a_clear_message(case, world, login, api_as, typed, message):
    response = login(world.member).get(PAGE, {"q": typed})

    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and 'id="search-count"' not in page
    api = api_as(world.member).get(API, {"q": typed})
    assert api.status_code == 400 and message in api.json()["q"][0]


def test_the_page_without_a_query_shows_the_box_and_no_error(world, login):
    page = login(world.member).get(PAGE).content.decode()

    assert 'name="q"' in page and 'id="search-errors"' not in page


def test_a_nul_character_is_refused_clearly(case, world, login, api_as):
    assert login(world.member).get(PAGE, {"q": "работ\x00"}).status_code == 400
    assert api_as(world.member).get(API, {"q": "работ\x00"}).status_code == 400


# --- PostgreSQL: word forms --------------------------------------------------------------------------------


@pytest.fixture
def postgresql(db):
    if connection.vendor != "postgresql":
        require_service("needs PostgreSQL (DATABASE_URL=postgres://…): full-text search and pg_trgm")


def test_the_nominative_finds_the_genitive_in_russian(postgresql, case, world, api_as):
    results = api_as(world.member).get(API, {"q": "ремонтно-монтажные работы"}).json()["results"]

    quote = next(result for result in results if result["kind"] == "quote")
    assert "<mark>монтажных</mark>" in quote["snippet"] and "<mark>работ</mark>" in quote["snippet"]
    assert {result["appeal"] for result in results if result["kind"] == "draft"} == {case["mine"].pk, case["other"].pk}


def test_a_kazakh_match_shows_the_text_around_it_escaped(postgresql, case, world, api_as):
    TimelineEntry.objects.filter(summary=KAZAKH_MEETING).update(details="<img src=x onerror=alert(1)> & т.б.")

    snippet = api_as(world.member).get(API, {"q": "жиналыс"}).json()["results"][0]["snippet"]

    assert "<mark>жиналысқа</mark>" in snippet
    assert "<img" not in snippet and "&lt;img src=x onerror=alert(1)&gt; &amp; т.б." in snippet


def test_a_kazakh_word_finds_its_inflected_form(postgresql, case, world, api_as, login):
    results = api_as(world.member).get(API, {"q": "жиналыс"}).json()["results"]

    assert [result["kind"] for result in results] == ["timeline"]
    assert "<mark>жиналысқа</mark>" in results[0]["snippet"]
    page = login(world.member).get(PAGE, {"q": "жиналыс"}).content.decode()
    assert "<mark>жиналысқа</mark>" in page


def test_an_unrelated_word_finds_nothing_on_postgresql(postgresql, case, world, api_as):
    assert api_as(world.member).get(API, {"q": "велосипед"}).json()["results"] == []


@pytest.mark.parametrize(
    ("language", "message"),
    [("ru", "Введите не меньше двух букв"), ("kk", "Кемінде екі әріп енгізіңіз")],
)
def test_the_message_for_a_one_letter_query_is_in_the_readers_language(world, login, api_as, language, message):
    world.member.language = language
    world.member.save(update_fields=["language"])

    page = login(world.member).get(PAGE, {"q": "ж"}).content.decode()
    assert message in page
    # The API speaks the language the caller asks for (Accept-Language), as everywhere in it.
    assert message in api_as(world.member).get(API, {"q": "ж"}, HTTP_ACCEPT_LANGUAGE=language).json()["q"][0]


def test_every_page_links_to_the_search(world, login):
    assert f'href="{PAGE}"' in login(world.member).get(reverse("dashboard")).content.decode()


@pytest.mark.parametrize("typed", ['""', "--", "!!", "a & b | !c", "работ:*", "'; DROP TABLE x; --", "(( ))", "<mark>"])
def test_operators_and_punctuation_are_searched_for_not_obeyed(case, world, api_as, typed):
    response = api_as(world.member).get(API, {"q": typed})

    assert response.status_code == 200
    assert all("<mark><mark>" not in result["snippet"] for result in response.json()["results"])
