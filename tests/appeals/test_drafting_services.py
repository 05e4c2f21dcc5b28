"""Drafting together: conflict-safe saves, revisions, regenerate as a proposal, restore, compare,
and the Word export of the current draft."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document

from appeals.comparison import Gap
from appeals.drafts import (
    conflict_comparison,
    draft_compare,
    draft_export_docx,
    draft_regenerate,
    draft_restore,
    draft_save,
)
from appeals.models import AppealDraft, DraftConflict, DraftRevision, RevisionOrigin
from permits.models import TimelineEntry
from tests.appeals.conftest import CONFLICT_QUOTE, WORKS_QUOTE, assign_by_invitation

pytestmark = pytest.mark.django_db


def test_a_save_on_the_current_version_makes_the_next_version_and_a_revision(world, appeal):
    draft = appeal.draft
    revision = draft_save(draft=draft, text=draft.text + "\nMore.", based_on_version=1, by=world.legal)
    assert (revision.version, revision.origin, revision.author) == (2, RevisionOrigin.EDITED, world.legal)
    stored = AppealDraft.objects.get(pk=draft.pk)
    assert (stored.version, stored.text.endswith("More."), stored.updated_by) == (2, True, world.legal)
    assert list(draft.revisions.saved().values_list("version", flat=True)) == [2, 1]


def test_two_saves_on_the_same_version_one_wins_and_the_other_gets_the_winners_text(world, appeal, volunteer):
    assign_by_invitation(appeal=appeal, username="gulnar", by=world.coordinator)
    # Two windows loaded version 1.
    mine = AppealDraft.objects.get(pk=appeal.draft.pk)
    theirs = AppealDraft.objects.get(pk=appeal.draft.pk)
    draft_save(draft=theirs, text="Their text.", based_on_version=1, by=world.legal)
    with pytest.raises(DraftConflict) as conflict:
        draft_save(draft=mine, text="My text.", based_on_version=1, by=volunteer)
    assert (conflict.value.text, conflict.value.version) == ("Their text.", 2)
    # Nothing of the loser was written, nothing of the winner lost; saving again on 2 works.
    assert AppealDraft.objects.get(pk=mine.pk).text == "Their text."
    assert not DraftRevision.objects.filter(text="My text.").exists()
    merged = draft_save(draft=mine, text="Their text.\nMy text.", based_on_version=2, by=volunteer)
    assert merged.version == 3
    assert set(DraftRevision.objects.filter(draft=mine).values_list("text", flat=True)) >= {
        "Their text.",
        "Their text.\nMy text.",
    }
    shown = conflict_comparison(
        draft=mine, based_on_version=1, current_text="Their text.", current_version=2, mine="My text."
    )
    (passage,) = [p for p in shown.passages if p.changed]
    assert (passage.theirs, passage.mine) == (("Their text.",), ("My text.",))
    assert passage.clashes and shown.merged is None and shown.saved.author == world.legal


def test_a_save_without_a_version_or_with_a_bad_text_is_refused(world, appeal):
    draft = appeal.draft
    for version in (None, "1", True):
        with pytest.raises(ValidationError) as error:
            draft_save(draft=draft, text="x", based_on_version=version, by=world.legal)
        assert "version" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        draft_save(draft=draft, text="x" * 200_001, based_on_version=1, by=world.legal)
    assert "text" in error.value.message_dict
    assert AppealDraft.objects.get(pk=draft.pk).version == 1


def test_saving_the_same_text_again_changes_nothing(world, appeal):
    draft = appeal.draft
    revision = draft_save(draft=draft, text=draft.text, based_on_version=1, by=world.legal)
    assert revision.version == 1 and draft.revisions.count() == 1


def test_windows_line_endings_are_stored_as_plain_newlines(world, appeal):
    draft_save(draft=appeal.draft, text="a\r\nb", based_on_version=1, by=world.legal)
    assert AppealDraft.objects.get(pk=appeal.draft.pk).text == "a\nb"


def test_only_people_working_on_the_appeal_save_and_a_decided_appeal_keeps_its_draft(world, appeal):
    with pytest.raises(PermissionDenied):
        draft_save(draft=appeal.draft, text="x", based_on_version=1, by=world.co_member)
    appeal.file(on=appeal.decision.decided_on)
    appeal.record_outcome(outcome="upheld", on=appeal.decision.decided_on)
    with pytest.raises(ValidationError):
        draft_save(draft=appeal.draft, text="x", based_on_version=1, by=world.legal)


def test_regenerating_proposes_a_new_text_beside_the_edited_one_without_replacing_it(world, appeal):
    draft = appeal.draft
    draft_save(draft=draft, text="My careful edits.", based_on_version=1, by=world.legal)
    TimelineEntry.objects.create(
        application=world.application, kind="call", happened_on=appeal.decision.decided_on, summary="A late call"
    )
    proposal = draft_regenerate(appeal=appeal, by=world.legal)
    assert proposal.is_proposal and proposal.origin == RevisionOrigin.REGENERATED
    assert "Call: A late call." in proposal.text
    assert AppealDraft.objects.get(pk=draft.pk).text == "My careful edits."
    assert list(draft.revisions.proposals()) == [proposal]

    comparison = draft_compare(draft, proposal)
    assert comparison.old_label == "current text (version 2)" and comparison.new_label == "regenerated proposal"
    assert "+- 26 November 2021 — Call: A late call." in comparison.unified

    adopted = draft_restore(draft=draft, revision=proposal, based_on_version=2, by=world.legal)
    assert (adopted.version, adopted.origin, adopted.restored_from) == (3, RevisionOrigin.REGENERATED, proposal)
    assert "A late call" in AppealDraft.objects.get(pk=draft.pk).text


def test_restoring_an_old_revision_makes_a_new_one_and_is_conflict_safe(world, appeal):
    draft = appeal.draft
    first = draft.revisions.get(version=1)
    draft_save(draft=draft, text="Rewritten.", based_on_version=1, by=world.legal)
    with pytest.raises(DraftConflict):
        draft_restore(draft=draft, revision=first, based_on_version=1, by=world.legal)
    restored = draft_restore(draft=draft, revision=first, based_on_version=2, by=world.legal)
    assert (restored.version, restored.origin, restored.note) == (
        3,
        RevisionOrigin.RESTORED,
        "Restored from version 1.",
    )
    assert AppealDraft.objects.get(pk=draft.pk).text == first.text


def test_comparing_two_revisions_collapses_what_did_not_change(world, appeal):
    draft = appeal.draft
    first = draft.revisions.get(version=1)
    second = draft_save(
        draft=draft, text=draft.text.replace(CONFLICT_QUOTE, "«другие мероприятия»"), based_on_version=1, by=world.legal
    )
    result = draft_compare(first, second)
    changed = [row for row in result.rows if row.changed]
    assert len(changed) == 1 and changed[0].right == "> «другие мероприятия»"
    assert any(isinstance(row, Gap) for row in result.rows)
    assert (result.old_label, result.new_label) == ("version 1", "version 2")


def test_the_word_export_carries_the_current_draft_with_both_quotes(world, appeal):
    filename, content = draft_export_docx(appeal)
    assert filename == f"appeal-{appeal.pk}-v1.docx"
    document = Document(io.BytesIO(content))
    quotes = [p.text for p in document.paragraphs if p.style.name == "Quote"]
    assert CONFLICT_QUOTE in quotes and WORKS_QUOTE in quotes
    texts = [p.text for p in document.paragraphs]
    assert "International Covenant on Civil and Political Rights, art. 21" in texts
    assert any(p.style.name == "Heading 1" for p in document.paragraphs)


def test_an_empty_draft_is_not_exported(world, appeal):
    draft_save(draft=appeal.draft, text="  \n\n", based_on_version=1, by=world.legal)
    with pytest.raises(ValidationError) as error:
        draft_export_docx(appeal)
    assert error.value.messages == ["The draft is empty: write it, or restore an earlier version, before exporting it."]
