"""Text pasted from Word (a vertical tab for a manual line break, other control characters) in a
draft or in an authority's quoted words never breaks the Word file: it is cleaned where it is
stored (config/stored_text.py, draft_save) and again when the file is written, for rows stored
before (config/docx_export.py). Each through the page and the API."""

import io

import pytest
from django.urls import reverse
from docx import Document

from appeals.models import AppealDraft
from appeals.services import appeal_open
from permits.models import PermitApplication, RefusalGround
from tests.appeals.conftest import almaty_march

pytestmark = pytest.mark.django_db

PASTED = "First line\x0bsecond line\x0cnext page\x07 with a bell\x1f and a unit separator"
CLEAN = "First line\nsecond line\nnext page with a bell and a unit separator"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def paragraphs(response) -> list[str]:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == DOCX
    return [paragraph.text for paragraph in Document(io.BytesIO(response.content)).paragraphs]


def page_docx(client, appeal):
    return client.get(reverse("appeals:draft_docx", args=[appeal.pk]))


def api_docx(client, appeal):
    return client.get(f"/api/v1/appeals/{appeal.pk}/draft.docx")


def test_a_draft_pasted_from_word_is_saved_on_the_page_without_control_characters_and_exports(world, appeal, login):
    client = login(world.legal)
    saved = client.post(reverse("appeals:workspace", args=[appeal.pk]), {"text": PASTED, "version": 1})
    assert saved.status_code == 302
    assert AppealDraft.objects.get(pk=appeal.draft.pk).text == CLEAN
    assert "First line" in paragraphs(page_docx(client, appeal))


def test_a_draft_pasted_from_word_is_saved_through_the_api_without_control_characters_and_exports(
    world, appeal, api_as
):
    client = api_as(world.legal)
    saved = client.put(f"/api/v1/appeals/{appeal.pk}/draft/", {"text": PASTED, "version": 1}, format="json")
    assert saved.status_code == 200, saved.content
    assert client.get(f"/api/v1/appeals/{appeal.pk}/draft/").json()["text"] == CLEAN
    assert "First line" in paragraphs(api_docx(client, appeal))


def test_a_quote_with_a_control_character_from_the_page_is_stored_clean_and_its_draft_exports(world, login):
    application = almaty_march(world)
    from permits.models import RefusalReason

    data = {
        "outcome": "refused",
        "decided_on": "2021-11-26",
        "received_on": "2021-11-26",
        "grounds-TOTAL_FORMS": "1",
        "grounds-INITIAL_FORMS": "0",
        "grounds-MIN_NUM_FORMS": "0",
        "grounds-MAX_NUM_FORMS": "20",
        "grounds-0-reason": RefusalReason.objects.get(code="repair_works").pk,
        "grounds-0-quote": "ремонтно-монтажные\x0bработы\x1e",
    }
    client = login(world.coordinator)
    response = client.post(reverse("permits:application_decide", args=[application.pk]), data)
    assert response.status_code == 302, response.content[:500]
    ground = RefusalGround.objects.get(decision__application=application)
    assert ground.quote == "ремонтно-монтажные\nработы"
    appeal = appeal_open(decision=ground.decision, venue="court", by=world.coordinator, language="ru")
    assert paragraphs(page_docx(login(world.legal), appeal))


def test_a_quote_with_a_control_character_from_the_api_is_stored_clean_and_its_draft_exports(world, api_as):
    application = almaty_march(world)
    body = {
        "outcome": "refused",
        "decided_on": "2021-11-26",
        "grounds": [{"reason": "conflicting_event", "quote": "другое\x0bмероприятие\x08", "note": "x\x1by"}],
    }
    client = api_as(world.coordinator)
    response = client.post(f"/api/v1/applications/{application.pk}/decisions/", body, format="json")
    assert response.status_code == 201, response.content
    ground = RefusalGround.objects.get(decision__application=application)
    assert (ground.quote, ground.note) == ("другое\nмероприятие", "xy")
    appeal = appeal_open(decision=ground.decision, venue="court", by=world.coordinator, language="en")
    assert paragraphs(api_docx(client, appeal))


def test_a_legacy_draft_and_title_holding_control_characters_still_export_on_the_page_and_the_api(
    world, appeal, login, api_as
):
    # Rows stored before the rule: QuerySet.update() bypasses it, as an old database would.
    AppealDraft.objects.filter(pk=appeal.draft.pk).update(text="# Appeal\x0b\n\n> quoted\x1f words\n\nText\ufffe.")
    PermitApplication.objects.filter(pk=appeal.application_id).update(title="March\x0b\x07 of 8 March")
    page = paragraphs(page_docx(login(world.legal), appeal))
    api = paragraphs(api_docx(api_as(world.legal), appeal))
    assert page == api
    assert "Text." in page and "quoted words" in page
