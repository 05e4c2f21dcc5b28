"""The Word export (config/docx_export.py), read back with python-docx, and opened by LibreOffice."""

import io

import pytest
from docx import Document

from config.docx_export import EmptyDraft, draft_docx, parse
from tests.libreoffice import pdf_of

DRAFT = """To: the higher body, through Akimat of Almaty city
# Complaint against the refusal of 26 November 2021

## The grounds of the refusal

### Ground 1: Conflicting event
The authority wrote:
> …в связи с проведением других мероприятий,
> запланированных ранее.

**The authority must prove the conflict.** No evidence was given.

Sources:
- International Covenant on Civil and Political Rights, art. 21 — https://example.org/iccpr

[Note: check this date against the current law before filing.]
"""


def read_back(content: bytes):
    return Document(io.BytesIO(content))


def test_headings_quotes_citations_and_bold_titles_survive_the_export():
    document = read_back(draft_docx(DRAFT, title="Appeal", language="ru"))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert ("Normal", "To: the higher body, through Akimat of Almaty city") in paragraphs
    assert ("Heading 1", "Complaint against the refusal of 26 November 2021") in paragraphs
    assert ("Heading 2", "The grounds of the refusal") in paragraphs
    assert ("Heading 3", "Ground 1: Conflicting event") in paragraphs
    assert ("Quote", "…в связи с проведением других мероприятий,\nзапланированных ранее.") in paragraphs
    assert (
        "List Bullet",
        "International Covenant on Civil and Political Rights, art. 21 — https://example.org/iccpr",
    ) in paragraphs
    assert document.core_properties.title == "Appeal"
    assert document.core_properties.language == "ru-RU"


def test_a_quotation_is_set_apart_indented_and_in_italics():
    document = read_back(draft_docx(DRAFT))
    quote = next(p for p in document.paragraphs if p.style.name == "Quote")
    assert all(run.italic for run in quote.runs)
    assert quote.style.paragraph_format.left_indent is not None and quote.style.paragraph_format.left_indent > 0


def test_bold_markers_become_a_bold_run_and_notes_are_highlighted():
    document = read_back(draft_docx(DRAFT))
    argument = next(p for p in document.paragraphs if p.text.startswith("The authority must prove"))
    assert argument.text == "The authority must prove the conflict. No evidence was given."
    assert argument.runs[0].bold and argument.runs[0].text == "The authority must prove the conflict."
    note = next(p for p in document.paragraphs if p.text.startswith("[Note:"))
    assert note.runs[0].font.highlight_color is not None


@pytest.mark.parametrize("text", ["", "   \n\n  \n", "\r\n"])
def test_an_empty_draft_is_refused_rather_than_exported_as_an_empty_file(text):
    with pytest.raises(EmptyDraft):
        draft_docx(text)


def test_parse_joins_consecutive_quote_lines_and_skips_blank_lines():
    kinds = [block.kind for block in parse(DRAFT)]
    assert kinds == ["paragraph", "heading1", "heading2", "heading3", "paragraph", "quote", "paragraph",
                     "paragraph", "item", "note"]  # fmt: skip


def test_libreoffice_opens_the_file(tmp_path):
    assert pdf_of(draft_docx(DRAFT, language="ru"), tmp_path).startswith(b"%PDF")


def test_the_word_file_is_a4_with_the_margins_of_a_kazakh_court_filing():
    from docx.shared import Mm

    section = Document(io.BytesIO(draft_docx("# Complaint\n\nText."))).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.mm) == 30
    assert Mm(10) <= section.right_margin <= Mm(15)
    assert (round(section.top_margin.mm), round(section.bottom_margin.mm)) == (20, 20)
