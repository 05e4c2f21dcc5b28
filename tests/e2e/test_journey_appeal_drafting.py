"""Issue 5's journey, in a browser: a coordinator opens the appeal against a refusal and assigns a
volunteer from a legal-aid organization; the volunteer edits the first draft, meets a conflict with
a colleague who saved first in another window (her autosave stops on it, issue 13), resolves it
with both texts side by side (nothing lost), and downloads the Word file."""

import datetime as dt
import re

import docx
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from appeals.drafts import draft_of
from appeals.models import Appeal
from organizations.models import Membership, Organization
from permits.models import RefusalReason
from tests.e2e.conftest import DESKTOP, PHONE, assert_styled, feminita_coordinator, log_in
from tests.e2e.test_journey_application_refused import QUOTE_EVENT, QUOTE_WORKS, shown
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    OrganizationFactory,
    PermitApplicationFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "March for women's rights, 8 March"
COLLEAGUE_LINE = "The march was notified forty days ahead, far earlier than the law requires."
VOLUNTEER_PARAGRAPH = (
    "The authority offered no other place or time, which it must do before refusing on this ground "
    "(Constitutional Court, normative resolution No. 61-NP of 20 January 2025)."
)


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").split("\n")


@pytest.fixture
def refused_application():
    """Feminita's march, refused on two grounds in the authority's own words; Asel coordinates the
    group, Zhanna volunteers with a legal-aid organization that has nothing to do with it (so she is
    invited by email and accepts: nobody is put on a case by someone else's act alone)."""
    asel, feminita = feminita_coordinator()
    legal_aid = OrganizationFactory(name="Adilet legal aid", kind=Organization.Kind.LEGAL_AID)
    zhanna = UserFactory(username="zhanna", first_name="Жанна", verified_email=True)
    MembershipFactory(user=zhanna, organization=legal_aid, role=Membership.Role.LEGAL)
    today = timezone.localdate()
    application = PermitApplicationFactory(
        title=TITLE,
        organization=feminita,
        applicants=["Әсел Нұрланқызы", "Дана Сергеевна"],
        starts_at=timezone.now() + dt.timedelta(days=40),
    )
    application.file(on=today - dt.timedelta(days=5), by=asel)
    application.record_decision(
        outcome="refused",
        decided_on=today - dt.timedelta(days=2),
        received_on=today - dt.timedelta(days=1),
        reference_number="ЗТ-2021-5412",
        by=asel,
        grounds=[
            {"reason": RefusalReason.objects.get(code="conflicting_event"), "quote": QUOTE_EVENT},
            {"reason": RefusalReason.objects.get(code="repair_works"), "quote": QUOTE_WORKS},
        ],
    )
    return application


