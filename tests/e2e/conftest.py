"""Browser journeys: Playwright for Python driving Debian's chromium against pytest-django's live server.

Each journey module gets one chromium (module scope: the sync API keeps an asyncio loop marked as
running in this thread while it is started, so it is stopped before unrelated tests run here).
Screenshots go to test-artifacts/e2e/<test>/NN-step.png (gitignored); their paths are printed.
"""

import os
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from organizations.models import Membership
from tests.conftest import require_service
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

# Playwright's sync API runs an event loop in the test thread; the test body also uses the ORM
# (fixtures, the mail outbox, checks against the database), which Django refuses inside a running
# loop unless told that this is safe. It is here: nothing else runs in that loop.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"
# Auto-waiting locators give up after this long: a step that takes longer is a failure, not a flake.
TIMEOUT_MS = 10_000
expect.set_options(timeout=TIMEOUT_MS)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    # Kept on the item so that open_window can photograph every page of a failed journey.
    report = yield
    if report.when == "call":
        item.journey_failed = report.failed
    return report


@pytest.fixture(scope="module")
def browser(django_db_setup):
    """Chromium, started after the test database exists (django_db_setup, which serializes its
    seeded rows for serialized_rollback, must run on this thread's own connection)."""
    if not os.path.exists(CHROMIUM):
        require_service(f"chromium not found at {CHROMIUM} (apt-get install -y chromium)")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    own = {alias: connections[alias] for alias in connections}
    playwright = sync_playwright().start()
    # While Playwright's loop runs in this thread, Django looks connections up in a context-local store
    # (asgiref's Local sees an async thread): the test body, the live server and the test case's own
    # set-up and flush would get fresh connection objects, without the serialized seed rows, so
    # serialized_rollback would silently restore nothing and the next tests would find empty tables.
    # Hand them this thread's connections.
    for alias, connection in own.items():
        connections[alias] = connection
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    except Exception as error:  # a chromium that cannot start is a missing browser
        playwright.stop()
        require_service(f"chromium at {CHROMIUM} does not start: {error}")
    yield browser
    browser.close()
    playwright.stop()


class Window:
    """One person's browser context (cookies of their own) and its page, with what went wrong in it."""

    def __init__(self, context, base_url):
        self.context = context
        self.base_url = base_url
        self.page = context.new_page()
        self.problems: list[str] = []
        self.allowed: set[tuple[int, str]] = set()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        self.page.on("response", self._response)

    def _console(self, message):
        # Browsers ask for /favicon.ico on their own; Ruqsat has none (a 404 nobody sees on a page).
        url = message.location.get("url", "")
        if message.type != "error" or url.endswith("/favicon.ico"):
            return
        if any(f"status of {status} " in message.text and url == self.base_url + path for status, path in self.allowed):
            return
        self.problems.append(f"console: {message.text} ({url})")

    def _response(self, response):
        # A missing stylesheet or script (or a 500 behind a navigation) is something a person notices.
        if response.status >= 500 or (response.status >= 400 and "/static/" in response.url):
            self.problems.append(f"HTTP {response.status} {response.url}")

    def allow(self, status: int, path: str):
        """A response with this status at this path is what the journey expects (an edit conflict's 409),
        not a problem: chromium still logs it as a console error."""
        self.allowed.add((status, path))

    def goto(self, path):
        return self.page.goto(self.base_url + path)

    def path(self) -> str:
        return self.page.url.removeprefix(self.base_url)


@pytest.fixture
def open_window(request, browser, live_server):
    """open_window(viewport=PHONE) → a fresh person in a fresh context; all closed after the test,
    which fails if any of them saw a console error (a CSP violation is one), a JS error, a missing
    static file or a server error."""
    windows: list[Window] = []

    def _open(viewport=DESKTOP) -> Window:
        context = browser.new_context(
            viewport=viewport,
            locale="en-US",
            extra_http_headers={"Accept-Language": "en"},
            accept_downloads=True,
            timezone_id="Asia/Almaty",
        )
        context.set_default_timeout(TIMEOUT_MS)
        window = Window(context, live_server.url)
        windows.append(window)
        return window

    yield _open
    if getattr(request.node, "journey_failed", False):
        folder = ARTIFACTS / _folder_name(request.node)
        folder.mkdir(parents=True, exist_ok=True)
        for number, window in enumerate(windows, start=1):
            path = folder / f"failed-window-{number}.png"
            try:
                window.page.screenshot(path=str(path), full_page=True)
            except Exception as error:  # the page may be gone; the failure itself matters more
                print(f"no failure screenshot of window {number}: {error}")
            else:
                print(f"failure screenshot: {path} ({window.page.url})")
    problems = [problem for window in windows for problem in window.problems]
    for window in windows:
        window.context.close()
    assert not problems, "The browser saw problems:\n" + "\n".join(problems)


def _folder_name(node) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", node.name)


@pytest.fixture
def shot(request):
    """shot(page, "step-name") saves a full-page screenshot, numbered in the journey's order, and
    prints its path."""
    folder = ARTIFACTS / _folder_name(request.node)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    taken: list[Path] = []

    def _shot(page, name: str) -> Path:
        path = folder / f"{len(taken) + 1:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        taken.append(path)
        print(f"screenshot: {path}")
        return path

    yield _shot
    request.node.user_properties.append(("screenshots", [str(p) for p in taken]))


def assert_styled(page):
    """The vendored Bootstrap and ruqsat.css really applied (static files served by the live server):
    the dark navbar has its background colour, which an unstyled page would not."""
    background = page.locator("nav.navbar").first.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background == "rgb(33, 37, 41)", f"Bootstrap did not load: navbar background {background}"


def log_in(window, username: str, password: str, *, next_path: str = "/"):
    """Log in through allauth's form, as a person does, and land on `next_path`."""
    page = window.page
    window.goto(f"/accounts/login/?next={next_path}")
    page.get_by_role("textbox", name=re.compile(r"^Login")).fill(username)
    page.get_by_role("textbox", name=re.compile(r"^Password")).fill(password)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(window.base_url + next_path)


def feminita_coordinator():
    """Asel (Әсел), coordinator of Feminita with her address confirmed, the person most journeys
    follow; (asel, feminita)."""
    feminita = OrganizationFactory(name="Feminita")
    asel = UserFactory(username="asel", first_name="Әсел", verified_email=True)
    MembershipFactory(user=asel, organization=feminita, role=Membership.Role.COORDINATOR)
    return asel, feminita
