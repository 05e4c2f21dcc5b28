"""Comparing two texts of a draft (appeals/comparison.py): pure functions."""

from appeals.comparison import Gap, has_changes, side_by_side, unified


def test_side_by_side_pairs_changed_lines_and_marks_insertions_and_deletions():
    rows = side_by_side("a\nb\nc", "a\nB\nc\nd", context=None)
    assert [(r.tag, r.left_number, r.left, r.right_number, r.right) for r in rows] == [
        ("equal", 1, "a", 1, "a"),
        ("replace", 2, "b", 2, "B"),
        ("equal", 3, "c", 3, "c"),
        ("insert", None, "", 4, "d"),
    ]
    deleted = side_by_side("a\nb", "a", context=None)
    assert (deleted[1].tag, deleted[1].left, deleted[1].right_number) == ("delete", "b", None)


def test_long_unchanged_runs_collapse_to_a_gap_around_the_changes():
    old = "\n".join(str(n) for n in range(1, 21))
    new = old.replace("10", "ten")
    rows = side_by_side(old, new, context=2)
    assert isinstance(rows[0], Gap) and rows[0].count == 7
    assert [r.left for r in rows[1:6]] == ["8", "9", "10", "11", "12"]
    assert rows[3].changed and rows[3].right == "ten"
    assert isinstance(rows[-1], Gap) and rows[-1].count == 8


def test_unified_diff_and_change_detection():
    diff = unified("a\nb", "a\nc", old_label="version 1", new_label="version 2")
    assert diff.splitlines()[:2] == ["--- version 1", "+++ version 2"]
    assert "-b" in diff.splitlines() and "+c" in diff.splitlines()
    assert has_changes("a", "b")
    assert not has_changes("a\r\nb", "a\nb")
