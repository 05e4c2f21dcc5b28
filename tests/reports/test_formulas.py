"""reports.formulas: the one rule that keeps exported text from running as a spreadsheet formula,
wherever a spreadsheet may decide a cell starts."""

import pytest

from reports.formulas import defuse_formulas, starts_a_formula, undo_defusing

ATTACK = "ok;=cmd|' /C calc'!A0;x"


@pytest.mark.parametrize("text", ['=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"])
def test_a_cell_starting_a_formula_gets_an_apostrophe_in_front(text):
    assert defuse_formulas(text) == "'" + text
    assert starts_a_formula(text)


def test_a_formula_after_a_semicolon_is_defused_for_excel_in_ru_and_kk_which_splits_on_it():
    assert defuse_formulas(ATTACK) == "ok;'=cmd|' /C calc'!A0;x"
    assert not starts_a_formula(ATTACK)  # as one cell (XLSX), it is text


@pytest.mark.parametrize(
    ("text", "defused"),
    [
        ("Алматы,=1+1", "Алматы,'=1+1"),
        ("a\t@SUM(A1)", "a\t'@SUM(A1)"),
        ("first line\n-2+3", "first line\n'-2+3"),
        ("a\r\n=1", "a\r'\n'=1"),
        ('a;"=1', "a;'\"=1"),  # a quote out of step is skipped over
        ("a;  +1", "a;'  +1"),  # so are spaces
        ("  =1", "'  =1"),
    ],
)
def test_a_formula_wherever_a_cell_could_start_is_defused(text, defused):
    assert defuse_formulas(text) == defused


@pytest.mark.parametrize(
    "text", ["", "Марш = право", "co-organizer", "a;b=c", "Алматы, Абая 10", "e-mail: a@b.kz", "2026-03-08"]
)
def test_text_that_cannot_start_a_formula_is_left_alone(text):
    assert defuse_formulas(text) == text
    assert not starts_a_formula(text)


def test_defusing_twice_changes_nothing_more():
    once = defuse_formulas(ATTACK + "\n=1,-2")
    assert defuse_formulas(once) == once


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("https://evil.example")',
        "ok;=cmd|' /C calc'!A0;x",
        "\t=1+1",
        "- в связи с работами",
        'a,"  @SUM(1)',
        "it's plain text, 'quoted' too",
    ],
)
def test_undoing_the_defusing_gives_the_text_back(text):
    assert undo_defusing(defuse_formulas(text)) == text
