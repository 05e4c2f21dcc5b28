"""A draft speaks its own language, not its reader's: the authority's name, the reasons and the
Word file's title follow the appeal's language whoever opens, regenerates or exports it."""

import io

import pytest
from django.utils import translation
from docx import Document

from appeals.drafts import draft_export_docx, draft_of, evidence_draft_text
from appeals.services import appeal_open

pytestmark = pytest.mark.django_db


@pytest.fixture
def russian_appeal(world, refused):
    application, decision = refused
    authority = application.authority
    authority.name_en, authority.name_ru = "Akimat of Almaty city", "Акимат города Алматы"
    authority.save()
    with translation.override("en"):  # the coordinator works in English
        return appeal_open(decision=decision, venue="higher_authority", by=world.coordinator, language="ru")


def test_a_russian_draft_opened_by_an_english_speaker_names_the_authority_in_russian(russian_appeal):
    text = draft_of(russian_appeal).text

    assert "Акимат города Алматы" in text
    assert "Akimat of Almaty city" not in text


def test_the_word_files_title_is_in_the_drafts_language(russian_appeal):
    with translation.override("en"):
        _name, content = draft_export_docx(russian_appeal)

    title = Document(io.BytesIO(content)).core_properties.title
    with translation.override("ru"):
        expected = str(russian_appeal)
    with translation.override("en"):
        english = str(russian_appeal)
    assert title == expected
    assert title != english  # the venue's name is translated


def test_the_authoritys_record_inserted_into_a_russian_draft_is_in_russian(russian_appeal):
    with translation.override("en"):
        text = evidence_draft_text(russian_appeal)

    assert "Акимат города Алматы" in text
    assert "Akimat of Almaty city" not in text
