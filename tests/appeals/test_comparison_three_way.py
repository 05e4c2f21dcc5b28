"""Each side's changes since the version both started from (appeals.comparison.three_way), word
marks inside an edited line, and merging two changes that do not touch the same lines."""

from appeals.comparison import (
    ADDED,
    CHANGED,
    REMOVED,
    Changed,
    Segment,
    Unchanged,
    line_changes,
    merge,
    three_way,
    word_changes,
)

BASE = "\n".join(["Title", "", "Para one.", "Para two.", "P3", "P4", "P5", "P6", "P7", "End."])


def changed(passages):
    return [p for p in passages if isinstance(p, Changed)]


def test_a_line_the_colleague_added_is_their_addition_not_something_removed_from_mine():
    theirs = BASE.replace("Title\n", "Title\nTheir new line.\n")
    mine = BASE + "\nMy closing line."
    passages = three_way(BASE, theirs, mine)
    first, last = changed(passages)
    assert [(c.kind, c.text) for c in first.their_changes] == [(ADDED, "Their new line.")]
    assert first.my_changes == () and not first.mine_changed
    assert [(c.kind, c.text) for c in last.my_changes] == [(ADDED, "My closing line.")]
    assert last.their_changes == ()
    assert not any(c.kind == REMOVED for p in changed(passages) for c in p.their_changes + p.my_changes)


def test_lines_nobody_changed_are_shown_once_and_long_runs_fold():
    theirs = BASE.replace("Title\n", "Title\nTheir new line.\n")
    passages = three_way(BASE, theirs, BASE.replace("End.", "The end."), context=1)
    unchanged = [p for p in passages if isinstance(p, Unchanged)]
    shown = [line for p in unchanged for line in (*p.head, *p.hidden, *p.tail)]
    assert shown == ["Title", "", "Para one.", "Para two.", "P3", "P4", "P5", "P6", "P7"]  # each once
    middle = unchanged[1]
    assert middle.head == ("",) and middle.tail == ("P7",) and len(middle.hidden) == 6


def test_an_edited_line_marks_only_the_words_that_changed():
    (line,) = line_changes(["The akimat refused on 26 November."], ["The akimat refused on 26 November 2021."])
    assert line.kind == CHANGED
    assert [s for s in line.segments if s.kind != "same"] == [Segment(ADDED, " 2021")]
    assert word_changes("a big cat", "a small cat") == (
        Segment("same", "a "),
        Segment(REMOVED, "big"),
        Segment(ADDED, "small"),
        Segment("same", " cat"),
    )
    different = line_changes(["Completely other words here."], ["Nothing alike at all!"])
    assert [c.kind for c in different] == [REMOVED, ADDED]


def test_changes_to_different_lines_merge_and_a_clash_does_not():
    theirs = BASE.replace("Title\n", "Title\nTheir new line.\n")
    mine = BASE.replace("Para two.", "Para two, edited.")
    assert merge(three_way(BASE, theirs, mine)) == BASE.replace("Title\n", "Title\nTheir new line.\n").replace(
        "Para two.", "Para two, edited."
    )
    clash = three_way(BASE, BASE.replace("P5", "P5 theirs"), BASE.replace("P5", "P5 mine"))
    assert [p.clashes for p in changed(clash)] == [True]
    assert merge(clash) is None
    same = three_way(BASE, BASE.replace("P5", "P five"), BASE.replace("P5", "P five"))
    assert [(p.same_change, p.clashes) for p in changed(same)] == [(True, False)]
    assert merge(same) == BASE.replace("P5", "P five")


def test_an_empty_line_beside_a_real_change_is_not_listed_but_is_merged():
    mine = BASE + "\n\nMy closing line."
    (passage,) = changed(three_way(BASE, BASE, mine))
    assert [(c.kind, c.text) for c in passage.my_changes] == [(ADDED, "My closing line.")]
    assert merge(three_way(BASE, BASE, mine)) == mine
