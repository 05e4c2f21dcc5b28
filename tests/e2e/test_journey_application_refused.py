"""Issue 3's journey, in a browser: a new user signs up, creates a group and invites a second
member; logs an application with two applicants on a phone; the second member joins through the
invitation link, finds the application on the dashboard, logs the officials' meeting and records a
refusal with two quoted grounds — and sees what follows from it (status, quotes, timeline, the
appeal deadline)."""

import datetime as dt
import re

import pytest
from django.utils import dateformat, formats, timezone, translation
from playwright.sync_api import expect

from permits.models import Deadline, DeadlineKind, PermitApplication
from tests.e2e.conftest import DESKTOP, PHONE, assert_styled

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "Kok-tobe 2021 march!"
TITLE = "March for women's rights, 8 March"
APPLICANTS = ["Әсел Нұрланқызы", "Дана Сергеевна"]
MEETING = "Officials advised revising plans for epidemiological reasons"
QUOTE_EVENT = "В указанном месте и в указанное время запланировано другое мероприятие."
QUOTE_WORKS = "На площади ведутся ремонтно-монтажные работы."


def shown(day: dt.date) -> str:
    """A date as the pages show it (DATE_FORMAT of English)."""
    with translation.override("en"):
        return dateformat.format(day, formats.get_format("DATE_FORMAT"))


def sign_up(page, *, username, email):
    expect(page.get_by_role("heading", name="Sign Up")).to_be_visible()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Email").fill(email)
    page.get_by_role("textbox", name=re.compile(r"^Password\*?$")).fill(PASSWORD)
    page.get_by_role("textbox", name=re.compile(r"^Password \(again\)")).fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()


