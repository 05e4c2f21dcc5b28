"""Comparing two texts of a draft: pure functions (difflib), no Django.

`side_by_side()` gives rows a template renders as two columns (the conflict screen shows the
current text beside the one that could not be saved; the revisions screen compares any two);
`unified()` gives the familiar +/- text for the API or a plain-text view. `three_way()` gives what
each of two people changed since the version both started from (the conflict screen), with the
changed words marked (`line_changes()`), and `merge()` their texts together when no passage clashes.
"""

from __future__ import annotations

import difflib
import re
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


# --- what changed, line by line and word by word (the conflict screen) --------------------------------

SAME, ADDED, REMOVED, CHANGED = "same", "added", "removed", "changed"
# A line edited in place is shown as one line with its changed words marked when at least this share
# of its words survived; below that it reads better as a removed line and an added one.
SIMILAR_ENOUGH = 0.5
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass(frozen=True)
class Segment:
    """A run of words in a changed line: `same`, `added` or `removed`."""

    kind: str
    text: str


@dataclass(frozen=True)
class LineChange:
    """One line of a side's changes: kept (`same`), `added`, `removed`, or `changed` in place, whose
    segments mark the words removed and added."""

    kind: str
    text: str  # the line as it is now (its old text for a removed line)
    segments: tuple[Segment, ...] = ()

    @property
    def blank(self) -> bool:
        return not self.text.strip() and not any(s.text.strip() for s in self.segments)


def word_changes(old: str, new: str) -> tuple[Segment, ...]:
    """`old` turned into `new`, word by word: unchanged runs once, removed and added runs marked."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == EQUAL:
            segments.append(Segment(SAME, "".join(a[i1:i2])))
            continue
        if i2 > i1:
            segments.append(Segment(REMOVED, "".join(a[i1:i2])))
        if j2 > j1:
            segments.append(Segment(ADDED, "".join(b[j1:j2])))
    return tuple(segments)


def _similar(old: str, new: str) -> bool:
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    return bool(a and b) and difflib.SequenceMatcher(a=a, b=b, autojunk=False).ratio() >= SIMILAR_ENOUGH


def line_changes(old: list[str], new: list[str]) -> tuple[LineChange, ...]:
    """How the lines `new` differ from `old`: added and removed lines, and lines edited in place
    (paired in order) with their changed words marked."""
    result: list[LineChange] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag == EQUAL:
            result += [LineChange(SAME, line) for line in old[i1:i2]]
            continue
        removed, added = old[i1:i2], new[j1:j2]
        for before, after in zip(removed, added, strict=False):
            if _similar(before, after):
                result.append(LineChange(CHANGED, after, word_changes(before, after)))
            else:
                result += [LineChange(REMOVED, before), LineChange(ADDED, after)]
        paired = min(len(removed), len(added))
        result += [LineChange(REMOVED, line) for line in removed[paired:]]
        result += [LineChange(ADDED, line) for line in added[paired:]]
    return tuple(result)


@dataclass(frozen=True)
class Unchanged:
    """Lines nobody changed, shown once: `head` after the change above, `tail` before the change
    below, `hidden` (folded) in between."""

    head: tuple[str, ...]
    hidden: tuple[str, ...]
    tail: tuple[str, ...]
    changed: bool = False


@dataclass(frozen=True)
class Changed:
    """A passage that one side or both changed since the version both started from."""

    base: tuple[str, ...]
    theirs: tuple[str, ...]
    mine: tuple[str, ...]
    changed: bool = True

    @property
    def theirs_changed(self) -> bool:
        return self.theirs != self.base

    @property
    def mine_changed(self) -> bool:
        return self.mine != self.base

    @property
    def same_change(self) -> bool:
        return self.theirs_changed and self.theirs == self.mine

    @property
    def clashes(self) -> bool:
        """Both changed this passage, differently: only a person can merge it."""
        return self.theirs_changed and self.mine_changed and self.theirs != self.mine

    @property
    def their_changes(self) -> tuple[LineChange, ...]:
        return _worth_showing(line_changes(list(self.base), list(self.theirs))) if self.theirs_changed else ()

    @property
    def my_changes(self) -> tuple[LineChange, ...]:
        return _worth_showing(line_changes(list(self.base), list(self.mine))) if self.mine_changed else ()


def _worth_showing(changes: tuple[LineChange, ...]) -> tuple[LineChange, ...]:
    """An empty line added or removed beside a real change is noise on the screen (merge() keeps it)."""
    if all(change.blank or change.kind == SAME for change in changes):
        return changes
    return tuple(change for change in changes if not (change.blank and change.kind in (ADDED, REMOVED)))


def _matched(a: list[str], b: list[str]) -> dict[int, int]:
    pairs: dict[int, int] = {}
    for block in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_matching_blocks():
        pairs.update((block.a + k, block.b + k) for k in range(block.size))
    return pairs


def three_way(base: str, theirs: str, mine: str, *, context: int = 2) -> list[Unchanged | Changed]:
    """Both sides' changes since `base`, passage by passage (as diff3 does): the lines both kept
    as they were are Unchanged (shown once, folded beyond `context` lines around a change); between
    them, a Changed passage holds the base's lines and each side's version of them."""
    base_lines, their_lines, my_lines = _lines(base), _lines(theirs), _lines(mine)
    to_theirs, to_mine = _matched(base_lines, their_lines), _matched(base_lines, my_lines)
    passages: list[Changed | list[str]] = []
    i = j = k = 0
    for b, line in enumerate(base_lines):
        if b not in to_theirs or b not in to_mine:
            continue
        jt, km = to_theirs[b], to_mine[b]
        if i < b or j < jt or k < km:
            passages.append(Changed(tuple(base_lines[i:b]), tuple(their_lines[j:jt]), tuple(my_lines[k:km])))
        if passages and isinstance(passages[-1], list):
            passages[-1].append(line)
        else:
            passages.append([line])
        i, j, k = b + 1, jt + 1, km + 1
    if i < len(base_lines) or j < len(their_lines) or k < len(my_lines):
        passages.append(Changed(tuple(base_lines[i:]), tuple(their_lines[j:]), tuple(my_lines[k:])))
    result: list[Unchanged | Changed] = []
    for index, passage in enumerate(passages):
        if isinstance(passage, Changed):
            result.append(passage)
            continue
        head = context if index > 0 else 0
        tail = context if index < len(passages) - 1 else 0
        if len(passage) <= head + tail + 1:
            result.append(Unchanged(tuple(passage), (), ()))
        else:
            cut = len(passage) - tail
            result.append(Unchanged(tuple(passage[:head]), tuple(passage[head:cut]), tuple(passage[cut:])))
    return result


def merge(passages: list[Unchanged | Changed]) -> str | None:
    """The text with both sides' changes when no passage clashes (else None: a person must merge)."""
    lines: list[str] = []
    for passage in passages:
        if isinstance(passage, Unchanged):
            lines += [*passage.head, *passage.hidden, *passage.tail]
        elif passage.clashes:
            return None
        else:
            lines += passage.theirs if passage.theirs_changed else passage.mine
    return "\n".join(lines)
