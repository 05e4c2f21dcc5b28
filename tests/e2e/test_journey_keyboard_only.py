"""Issue 13, item 12: a person who cannot use a mouse logs in, logs an application and records its
refusal with the keyboard alone (Tab, Shift+Tab, Enter, Space, arrow keys and typing; no click
anywhere), on a phone-sized window. At every stop the focus is visible; after a refused form it lands
on the first field in error, in view; the skip link jumps past the navigation."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from organizations.models import Membership
from permits.models import Decision, PermitApplication
from tests.e2e.conftest import PHONE
from tests.factories import PASSWORD, MembershipFactory, OrganizationFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "Picket for safe streets"
QUOTE = "В указанном месте запланировано другое мероприятие."

# What has the focus, and whether a sighted keyboard user can see where it is: a ring (outline or
# Bootstrap's box-shadow) on an element that takes up room inside the window.
FOCUS = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return {where: "nothing", problem: "nothing has the focus"};
  const label = element.labels && element.labels[0];
  const where = `${element.tagName.toLowerCase()}#${element.id} "${(element.getAttribute("aria-label")
    || (label && label.textContent) || element.innerText || element.value || "").trim().slice(0, 60)}"`;
  const style = getComputedStyle(element);
  // A date field's calendar button, inside the field, takes a Tab stop of its own; chromium rings it
  // itself, out of the page's reach (the field reports no ring of its own meanwhile).
  const ownRing = ["date", "datetime-local"].includes(element.type);
  const ring = ownRing || (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
    || style.boxShadow !== "none";
  const box = element.getBoundingClientRect();
  const inView = box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < window.innerHeight;
  const problem = !ring ? "no visible focus ring" : !inView ? "focused element out of view" : "";
  return {where, problem, id: element.id, text: (element.innerText || "").trim(), checked: element.checked || false,
          name: element.name || ""};
}"""


def focused(page) -> dict:
    # Bootstrap fades the ring in (a .15 s transition): look again before calling it missing.
    for _ in range(5):
        state = page.evaluate(FOCUS)
        if not state["problem"]:
            return state
        page.wait_for_timeout(100)
    raise AssertionError(f"{state['problem']}: {state['where']}")


def press(page, key: str) -> dict:
    page.keyboard.press(key)
    return focused(page)


def tab_to(page, matches, *, backwards=False, limit=80) -> dict:
    """Press Tab (Shift+Tab) until the focused element matches; every stop on the way must show its focus."""
    key = "Shift+Tab" if backwards else "Tab"
    seen = []
    for _ in range(limit):
        state = press(page, key)
        if matches(state):
            return state
        seen.append(state["where"])
    raise AssertionError(f"{limit} presses of {key} never reached it; the focus went through:\n" + "\n".join(seen))


def by_id(element_id):
    return lambda state: state["id"] == element_id


def by_text(text):
    return lambda state: state["text"] == text


def type_date(page, day: dt.date):
    """A date field (en-US: month, day, year). The year takes up to six digits, so the field keeps the
    focus after it: the next Tab goes to the field's calendar button, then on."""
    page.keyboard.type(f"{day:%m%d%Y}")


def type_datetime(page, moment: dt.datetime):
    """A date-and-time field: month, day, year, then Tab to the hour, minutes and A(M)/P(M)."""
    type_date(page, moment.date())
    page.keyboard.press("Tab")
    page.keyboard.type(moment.strftime("%I%M") + ("A" if moment.hour < 12 else "P"))


