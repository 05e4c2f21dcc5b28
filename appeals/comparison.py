"""Comparing two texts of a draft: pure functions (difflib), no Django.

`side_by_side()` gives rows a template renders as two columns (the conflict screen shows the
current text beside the one that could not be saved; the revisions screen compares any two);
`unified()` gives the familiar +/- text for the API or a plain-text view.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

EQUAL, REPLACE, DELETE, INSERT = "equal", "replace", "delete", "insert"


@dataclass(frozen=True)
class DiffRow:
    """One row of a side-by-side comparison. A missing side has number None and text ""."""

    tag: str  # equal / replace / delete / insert
    left_number: int | None
    left: str
    right_number: int | None
    right: str

    @property
    def changed(self) -> bool:
        return self.tag != EQUAL


@dataclass(frozen=True)
class Gap:
    """Unchanged lines left out between two changes (`count` of them)."""

    count: int
    tag: str = "gap"
    changed: bool = False


def _lines(text: str) -> list[str]:
    return (text or "").replace("\r\n", "\n").split("\n")


def side_by_side(old: str, new: str, *, context: int | None = 3) -> list[DiffRow | Gap]:
    """Rows pairing the lines of `old` (left) with those of `new` (right). With `context`, runs
    of unchanged lines longer than twice that are cut to `context` lines around each change, with a
    Gap row in between; `context=None` keeps every line."""
    left, right = _lines(old), _lines(new)
    rows: list[DiffRow] = []
    matcher = difflib.SequenceMatcher(a=left, b=right, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == EQUAL:
            rows += [
                DiffRow(EQUAL, i + 1, left[i], j + 1, right[j])
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
            ]
            continue
        count = max(i2 - i1, j2 - j1)
        for k in range(count):
            i, j = i1 + k, j1 + k
            has_left, has_right = i < i2, j < j2
            row_tag = REPLACE if has_left and has_right else (DELETE if has_left else INSERT)
            rows.append(
                DiffRow(
                    row_tag,
                    i + 1 if has_left else None,
                    left[i] if has_left else "",
                    j + 1 if has_right else None,
                    right[j] if has_right else "",
                )
            )
    return rows if context is None else _collapse(rows, context)


def _collapse(rows: list[DiffRow], context: int) -> list[DiffRow | Gap]:
    keep = [False] * len(rows)
    for index, row in enumerate(rows):
        if row.changed:
            for k in range(max(0, index - context), min(len(rows), index + context + 1)):
                keep[k] = True
    result: list[DiffRow | Gap] = []
    skipped = 0
    for row, kept in zip(rows, keep, strict=True):
        if kept:
            if skipped:
                result.append(Gap(skipped))
                skipped = 0
            result.append(row)
        else:
            skipped += 1
    if skipped:
        result.append(Gap(skipped))
    return result


def unified(old: str, new: str, *, old_label: str = "before", new_label: str = "after", context: int = 3) -> str:
    return "\n".join(
        difflib.unified_diff(_lines(old), _lines(new), fromfile=old_label, tofile=new_label, n=context, lineterm="")
    )


def has_changes(old: str, new: str) -> bool:
    return _lines(old) != _lines(new)
