"""Seeded data (refusal reasons, jurisdictions, authorities, deadline rules) in English, Russian and
Kazakh through django-modeltranslation: the API names rows by their English codes and shows `name`
in the request's language."""

import pytest
from django.utils import translation

from permits.models import Authority, DeadlineRule, Jurisdiction, RefusalReason

pytestmark = pytest.mark.django_db

# Every jurisdiction on one page: Kazakhstan's regions and cities (issue 16) fill more than a default one.
EVERY = {"page_size": 200}


def reasons_by_code(api_client, language):
    response = api_client.get("/api/v1/refusal-reasons/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    body = response.json()
    rows = body["results"] if isinstance(body, dict) else body
    return {row["code"]: row for row in rows}


@pytest.mark.parametrize(
    ("language", "name"),
    [
        ("en", "Conflicting event"),
        ("ru", "Проведение другого мероприятия"),
        ("kk", "Басқа іс-шараның өткізілуі"),
    ],
)
def test_refusal_reasons_api_keeps_english_codes_and_names_them_in_the_request_language(world, api_as, language, name):
    reasons = reasons_by_code(api_as(world.member), language)
    assert reasons["conflicting_event"]["name"] == name
    assert set(reasons) >= {"repair_works", "public_health", "public_order", "late_filing", "other"}


def test_every_seeded_refusal_reason_has_a_russian_and_kazakh_name_and_description(db):
    for reason in RefusalReason.objects.all():
        assert reason.name_en and reason.name_ru and reason.name_kk, reason.code
        assert reason.description_ru and reason.description_kk, reason.code


def test_kazakh_names_of_the_reasons_in_the_demo_case(db):
    with translation.override("kk"):
        assert RefusalReason.objects.get(code="repair_works").name == "Жөндеу немесе құрылыс жұмыстары"
        assert RefusalReason.objects.get(code="public_health").name == "Денсаулық сақтау / эпидемиологиялық жағдай"
    with translation.override("ru"):
        assert RefusalReason.objects.get(code="repair_works").name == "Ремонтные или строительные работы"


def test_jurisdictions_and_akimats_read_in_russian_and_kazakh(db):
    with translation.override("kk"):
        assert Jurisdiction.objects.get(code="KZ").name == "Қазақстан"
        assert Authority.objects.get(jurisdiction__code="KZ-ALA").name == "Алматы қаласының әкімдігі"
    with translation.override("ru"):
        assert Jurisdiction.objects.get(code="KZ").name == "Казахстан"
        assert Authority.objects.get(jurisdiction__code="KZ-ALA").name == "Акимат города Алматы"
        assert Authority.objects.get(jurisdiction__code="KZ-AST").name == "Акимат города Астаны"


def test_jurisdictions_api_gives_the_name_and_rule_descriptions_in_the_request_language(world, api_as):
    client = api_as(world.member)
    body = client.get("/api/v1/jurisdictions/", EVERY, HTTP_ACCEPT_LANGUAGE="kk").json()
    rows = body["results"] if isinstance(body, dict) else body
    almaty = next(row for row in rows if row["code"] == "KZ-ALA")
    assert almaty["name"] == "Алматы"
    kazakhstan = next(row for row in rows if row["code"] == "KZ")
    assert kazakhstan["name"] == "Қазақстан"
    response_rule = next(rule for rule in kazakhstan["rules"] if rule["code"] == "approval-response")
    assert response_rule["kind"] == "authority_response"  # codes stay in English
    assert "7 жұмыс күні" in response_rule["description"]


def test_every_seeded_deadline_rule_is_described_in_russian_and_kazakh(db):
    for rule in DeadlineRule.objects.filter(jurisdiction__code="KZ"):
        assert rule.description_ru and rule.description_kk, rule.code
        if rule.when_missed_en:
            assert rule.when_missed_ru and rule.when_missed_kk, rule.code


def test_a_row_without_a_kazakh_text_falls_back_to_english(db):
    authority = Authority.objects.create(jurisdiction=Jurisdiction.objects.get(code="KZ-ALA"), name="Maslikhat")
    with translation.override("kk"):
        assert Authority.objects.get(pk=authority.pk).name == "Maslikhat"


def test_an_authority_added_through_the_api_in_russian_keeps_its_name_for_everyone(world, api_as):
    client = api_as(world.member)
    response = client.post(
        "/api/v1/authorities/",
        {"name": "Акимат Медеуского района", "jurisdiction": "KZ-ALA", "organization": world.lead.pk},
        format="json",
        HTTP_ACCEPT_LANGUAGE="ru",
    )
    assert response.status_code == 201, response.json()
    authority = Authority.objects.get(pk=response.json()["id"])
    for language in ("en", "ru", "kk"):
        with translation.override(language):
            assert Authority.objects.get(pk=authority.pk).name == "Акимат Медеуского района"
