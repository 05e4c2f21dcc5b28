"""Pages in Russian and Kazakh: the profile's language first, then the browser's; the switcher for
visitors who are not logged in; the Kazakh appeal seeds."""

import pytest
from django.urls import reverse

from appeals.models import Argument, DraftTemplate

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "word"), [("ru", "Новая заявка"), ("kk", "Жаңа өтінім")])
def test_dashboard_speaks_the_browser_language_with_its_html_lang(world, login, language, word):
    world.member.language = ""  # no choice on the profile: the browser's language
    world.member.save(update_fields=["language"])
    response = login(world.member).get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE=language)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}">' in html
    assert word in html


def test_the_language_chosen_on_the_profile_beats_the_browsers(world, login):
    world.member.language = "kk"
    world.member.save(update_fields=["language"])
    html = login(world.member).get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert '<html lang="kk">' in html
    assert "Жаңа өтінім" in html


def test_the_switcher_changes_the_language_for_a_visitor_who_is_not_logged_in(client):
    response = client.post("/i18n/setlang/", {"language": "kk", "next": reverse("account_login")})
    assert response.status_code == 302
    html = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="kk">' in html


def test_kazakh_templates_for_the_higher_authority_and_the_court_are_seeded(db):
    higher = DraftTemplate.objects.get(venue="higher_authority", language="kk")
    assert "шағым" in higher.heading.lower()
    assert "ӘРПК" in higher.heading
    assert DraftTemplate.objects.filter(venue="court", language="kk").exists()


def test_kazakh_arguments_answer_conflicting_events_repair_works_and_public_health(db):
    for code in ("conflicting_event", "repair_works", "public_health"):
        argument = Argument.objects.in_language("kk").filter(reasons__code=code).first()
        assert argument is not None, code
        assert argument.citations.exists()
        english = Argument.objects.get(code=argument.code, language="en")
        assert argument.citations.count() == english.citations.count()  # cites only what English cites