def test_a_volunteer_drafts_the_appeal_with_a_colleague_without_losing_a_word(
    open_window, shot, refused_application, tmp_path, mailoutbox
):
    # --- Asel, the coordinator, opens the appeal from the refused application ----------------
    asel = open_window(DESKTOP)
    page = asel.page
    log_in(asel, "asel", PASSWORD, next_path=f"/applications/{refused_application.pk}/")
    assert_styled(page)
    expect(page.locator("header .badge")).to_have_text("Refused")
    page.locator("#appeals").get_by_role("link", name="Open an appeal").click()
    expect(page.get_by_role("heading", name="Open an appeal")).to_be_visible()
    page.get_by_label("Where to appeal").select_option(label="Higher authority (pre-trial complaint)")
    page.get_by_label("Language of the draft").select_option(label="English")
    shot(page, "asel-open-appeal-form")
    page.get_by_role("button", name="Open the appeal").click()

    expect(page.get_by_role("alert").filter(has_text="The appeal is open, with a first draft")).to_be_visible()
    expect(page.get_by_role("heading", name="Appeal: Higher authority (pre-trial complaint)", level=1)).to_be_visible()
    appeal = Appeal.objects.get(application=refused_application)
    banner = page.get_by_label("Filing deadline")
    expect(banner).to_contain_text(f"File by {shown(appeal.filing_deadline.due_on)}")
    expect(banner).to_contain_text("Art. 92")
    # The grounds beside the editor, in the authority's words.
    expect(page.locator("blockquote", has_text=QUOTE_EVENT)).to_be_visible()
    expect(page.locator("blockquote", has_text=QUOTE_WORKS)).to_be_visible()
    editor = page.get_by_role("textbox", name="Draft")
    first_draft = editor.input_value()
    assert QUOTE_EVENT in first_draft and QUOTE_WORKS in first_draft, "the first draft does not quote both grounds"
    assert re.search(r"art(icle|\.)\s*21", first_draft, re.IGNORECASE), "the first draft does not cite ICCPR art. 21"

    # --- and invites Zhanna, from the legal-aid organization, by email ---------------------------
    workspace_path = asel.path()
    volunteers = page.get_by_role("region", name="Volunteers")
    volunteers.get_by_label("Email address").fill("zhanna@example.org")
    volunteers.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("alert").filter(has_text="Invitation sent to zhanna@example.org.")).to_be_visible()
    (invitation_email,) = [m for m in mailoutbox if m.to == ["zhanna@example.org"]]
    accept_path = re.search(r"https?://[^/\s]+(/appeals/invitations/\S+/)", invitation_email.body).group(1)

    # --- Zhanna accepts, then finds it from her dashboard, where the refusal shows its appeal --------
    zhanna = open_window(DESKTOP)
    page = zhanna.page
    log_in(zhanna, "zhanna", PASSWORD, next_path=accept_path)
    page.get_by_role("button", name=re.compile(r"^Accept as ")).click()
    expect(page.get_by_role("heading", name="Appeal: Higher authority (pre-trial complaint)", level=1)).to_be_visible()
    zhanna.goto("/")
    expect(page.get_by_role("heading", name="Refused and appealed")).to_be_visible()
    expect(page.get_by_role("heading", name="Refused: consider an appeal")).to_have_count(0)
    shot(page, "zhanna-dashboard")
    page.get_by_role("link", name=re.compile(re.escape(TITLE) + r"\s+Preparing")).click()
    expect(page.get_by_role("heading", name="Appeal: Higher authority (pre-trial complaint)", level=1)).to_be_visible()
    assert zhanna.path() == workspace_path
    zhanna_editor = page.get_by_role("textbox", name="Draft")
    mine = zhanna_editor.input_value().rstrip() + "\n\n" + VOLUNTEER_PARAGRAPH + "\n"

    # --- meanwhile Asel, in her window, adds a line and saves first ---------------------------------
    page = asel.page
    page.reload()
    theirs_lines = _lines(page.get_by_role("textbox", name="Draft").input_value())
    theirs_lines.insert(1, COLLEAGUE_LINE)
    page.get_by_role("textbox", name="Draft").fill("\n".join(theirs_lines))
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("alert").filter(has_text="Draft saved.")).to_be_visible()
    expect(page.get_by_role("heading", name="Draft, version 2")).to_be_visible()

    # --- Zhanna types on the version she loaded: the autosave meets Asel's save (409) and stops,
    # overwriting nothing; her words stay in the editor -------------------------------------------------
    page = zhanna.page
    zhanna.allow(409, f"/api/v1/appeals/{appeal.pk}/draft/")
    zhanna_editor.fill(mine)
    expect(page.get_by_role("status").filter(has_text="Someone saved the draft meanwhile")).to_be_visible()
    assert COLLEAGUE_LINE in draft_of(Appeal.objects.get(pk=appeal.pk)).text
    assert VOLUNTEER_PARAGRAPH not in draft_of(Appeal.objects.get(pk=appeal.pk)).text
    shot(page, "zhanna-editing-first-draft")

    # --- Zhanna saves: a conflict, both texts side by side, her words still in the editor ------------
    zhanna.allow(409, workspace_path)
    with page.expect_response(lambda r: r.request.method == "POST" and r.url.endswith(workspace_path)) as saved:
        page.get_by_role("button", name="Save", exact=True).click()
    assert saved.value.status == 409
    conflict = page.get_by_role("region", name="Someone saved the draft while you were editing")
    expect(conflict).to_be_visible()
    expect(conflict.get_by_role("columnheader", name="Saved (theirs)")).to_be_visible()
    expect(conflict.get_by_role("columnheader", name="Yours, not saved")).to_be_visible()
    theirs_cell = conflict.get_by_role("cell", name=re.compile(re.escape(COLLEAGUE_LINE)))
    mine_cell = conflict.get_by_role("cell", name=re.compile(re.escape(VOLUNTEER_PARAGRAPH[:60])))
    expect(theirs_cell).to_be_visible()
    expect(mine_cell).to_be_visible()
    editor_text = zhanna_editor.input_value()
    assert VOLUNTEER_PARAGRAPH in editor_text and COLLEAGUE_LINE not in editor_text
    shot(page, "zhanna-conflict-side-by-side")

    # --- she takes Asel's line into her text and saves again ----------------------------------------
    merged = _lines(editor_text)
    merged.insert(1, COLLEAGUE_LINE)
    zhanna_editor.fill("\n".join(merged))
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("alert").filter(has_text="Draft saved.")).to_be_visible()
    expect(page.get_by_role("heading", name="Draft, version 3")).to_be_visible()
    # Nothing lost, nothing doubled: Asel's version with Zhanna's paragraph, in the editor and stored.
    expected = [line.rstrip() for line in theirs_lines]
    while expected and not expected[-1]:
        expected.pop()
    expected += ["", VOLUNTEER_PARAGRAPH]
    for text in (zhanna_editor.input_value(), draft_of(appeal).text):
        assert [line.rstrip() for line in _lines(text.rstrip())] == expected
    shot(page, "zhanna-merged-and-saved")

    # --- and downloads the Word file ------------------------------------------------------------------
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download Word file").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".docx")
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    document = docx.Document(str(target))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert VOLUNTEER_PARAGRAPH in text
    assert COLLEAGUE_LINE in text
    assert QUOTE_EVENT in text and QUOTE_WORKS in text

    # --- the workspace on her phone, for reading; and "My appeals" lists it with its deadline ------------
    page.set_viewport_size(PHONE)
    page.reload()
    expect(page.get_by_role("heading", name="Draft, version 3")).to_be_visible()
    shot(page, "zhanna-phone-workspace")
    page.get_by_role("link", name="My appeals").click()
    listed = page.get_by_role("link", name=re.compile(re.escape(TITLE)))
    expect(listed).to_contain_text(f"File by {shown(appeal.filing_deadline.due_on)}")
    expect(listed).to_contain_text("Feminita")
    shot(page, "zhanna-phone-my-appeals")
