"""The one rule that keeps exported text from running as a spreadsheet formula (OWASP "CSV
injection"). Pure: no Django, so every writer (CSV, XLSX) and its tests use the same function.

A spreadsheet runs a cell as a formula when it starts with = + - @ (and some strip a leading tab or
carriage return first): `=cmd|' /C calc'!A0` starts a program through DDE, `=HYPERLINK(...)` sends
what is beside it to a stranger's server.

Where a cell starts is not only where the exporter thinks: Excel in ru-KZ and kk-KZ splits a
".csv" on `;`, not `,`, and then the quotes that made `"ok;=cmd"` one field no longer pair up with
the separators, so `=cmd…` after the `;` becomes a cell of its own. LibreOffice asks which
separators to use and remembers tab and comma too, and a quote out of step turns a line break into
a new row. So a formula is defused wherever a cell could start: at the start of the text and after
any `,` `;` tab or line break, with any spaces and double quotes in between skipped, an apostrophe
goes in front (Excel and LibreOffice read a cell starting with an apostrophe as text).

Only text is defused: numbers, dates and moments are written by Ruqsat itself, so a negative number
stays a number a spreadsheet can sum (no column Ruqsat exports holds one today)."""

import re

# The characters that start a formula, and the ones that may separate cells.
FORMULA_STARTS = "=+-@"
CELL_SEPARATORS = ",;\t\r\n"

# A cell could start here and run as a formula: at the start of the text (a leading tab or carriage
# return counts, as OWASP lists them) or right after a separator, then spaces or quotes, then a start.
_FORMULA_AT_A_CELL_START = re.compile(r'^(?=[\t\r])|(?:^|(?<=[,;\t\r\n]))(?=[\s"]*[=+\-@])')


# Every match of the rule above needs one of these: text without any is left as it is, at a
# fraction of the rule's cost (most cells of an export of 100,000 rows).
_ANY_FORMULA_CHARACTER = re.compile(r"[=+\-@\t\r]")


def defuse_formulas(text: str) -> str:
    """`text` with an apostrophe wherever a cell could start and run as a formula; unchanged if none
    could. `ok;=cmd|' /C calc'!A0;x` → `ok;'=cmd|' /C calc'!A0;x`."""
    if _ANY_FORMULA_CHARACTER.search(text) is None:
        return text
    return _FORMULA_AT_A_CELL_START.sub("'", text)


def starts_a_formula(text: str) -> bool:
    """Whether a spreadsheet would read `text`, as one cell, as a formula (what XLSX needs: its cells
    are never split)."""
    return _FORMULA_AT_A_CELL_START.match(text) is not None


# The apostrophes defuse_formulas puts in: one right before a formula start (spaces and double
# quotes allowed between), at the start of the text or after a separator, or before a leading tab
# or carriage return.
_DEFUSING_APOSTROPHE = re.compile(r"^'(?=[\t\r])|(?:^|(?<=[,;\t\r\n]))'(?=[\s\"]*[=+\-@])")


def undo_defusing(text: str) -> str:
    """`text` as it was before defuse_formulas, for a CSV Ruqsat exported and reads back (the
        history import): `ok;'=cmd` → `ok;=cmd`. Such text is harmless inside Ruqsat, and every export
        defuses it again. A person's own apostrophe before a formula start goes too: a spreadsheet
    never shows that one either."""
    return _DEFUSING_APOSTROPHE.sub("", text)
