"""The Almaty demo (issue 5, "done when"): a volunteer from a legal-aid organization opens the
appeal and finds a first draft quoting both grounds and citing article 21; it exports to Word."""

import io
from io import StringIO

import pytest
from django.core.management import call_command
from docx import Document

from accounts.models import User
from appeals.models import Appeal, AppealVolunteer
from organizations.models import Organization
from permits.models import PermitApplication

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", force=True, stdout=StringIO())


def test_a_legal_aid_volunteer_finds_the_almaty_first_draft(demo, api_as):
    dariga = User.objects.get(username="dariga")
    assert {m.organization.kind for m in dariga.memberships.all()} == {Organization.Kind.LEGAL_AID}
    march = PermitApplication.objects.get(title="Women's march on 8 March 2022", organization__name="Feminita")
    client = api_as(dariga)

    mine = client.get("/api/v1/appeals/", {"mine": "1"}).json()
    assert mine["count"] == 1
    appeal = mine["results"][0]
    assert (appeal["application"], appeal["venue"], appeal["status"]) == (march.pk, "higher_authority", "preparing")
    assert appeal["filing_deadline"] == "2022-02-28"
    assert appeal["volunteers"] == ["dariga"]

    draft = client.get(f"/api/v1/appeals/{appeal['id']}/draft/").json()
    text = draft["text"]
    assert "> …в связи с проведением других мероприятий, запланированных ранее в указанном месте и время." in text
    assert "> …в сквере им. Ш. Уалиханова и по ул. Шевченко с 09:00 до 20:00 запланированы ремонтно-монтажные" in text
    assert "Международный пакт о гражданских и политических правах, ст. 21" in text
    assert "Статья 21 Пакта гласит:" in text
    assert "Замечание общего порядка № 37" in text and "п. 22" in text
    # No alternative was offered; the resolution requiring one came in 2025, after the 2021 refusal.
    assert "## Другое место или время не предложены" not in text
    assert "## С тех пор" in text and "С 20 января 2025 г.:" in text
    assert "Срок подачи: три месяца со дня получения отказа, 26 ноября 2021 г. (Административный" in text
    assert "(АППК) от 29 июня 2020 года № 350-VI, ст. 92, п. 1); последний день — 28 февраля 2022 г." in text

    word = client.get(f"/api/v1/appeals/{appeal['id']}/draft.docx")
    assert word.status_code == 200
    quotes = [p.text for p in Document(io.BytesIO(word.content)).paragraphs if p.style.name == "Quote"]
    assert len([q for q in quotes if q.startswith("…")]) == 2

    # Nothing else of the five groups is hers.
    assert list(PermitApplication.objects.visible_to(dariga)) == [march]


def test_loading_the_demo_again_adds_no_second_appeal(demo):
    call_command("load_demo", force=True, stdout=StringIO())
    assert Appeal.objects.count() == 1
    assert AppealVolunteer.objects.count() == 1
