"""What stored and exported text may hold: the rule in one place, no Django.

Text pasted from Word carries control characters (a vertical tab \\x0b for a manual line break, a
form feed for a page break); a JSON body may carry lone surrogates. XML 1.0 — and so DOCX, and the
parsers of many calendar and mail programs — refuses them, PostgreSQL refuses NUL in text, and a
newline in a name that reaches an email header breaks the header. None of them carries meaning a
person could see, so they are dropped where text is stored (config.stored_text) and again where
it is written out (DOCX, the calendar feed, mail subjects), for rows stored before this rule.
"""

import re

# C0 controls except tab, newline and carriage return; DEL; the non-characters U+FFFE and U+FFFF;
# any surrogate code point (in a Python str a surrogate is always a lone one: pairs are decoded).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
# Every line break a mail header or a one-line field must not hold: \r\n, \n, \r, NEL and the
# Unicode line and paragraph separators.
_LINE_BREAKS = re.compile("[\r\n\x85\u2028\u2029]+")


# Word's manual line break (Shift+Enter) pastes as a vertical tab and its page break as a form
# feed: both mean "a new line here", and dropping them would glue two words together.
_WORD_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})


def strip_control_characters(text: str) -> str:
    """`text` without the characters no document, database or header may hold; tabs and line
    breaks stay, and Word's line and page breaks become line breaks."""
    return _CONTROL.sub("", text.translate(_WORD_BREAKS))


def single_line(text: str) -> str:
    """`text` as one line: control characters dropped, each run of line breaks a single space
    (for names, titles and summaries, which reach email subjects and calendar summaries)."""
    return _LINE_BREAKS.sub(" ", strip_control_characters(text))
