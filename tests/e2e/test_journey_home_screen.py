"""Issue 17 §4, in a browser: Ruqsat installs on a phone's home screen, shows its own page when the
network is gone, and a seized phone holds nothing of the group's — the service worker keeps the
offline page and its static files only, and logging out removes even those."""

import json
import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, assert_styled, feminita_coordinator, log_in
from tests.factories import PASSWORD, PermitApplicationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SECRET_TITLE = "March on 8 March, route along Abay Avenue"


@pytest.fixture
def asel():
    asel, feminita = feminita_coordinator()
    asel.application = PermitApplicationFactory(organization=feminita, title=SECRET_TITLE)
    return asel


def open_menu(page, name: str) -> None:
    """Opens the phone's menu and waits for it to be open: while Bootstrap's collapse still slides
    it open, the last entries are clipped, and a click on them may land on the page beneath."""
    page.get_by_role("button", name=name).click()
    expect(page.locator("#main-nav")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))


def worker_ready(page) -> str:
    """Waits until the service worker is active and returns its script's URL."""
    return page.evaluate("navigator.serviceWorker.ready.then((registration) => registration.active.scriptURL)")


def stored_urls(page) -> dict[str, list[str]]:
    """Every URL in every cache of Cache Storage, by cache name, as the page sees it."""
    return page.evaluate(
        """async () => {
            const stored = {};
            for (const name of await caches.keys()) {
                const cache = await caches.open(name);
                const urls = (await cache.keys()).map((request) => new URL(request.url));
                stored[name] = urls.map((url) => url.pathname + url.search);
            }
            return stored;
        }"""
    )


def test_installable_offline_page_and_nothing_kept_after_log_out(open_window, shot, asel):
    window = open_window(PHONE)
    page = window.page

    # The manifest is linked, valid JSON, and its icons load.
    window.goto("/accounts/login/")
    href = page.locator('link[rel="manifest"]').get_attribute("href")
    manifest = page.evaluate("(url) => fetch(url, {credentials: 'include'}).then((r) => r.text())", href)
    manifest = json.loads(manifest)
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/"
    for icon in manifest["icons"]:
        fetch_icon = "(url) => fetch(url).then((r) => `${r.status} ${r.headers.get('content-type')}`)"
        kind = page.evaluate(fetch_icon, icon["src"])
        assert kind == "200 image/png", icon["src"]
    # Nobody logged in: no worker is installed.
    assert page.evaluate("navigator.serviceWorker.getRegistrations().then((all) => all.length)") == 0

    # A logged-in visit installs the worker, which stores the offline page and its static files only,
    # however many of the group's pages are opened afterwards — even with a query string on /offline/.
    log_in(window, "asel", PASSWORD)
    assert worker_ready(page) == window.base_url + "/sw.js?lang=en"
    # Chromium's own verdict: the manifest parses cleanly, and nothing but the test's private
    # (incognito-like) browser context stands in the way of installing.
    devtools = window.context.new_cdp_session(page)
    assert devtools.send("Page.getAppManifest")["errors"] == []
    refusals = {error["errorId"] for error in devtools.send("Page.getInstallabilityErrors")["installabilityErrors"]}
    assert refusals <= {"in-incognito"}, refusals
    devtools.detach()
    application_url = f"/applications/{asel.application.pk}/"
    window.goto(application_url)
    expect(page.get_by_role("heading", name=SECRET_TITLE)).to_be_visible()
    window.goto("/offline/?who=asel")
    window.goto("/applications/")
    stored = stored_urls(page)
    assert len(stored) == 1 and next(iter(stored)).startswith("ruqsat-offline-")
    (urls,) = stored.values()
    assert urls[0] == "/offline/"
    offline_page_static = ("vendor/bootstrap/bootstrap.min.css", "css/ruqsat.css", "img/favicon.svg")
    assert sorted(urls[1:]) == sorted(settings.STATIC_URL + path for path in offline_page_static)
    for url in urls:
        assert SECRET_TITLE not in page.evaluate("(url) => caches.match(url).then((r) => r.text())", url)

    # The network goes: a page of the group shows the offline page instead, styled, in its place.
    window.context.set_offline(True)
    window.goto(application_url)
    expect(page.get_by_role("heading", name="You are offline")).to_be_visible()
    assert window.path() == application_url
    assert_styled(page)
    assert SECRET_TITLE not in page.content() and "Әсел" not in page.content()
    shot(page, "offline")
    # Nor can a script read the group's data from a stored copy: the worker answers nothing but a page.
    read_offline = "(url) => fetch(url).then((r) => `answered ${r.status}`, (error) => error.name)"
    seen = len(window.problems)
    for url in (application_url, "/api/v1/applications/", "/"):
        assert page.evaluate(read_offline, url) == "TypeError", url
    # Chromium logs each of those failed reads: that is what this step expects, not a problem.
    window.problems[seen:] = [line for line in window.problems[seen:] if "ERR_INTERNET_DISCONNECTED" not in line]

    # It comes back: "Try again" opens the page that was asked for.
    window.context.set_offline(False)
    page.get_by_role("link", name="Try again").click()
    expect(page.get_by_role("heading", name=SECRET_TITLE)).to_be_visible()

    # She switches to Russian: the worker installs again, and the stored offline page is in Russian.
    open_menu(page, "Menu")
    page.get_by_label("Language").select_option("ru")
    page.get_by_role("button", name="Go").click()
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    # (Polled: the new worker installs and activates in the background.)
    page.wait_for_function(
        """async () => {
            const active = (await navigator.serviceWorker.ready).active;
            const names = await caches.keys();
            const stored = names.length === 1 && (await caches.match("/offline/"));
            return active.scriptURL.endsWith("/sw.js?lang=ru") && Boolean(stored)
                && (await stored.text()).includes('<html lang="ru">');
        }"""
    )

    # Logging out clears Cache Storage and removes the worker; the log-in page installs none again.
    open_menu(page, "Меню")
    page.get_by_role("button", name="Выйти").click()
    page.wait_for_url(re.compile(r".*/accounts/login/"))
    assert page.evaluate("caches.keys()") == []
    assert page.evaluate("navigator.serviceWorker.getRegistrations().then((all) => all.length)") == 0
