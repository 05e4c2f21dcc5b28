"""Issue 13 §4, in a browser: nothing typed in the appeal draft is lost. Typing and "Insert" are saved
on their own, through the versioned save (no Save pressed); a colleague's save meanwhile stops the
autosave instead of being overwritten; leaving with text not yet saved asks first."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from appeals.drafts import draft_of, draft_save
from appeals.models import AppealDraft
from appeals.services import appeal_open
from permits.models import RefusalReason
from tests.e2e.conftest import DESKTOP, PHONE, feminita_coordinator, log_in
from tests.factories import PASSWORD, PermitApplicationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def stored(appeal) -> str:
    """The draft's text in the database now (not a row cached on the appeal)."""
    return AppealDraft.objects.get(appeal=appeal).text


TYPED = "The authority never offered another place, which the law requires before a refusal."


@pytest.fixture
def appeal():
    asel, feminita = feminita_coordinator()
    today = timezone.localdate()
    application = PermitApplicationFactory(organization=feminita, starts_at=timezone.now() + dt.timedelta(days=40))
    application.file(on=today - dt.timedelta(days=5), by=asel)
    decision = application.record_decision(
        outcome="refused",
        decided_on=today - dt.timedelta(days=2),
        received_on=today - dt.timedelta(days=1),
        by=asel,
        grounds=[{"reason": RefusalReason.objects.get(code="conflicting_event"), "quote": "Another event is planned."}],
    )
    if decision is None:
        decision = application.decisions.latest("id")
    return appeal_open(decision=decision, venue="higher_authority", by=asel, language="en")


def test_typing_and_insert_are_saved_without_pressing_save(open_window, shot, appeal):
    window = open_window(PHONE)
    page = window.page
    workspace = f"/appeals/{appeal.pk}/"
    log_in(window, "asel", PASSWORD, next_path=workspace)
    editor = page.get_by_role("textbox", name="Draft")
    expect(page.get_by_role("heading", name="Draft, version 1")).to_be_visible()

    editor.press("Control+End")
    editor.press_sequentially(" " + TYPED[:20])
    editor.evaluate("(el, more) => { el.value += more; el.dispatchEvent(new Event('input')); }", TYPED[20:])
    expect(page.get_by_role("status").filter(has_text="Saved.")).to_be_visible()
    expect(page.get_by_role("heading", name="Draft, version 2")).to_be_visible()
    assert TYPED in stored(appeal)

    # An argument inserted from the library is saved at once, on top of the version just saved.
    panel = page.locator("details.workspace-panel").first
    if panel.get_attribute("open") is None:
        panel.locator("summary").first.click()
    insert = page.get_by_role("button", name="Insert").first
    inserted = page.locator(f"#{insert.get_attribute('data-insert-source')}").evaluate("t => t.content.textContent")
    insert.click()
    expect(page.get_by_role("heading", name="Draft, version 3")).to_be_visible()
    saved = stored(appeal)
    assert inserted.strip()[:80] in saved and TYPED in saved
    shot(page, "phone-workspace-autosaved")

    # Reloading loses nothing and asks nothing: everything was saved.
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    page.reload()
    assert dialogs == []
    assert inserted.strip()[:80] in editor.input_value()


def test_leaving_with_unsaved_text_asks_first_and_staying_keeps_it(open_window, appeal):
    window = open_window(DESKTOP)
    page = window.page
    workspace = f"/appeals/{appeal.pk}/"
    log_in(window, "asel", PASSWORD, next_path=workspace)
    editor = page.get_by_role("textbox", name="Draft")
    dialogs = []

    def stay(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    # Typed just now: the two seconds have not passed, nothing is saved yet.
    editor.press("Control+End")
    editor.press_sequentially(" unsaved words")
    page.get_by_role("link", name="My appeals").click()
    assert dialogs == ["beforeunload"]
    assert page.url.endswith(workspace)
    assert editor.input_value().endswith(" unsaved words")


def test_a_colleagues_save_meanwhile_stops_the_autosave_and_overwrites_nothing(open_window, appeal):
    window = open_window(DESKTOP)
    page = window.page
    workspace = f"/appeals/{appeal.pk}/"
    log_in(window, "asel", PASSWORD, next_path=workspace)
    editor = page.get_by_role("textbox", name="Draft")
    # A colleague saves version 2 while this page still holds version 1.
    draft = draft_of(appeal)
    theirs = draft.text + "\n\nTheir paragraph."
    draft_save(draft=draft, text=theirs, based_on_version=1, by=appeal.created_by)
    window.allow(409, f"/api/v1/appeals/{appeal.pk}/draft/")
    window.allow(409, workspace)

    editor.press("Control+End")
    editor.press_sequentially(" mine")
    expect(page.get_by_role("status").filter(has_text="Someone saved the draft meanwhile")).to_be_visible()
    assert stored(appeal) == theirs
    assert editor.input_value().endswith(" mine")
    # Save shows the existing conflict screen, both texts side by side.
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("region", name="Someone saved the draft while you were editing")).to_be_visible()
    assert stored(appeal) == theirs
