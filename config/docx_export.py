"""A text in Ruqsat's light markup as a Word document (python-docx), no Django: the appeal drafts
(appeals.drafting) and the filings (permits.filing) are both written in it.

Here, below both apps, so that permits can write a filing without importing appeals. Reads the
markup: `#`/`##`/`###` headings, `> ` quotations set
apart (indented, italic, the "Quote" style), `- ` list items (citations, facts), `**bold**` runs,
and `[Note: …]` lines for the volunteer, highlighted so they are not filed by mistake. Every other
non-empty line is a paragraph of its own.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from docx import Document
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from config.text import strip_control_characters

FONT = "Times New Roman"
WORD_LANGUAGES = {"en": "en-GB", "ru": "ru-RU", "kk": "kk-KZ"}
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_HEADING = re.compile(r"^(#{1,3})\s+(.*\S)\s*$")
_NOTE = re.compile(r"^\[(Note|Примечание|Ескерту)\b.*\]$")


class EmptyDraft(ValueError):
    """There is nothing to export: an empty file would look like a broken one."""


@dataclass(frozen=True)
class Block:
    kind: str  # heading1..3, quote, item, note, paragraph
    text: str


def parse(text: str) -> list[Block]:
    """The draft's lines as blocks; consecutive quotation lines make one quotation."""
    blocks: list[Block] = []
    quote: list[str] = []

    def flush_quote():
        if quote:
            blocks.append(Block("quote", "\n".join(quote).strip("\n")))
            quote.clear()

    for raw in (text or "").replace("\r\n", "\n").split("\n"):
        line = raw.rstrip()
        if line.startswith(">"):
            quote.append(line[1:].removeprefix(" "))
            continue
        flush_quote()
        if not line.strip():
            continue
        stripped = line.strip()
        if heading := _HEADING.match(stripped):
            blocks.append(Block(f"heading{len(heading.group(1))}", heading.group(2)))
        elif stripped.startswith("- "):
            blocks.append(Block("item", stripped[2:].strip()))
        elif _NOTE.match(stripped):
            blocks.append(Block("note", stripped))
        else:
            blocks.append(Block("paragraph", stripped))
    flush_quote()
    return blocks


# A4, not python-docx's default US Letter: Kazakh courts and bodies take A4. Margins as the
# office-paper convention of Kazakhstan and its neighbours asks of a filing (left 30 mm, for the
# binding of the case file; right 10-15 mm, here 15; top and bottom 20 mm).
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGINS = {"left_margin": Mm(30), "right_margin": Mm(15), "top_margin": Mm(20), "bottom_margin": Mm(20)}


def _set_up_page(document) -> None:
    for section in document.sections:
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        for side, length in MARGINS.items():
            setattr(section, side, length)


def draft_docx(text: str, *, title: str = "", language: str = "en", addressee: tuple[str, ...] = ()) -> bytes:
    """The Word file's bytes. Raises EmptyDraft for a draft with no text. `addressee`: lines set
    in the upper right corner, where an official letter to a Kazakh body names whom it is to and
    from whom (a filing's "Кому / От кого" block)."""
    # XML refuses control characters (lxml raises ValueError): a draft saved before they were
    # stripped on storage, or a title built from such a row, must still export.
    text, title = strip_control_characters(text or ""), strip_control_characters(title)
    blocks = parse(text)
    if not blocks:
        raise EmptyDraft("The draft is empty.")
    document = Document()
    _set_up_page(document)
    for line in addressee:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.left_indent = Cm(8)
        paragraph.paragraph_format.space_after = Pt(0)
        _add_runs(paragraph, strip_control_characters(line))
    _set_up_styles(document, language)
    properties = document.core_properties
    properties.title = title[:255]
    properties.author = "Ruqsat"
    properties.language = WORD_LANGUAGES.get(language, language)
    for block in blocks:
        if block.kind.startswith("heading"):
            document.add_heading(block.text.replace("**", ""), level=int(block.kind[-1]))
        elif block.kind == "quote":
            paragraph = document.add_paragraph(style="Quote")
            lines = block.text.split("\n")
            for index, line in enumerate(lines):
                run = paragraph.add_run(line)
                run.italic = True
                if index < len(lines) - 1:
                    run.add_break()
        elif block.kind == "item":
            _add_runs(document.add_paragraph(style="List Bullet"), block.text)
        elif block.kind == "note":
            run = document.add_paragraph().add_run(block.text)
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        else:
            _add_runs(document.add_paragraph(), block.text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _add_runs(paragraph, text: str):
    """Plain runs with **bold** parts."""
    position = 0
    for match in _BOLD.finditer(text):
        if match.start() > position:
            paragraph.add_run(text[position : match.start()])
        paragraph.add_run(match.group(1)).bold = True
        position = match.end()
    if position < len(text):
        paragraph.add_run(text[position:])


def _set_up_styles(document, language: str):
    styles = document.styles
    normal = styles["Normal"]
    _set_font(normal)
    normal.font.size = Pt(12)
    _set_language(normal, WORD_LANGUAGES.get(language, "en-GB"))
    normal.paragraph_format.space_after = Pt(6)
    for name, size in (("Heading 1", 15), ("Heading 2", 13), ("Heading 3", 12)):
        style = styles[name]
        _set_font(style)
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = RGBColor(0, 0, 0)
    quote = styles["Quote"]
    _set_font(quote)
    quote.font.italic = True
    quote.font.color.rgb = RGBColor(0x33, 0x33, 0x33)
    quote.paragraph_format.left_indent = Cm(1.25)
    quote.paragraph_format.right_indent = Cm(1.25)


def _set_language(style, tag: str):
    # python-docx has no API for the proofing language: w:lang on the style's run properties.
    run_properties = style.element.get_or_add_rPr()
    lang = run_properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        run_properties.append(lang)
    lang.set(qn("w:val"), tag)
    lang.set(qn("w:eastAsia"), tag)


def _set_font(style):
    """One font for every script: Cyrillic text takes the hAnsi font, complex scripts cs. The
    template's headings name theme fonts, which win over a plain name: those go."""
    run_properties = style.element.get_or_add_rPr()
    fonts = run_properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        run_properties.insert(0, fonts)
    for attribute in list(fonts.attrib):
        if attribute.endswith("Theme"):
            del fonts.attrib[attribute]
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