def test_a_keyboard_user_logs_an_application_and_records_its_refusal(open_window, shot):
    group = OrganizationFactory(name="Feminita", city="Almaty")
    person = UserFactory(username="asel", verified_email=True, language="")
    MembershipFactory(user=person, organization=group, role=Membership.Role.COORDINATOR)
    today = timezone.localdate()
    event_at = dt.datetime.combine(today + dt.timedelta(days=30), dt.time(11, 0))
    filed_on = today - dt.timedelta(days=2)
    decided_on = today - dt.timedelta(days=1)

    window = open_window(PHONE)
    page = window.page
    window.goto("/accounts/login/?next=/")

    # --- the skip link is the first stop, shows itself, and jumps past the navigation -------------
    assert press(page, "Tab")["text"] == "Skip to the content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"
    shot(page, "skip-link-used")

    # --- logs in: a wrong password first, then the right one --------------------------------------
    tab_to(page, by_id("id_login"))
    page.keyboard.type("asel")
    assert press(page, "Tab")["id"] == "id_password"
    page.keyboard.type("not the password")
    page.keyboard.press("Enter")
    expect(page.get_by_text("The username and/or password you specified are not correct.")).to_be_visible()
    # The focus went to the form's error, which the person reads first; the password is below it.
    state = focused(page)
    assert "not correct" in state["text"], state["where"]
    tab_to(page, by_id("id_password"))
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(window.base_url + "/")

    # --- a new application, with a slip the server refuses ------------------------------------------
    tab_to(page, by_text("New application"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="New application")).to_be_visible()
    assert focused(page)["id"] == "id_title"  # the form's first field has the focus on arrival
    page.keyboard.type(TITLE)
    assert press(page, "Tab")["id"] == "id_event_type"
    page.keyboard.type("Picket")
    assert press(page, "Tab")["id"] == "id_organization"  # the only group: already chosen
    assert press(page, "Tab")["id"] == "id_starts_at"
    type_datetime(page, event_at)
    tab_to(page, by_id("id_ends_at"))
    type_datetime(page, event_at - dt.timedelta(hours=1))  # ends before it starts: refused
    tab_to(page, by_id("id_location"))
    page.keyboard.type("Mahatma Gandhi park, Almaty")
    tab_to(page, by_id("id_applicants-0-name"))
    page.keyboard.type("Асель Нурланкызы")
    tab_to(page, by_id("id_filed_on"))
    type_date(page, filed_on)
    tab_to(page, by_text("Save the application"))
    page.keyboard.press("Enter")

    expect(page.get_by_text("The end must be after the start.")).to_be_visible()
    state = focused(page)  # in view, with its ring: the page did not come back at its top
    assert state["id"] == "id_ends_at", state["where"]
    shot(page, "focus-on-the-first-error")
    expect(page.locator("#id_title")).to_have_value(TITLE)  # nothing typed is lost
    type_datetime(page, event_at + dt.timedelta(hours=1))
    tab_to(page, by_text("Save the application"))
    page.keyboard.press("Space")
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    application = PermitApplication.objects.get(title=TITLE)
    assert application.status == "filed"
    assert application.filed_on == filed_on
    assert timezone.localtime(application.ends_at).time() == dt.time(12, 0)

    # --- records the refusal ------------------------------------------------------------------------
    tab_to(page, by_text("Record the decision"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Record the decision")).to_be_visible()
    state = tab_to(page, lambda state: state["name"] == "outcome")
    for _ in range(len(Decision.Outcome.choices)):
        if state["checked"] and "Refused" in state["where"]:
            break
        state = press(page, "ArrowDown")
    assert state["checked"] and "Refused" in state["where"], state["where"]
    assert press(page, "Tab")["id"] == "id_decided_on"
    type_date(page, decided_on)
    tab_to(page, by_id("id_received_on"))
    type_date(page, decided_on)
    tab_to(page, lambda state: state["name"].endswith("-0-reason"))
    page.keyboard.type("Conflicting event")
    assert press(page, "Tab")["name"].endswith("-0-quote")
    page.keyboard.type(QUOTE)
    # Past the button and back: Shift+Tab retraces the same stops.
    tab_to(page, by_text("Back"))
    tab_to(page, by_text("Record the decision"), backwards=True)
    shot(page, "refusal-ready")
    page.keyboard.press("Enter")

    expect(page.get_by_text("The decision is recorded.")).to_be_visible()
    expect(page.locator(".badge", has_text="Refused").first).to_be_visible()
    decision = Decision.objects.get(application=application)
    assert decision.outcome == "refused"
    assert decision.decided_on == decided_on
    assert [ground.quote for ground in decision.grounds.all()] == [QUOTE]
    shot(page, "refusal-recorded")