def confirm_address(window, mailoutbox, email):
    """Sign-up asks to verify the address first (it says nothing about whether the address was
    registered already); the link, opened in the same browser, finishes the log-in."""
    expect(window.page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    (message,) = [m for m in mailoutbox if m.to == [email] and "/accounts/confirm-email/" in m.body]
    window.goto(re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", message.body).group(1))
    window.page.get_by_role("button", name="Confirm").click()


def test_a_new_group_logs_an_application_and_a_second_member_records_its_refusal(open_window, shot, mailoutbox):
    today = timezone.localdate()
    filed_on = today - dt.timedelta(days=3)
    event_day = today + dt.timedelta(days=40)
    decided_on = today - dt.timedelta(days=1)

    # --- Asel signs up (desktop) --------------------------------------------------------------
    asel = open_window(DESKTOP)
    page = asel.page
    asel.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    assert_styled(page)
    page.get_by_role("link", name="Sign up").first.click()
    sign_up(page, username="asel", email="asel@example.org")
    confirm_address(asel, mailoutbox, "asel@example.org")
    expect(page.get_by_role("heading", name="Welcome to Ruqsat")).to_be_visible()
    shot(page, "asel-signed-up-dashboard")

    # --- creates her group ---------------------------------------------------------------------
    page.get_by_role("link", name="Create a group").click()
    page.get_by_role("link", name="New group").click()
    page.get_by_label("Name").fill("Feminita")
    page.get_by_label("Kind").select_option(label="Informal initiative")
    page.get_by_label("City").fill("Almaty")
    shot(page, "asel-new-group-form")
    page.get_by_role("button", name="Create group").click()
    expect(page.get_by_role("alert").filter(has_text="Group created. You are its coordinator.")).to_be_visible()
    expect(page.get_by_role("heading", name="Feminita", level=1)).to_be_visible()

    # --- invites Dana by email -------------------------------------------------------------------
    invitations = page.locator("#invitations")
    invitations.get_by_label("Email (optional)").fill("dana@example.org")
    invitations.get_by_label("Role").select_option(label="Member")
    invitations.get_by_role("button", name="Create invitation").click()
    expect(page.get_by_role("alert").filter(has_text="Invitation sent to dana@example.org.")).to_be_visible()
    link_on_page = page.locator("#invitations").get_by_label("Invitation link").input_value()
    shot(page, "asel-group-with-invitation")
    (invitation_email,) = [m for m in mailoutbox if m.to == ["dana@example.org"]]
    assert "Feminita" in invitation_email.subject
    assert link_on_page in invitation_email.body, "the email's link is not the one shown on the page"

    # --- logs the application on her phone -------------------------------------------------------
    page.set_viewport_size(PHONE)
    asel.goto("/")
    page.get_by_role("link", name="Log an application").click()
    expect(page.get_by_role("heading", name="New application")).to_be_visible()
    page.locator("#id_title").fill(TITLE)  # the application's, not the attached document's title
    page.get_by_label("Event type").select_option(label="March")
    expect(page.get_by_label("Lead group")).to_have_value(re.compile(r"\d+"))
    page.get_by_label("Starts at").fill(f"{event_day.isoformat()}T11:00")
    page.get_by_label("Ends at").fill(f"{event_day.isoformat()}T14:00")
    page.get_by_label("Place").fill("Almaty, from the Abai monument to Republic Square")
    page.locator("#id_authority").select_option(label="Akimat of Almaty city (KZ-ALA)")
    page.get_by_label("Applicant 1").fill(APPLICANTS[0])
    page.get_by_label("Applicant 2").fill(APPLICANTS[1])
    page.get_by_label("Filed on").fill(filed_on.isoformat())
    page.get_by_label("Reference number").fill("ЖТ-2021-118")
    shot(page, "asel-phone-new-application-filled")
    page.get_by_role("button", name="Save the application").click()

    expect(page.get_by_role("alert").filter(has_text="The application is saved.")).to_be_visible()
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    header = page.locator("header")
    expect(header.locator(".badge")).to_have_text("Filed")
    for name in APPLICANTS:
        expect(page.get_by_text(name, exact=True)).to_be_visible()
    shot(page, "asel-phone-application-page")
    application = PermitApplication.objects.get(title=TITLE)
    assert sorted(application.applicants.values_list("name", flat=True)) == sorted(APPLICANTS)
    assert application.filed_on == filed_on

    # --- Dana joins through the link, in her own browser (phone) --------------------------------
    dana = open_window(PHONE)
    page = dana.page
    page.goto(link_on_page)
    expect(page.get_by_role("heading", name="Join Feminita")).to_be_visible()
    shot(page, "dana-phone-invitation")
    page.get_by_role("link", name="Sign up").click()
    sign_up(page, username="dana", email="dana@example.org")
    confirm_address(dana, mailoutbox, "dana@example.org")
    expect(page.get_by_role("heading", name="Join Feminita")).to_be_visible()
    page.get_by_role("button", name=re.compile(r"^Join as ")).click()
    expect(page.get_by_role("alert").filter(has_text="Welcome to Feminita.")).to_be_visible()
    shot(page, "dana-phone-joined-group")

    # --- sees the application on her dashboard ----------------------------------------------------
    dana.goto("/")
    awaiting = page.get_by_role("heading", name="Filed, awaiting the authority's answer")
    expect(awaiting).to_be_visible()
    card = page.get_by_role("link", name=re.compile(re.escape(TITLE) + r".*Record the decision when it arrives"))
    expect(card).to_contain_text(f"Filed on {shown(filed_on)}")
    shot(page, "dana-phone-dashboard")
    card.click()
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()

    # --- logs the officials' meeting ------------------------------------------------------------
    timeline = page.locator("#timeline")
    timeline.get_by_text("Add an entry").click()
    timeline.get_by_label("Date").fill((today - dt.timedelta(days=2)).isoformat())
    timeline.get_by_label("Kind").select_option(label="Meeting with officials")
    timeline.get_by_label("Summary").fill(MEETING)
    timeline.get_by_label("Details").fill("Deputy akim's office; they asked us to move the march online.")
    shot(page, "dana-phone-meeting-form")
    timeline.get_by_role("button", name="Add to the timeline").click()
    entry = page.locator("#timeline li", has_text=MEETING)
    expect(entry).to_be_visible()
    expect(entry).to_contain_text("Meeting with officials")
    shot(page, "dana-phone-meeting-on-timeline")

    # --- records the refusal with two quoted grounds ----------------------------------------------
    page.locator("header").get_by_role("link", name="Record the decision").click()
    expect(page.get_by_role("heading", name="Record the decision")).to_be_visible()
    page.get_by_label("Refused").check()
    page.get_by_label("Decided on").fill(decided_on.isoformat())
    page.get_by_label("Received on").fill(today.isoformat())
    page.get_by_label("Reference number").fill("ЗТ-2021-5412")
    first = page.get_by_role("group", name="Ground 1")
    first.get_by_label("Reason").select_option(label="Conflicting event")
    first.get_by_label("The authority's words").fill(QUOTE_EVENT)
    second = page.get_by_role("group", name="Ground 2")
    second.get_by_label("Reason").select_option(label="Repair or construction works")
    second.get_by_label("The authority's words").fill(QUOTE_WORKS)
    shot(page, "dana-phone-refusal-form")
    page.get_by_role("button", name="Record the decision").click()

    expect(page.get_by_role("alert").filter(has_text="The decision is recorded.")).to_be_visible()
    expect(page.locator("header .badge")).to_have_text("Refused")
    decision = page.locator("section.decision")
    expect(decision.locator("blockquote", has_text=QUOTE_EVENT)).to_be_visible()
    expect(decision.locator("blockquote", has_text=QUOTE_WORKS)).to_be_visible()
    expect(decision).to_contain_text("Conflicting event")
    expect(decision).to_contain_text("Repair or construction works")
    expect(page.locator("#timeline li", has_text=MEETING)).to_be_visible()
    expect(page.locator("#timeline li.kind-decision")).to_be_visible()

    appeal_deadline = Deadline.objects.get(application=application, kind=DeadlineKind.APPEAL_FILING)
    warning = page.locator(".warning-appeal")
    expect(warning).to_contain_text(
        f"Refused. The complaint against the refusal must be filed by {shown(appeal_deadline.due_on)}."
    )
    shot(page, "dana-phone-refused-with-appeal-deadline")

    # --- Asel sees the same on her dashboard --------------------------------------------------------
    page = asel.page
    asel.goto("/")
    expect(page.get_by_role("heading", name="Refused: consider an appeal")).to_be_visible()
    expect(page.get_by_text(MEETING)).to_be_visible()
    shot(page, "asel-phone-dashboard-after-refusal")
