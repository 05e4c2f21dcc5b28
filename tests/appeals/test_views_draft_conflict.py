"""The conflict screen of the appeal workspace: a stale save shows what each person changed since
the version both started from (a colleague's added line as *their addition*), keeps the unsaved text
in the editor, and offers keep both / keep mine / take theirs / merge by hand."""

import lxml.html
import pytest
from django.urls import reverse

from appeals.drafts import draft_save
from appeals.models import AppealDraft

pytestmark = pytest.mark.django_db

COLLEAGUE_LINE = "The march was notified forty days ahead."
MY_LINE = "The authority offered no other place or time."


def workspace_url(appeal):
    return reverse("appeals:workspace", args=[appeal.pk])


def cls(name: str) -> str:
    """An XPath test for one of an element's classes."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def words(element) -> str:
    return " ".join(element.text_content().split())


def start_a_conflict(world, appeal, login, *, mine):
    """The lawyer loads version 1; a colleague saves version 2 first; the lawyer then saves `mine(base)`."""
    base = appeal.draft.text
    lines = base.split("\n")
    lines.insert(1, COLLEAGUE_LINE)
    draft_save(draft=appeal.draft, text="\n".join(lines), based_on_version=1, by=world.member)
    client = login(world.legal)
    response = client.post(workspace_url(appeal), {"text": mine(base), "version": 1})
    assert response.status_code == 409
    page = lxml.html.fromstring(response.content.decode())
    (section,) = page.xpath(f"//section[{cls('draft-conflict')}]")
    return client, page, section


def test_their_added_line_is_shown_as_added_in_their_column_and_mine_in_mine(world, appeal, login):
    _client, _page, section = start_a_conflict(world, appeal, login, mine=lambda base: base + "\n" + MY_LINE)
    rows = section.xpath(f".//tr[{cls('conflict-change')}]")
    theirs_cells = [words(row.xpath("./td")[0]) for row in rows]
    mine_cells = [words(row.xpath("./td")[1]) for row in rows]
    assert any(cell.endswith(f"added {COLLEAGUE_LINE}") for cell in theirs_cells)
    assert any(cell.endswith(f"added {MY_LINE}") for cell in mine_cells)
    # Nothing is called removed: neither of them removed anything.
    assert "removed" not in words(section).lower()
    # The added lines are marked in words (visible label), not by colour alone.
    labels = [words(label) for label in section.xpath(f".//*[{cls('diff-added')}]/*[{cls('diff-label')}]")]
    assert labels == ["added", "added"]
    assert f"{world.member.display_name} saved version 2 meanwhile" in words(section)


def test_the_lines_nobody_changed_are_shown_once_not_on_both_sides(world, appeal, login):
    _client, _page, section = start_a_conflict(world, appeal, login, mine=lambda base: base + "\n" + MY_LINE)
    first_line = appeal.draft.text.split("\n")[0]
    shown = [words(e) for e in section.xpath(f".//*[{cls('conflict-unchanged')}]//*[{cls('diff-line')}]")]
    assert shown.count(first_line) == 1
    assert len(appeal.draft.text.split("\n")) > 10 and section.xpath(f".//*[{cls('conflict-unchanged')}]//details")


def test_the_unsaved_text_stays_in_the_editor_on_the_current_version(world, appeal, login):
    _client, page, _section = start_a_conflict(world, appeal, login, mine=lambda base: base + "\n" + MY_LINE)
    (editor,) = page.xpath("//form[@id='draft-form']//textarea[@name='text']")
    assert MY_LINE in editor.text_content() and COLLEAGUE_LINE not in editor.text_content()
    assert page.xpath("//form[@id='draft-form']//input[@name='version']")[0].get("value") == "2"
    assert AppealDraft.objects.get(pk=appeal.draft.pk).version == 2  # nothing overwritten


def test_keep_both_saves_their_change_and_mine_together(world, appeal, login):
    client, _page, section = start_a_conflict(world, appeal, login, mine=lambda base: base + "\n" + MY_LINE)
    (form,) = [f for f in section.xpath(".//form") if "Keep both" in words(f)]
    data = {"version": form.xpath(".//input[@name='version']")[0].get("value")}
    data["text"] = form.xpath(".//textarea[@name='text']")[0].text_content()
    assert client.post(form.get("action"), data).status_code == 302
    saved = AppealDraft.objects.get(pk=appeal.draft.pk)
    assert saved.version == 3 and COLLEAGUE_LINE in saved.text and MY_LINE in saved.text


def test_keep_mine_take_theirs_and_merge_by_hand_are_offered(world, appeal, login):
    _client, page, section = start_a_conflict(world, appeal, login, mine=lambda base: base + "\n" + MY_LINE)
    actions = words(section.xpath(f".//*[{cls('conflict-actions')}]")[0])
    assert "Keep mine" in actions and "Take theirs" in actions and "Merge by hand" in actions
    keep_mine = next(b for b in section.xpath(".//button") if words(b) == "Keep mine")
    assert keep_mine.get("form") == "draft-form" and page.xpath("//form[@id='draft-form']")
    take_theirs = next(a for a in section.xpath(".//a") if words(a) == "Take theirs")
    assert take_theirs.get("href") == workspace_url(appeal)


def test_both_changing_the_same_line_asks_for_a_merge_by_hand(world, appeal, login):
    def mine(base):
        lines = base.split("\n")
        lines.insert(1, MY_LINE)  # where the colleague added hers
        return "\n".join(lines)

    _client, _page, section = start_a_conflict(world, appeal, login, mine=mine)
    assert "You both changed this passage: merge it by hand." in words(section)
    assert not [f for f in section.xpath(".//form") if "Keep both" in words(f)]
    (clash,) = section.xpath(f".//tr[{cls('conflict-clash')}]")
    assert COLLEAGUE_LINE in words(clash) and MY_LINE in words(clash)
