"""The pure text rule (config/text.py): what stored and exported text may hold."""

import pytest

from config.text import single_line, strip_control_characters


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Line one\x0bline two\x0cpage two", "Line one\nline two\npage two"),
        ("nul\x00byte", "nulbyte"),
        ("bell\x07 unit\x1f separator", "bell unit separator"),
        ("not\ufffe a\uffff char", "not a char"),
        ("lone \ud800 surrogate \udfff", "lone  surrogate "),
        ("del\x7f", "del"),
        ("tab\tnew\nline\r\n", "tab\tnew\nline\r\n"),
        ("Қазақ тілі — Русский 😀", "Қазақ тілі — Русский 😀"),
    ],
)
def test_control_characters_go_word_breaks_become_newlines_and_every_script_stays(raw, clean):
    assert strip_control_characters(raw) == clean


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Feminita\nBcc: victim@example.org", "Feminita Bcc: victim@example.org"),
        ("a\r\n\r\nb", "a b"),
        ("a\rb\x85c\u2028d\u2029e", "a b c d e"),
        ("a\x0bb", "a b"),
        ("one line", "one line"),
    ],
)
def test_single_line_turns_every_line_break_into_one_space(raw, clean):
    assert single_line(raw) == clean
