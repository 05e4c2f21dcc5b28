"""Ruqsat on a phone's home screen (config/pwa.py): the manifest, its icons, the service worker and
the offline page — and that none of them carries, or can be made to keep, anything personal."""

import json
import re
import struct
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.templatetags.static import static

from config import pwa
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

WORKER_TEMPLATE = Path(settings.BASE_DIR) / "templates" / "config" / "service-worker.js"


def png_header(path: str) -> tuple[int, int, int]:
    """(width, height, colour type) from a PNG's IHDR chunk, which always comes first."""
    with open(path, "rb") as png:
        head = png.read(26)
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR", f"{path} is not a PNG"
    width, height, _depth, colour_type = struct.unpack(">IIBB", head[16:26])
    return width, height, colour_type


def static_file(url: str) -> str:
    path = finders.find(url.removeprefix(settings.STATIC_URL))
    assert path, f"{url} is not a static file"
    return path


# --- the manifest ------------------------------------------------------------------------------------


def test_the_manifest_makes_the_site_installable(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["id"] == "/" and manifest["start_url"] == "/" and manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["name"] and manifest["short_name"] == "Ruqsat" and manifest["description"]
    assert manifest["lang"] == "en" and manifest["dir"] == "ltr"
    assert re.fullmatch(r"#[0-9a-f]{6}", manifest["theme_color"])
    assert re.fullmatch(r"#[0-9a-f]{6}", manifest["background_color"])
    sizes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes


def test_every_icon_is_a_png_of_the_size_the_manifest_claims(client):
    manifest = json.loads(client.get("/manifest.webmanifest").content)
    for icon in manifest["icons"]:
        assert icon["type"] == "image/png"
        width, height, colour_type = png_header(static_file(icon["src"]))
        assert f"{width}x{height}" == icon["sizes"], icon["src"]
        if icon["purpose"] == "maskable":
            # Full-bleed: the phone cuts the shape, so no pixel may be transparent (colour type 2: RGB).
            assert colour_type == 2, f"{icon['src']} has an alpha channel"
        served = client.get(icon["src"])
        assert served.status_code == 200 and served["Content-Type"] == "image/png"


def test_the_apple_touch_icon_is_180_px_and_opaque(client):
    page = client.get("/accounts/login/").content.decode()
    href = re.search(r'<link rel="apple-touch-icon" href="([^"]+)">', page).group(1)
    # iOS paints transparent pixels black: the icon fills its square.
    assert png_header(static_file(href)) == (180, 180, 2)


def test_the_manifest_is_in_the_visitors_language(client):
    russian = json.loads(client.get("/manifest.webmanifest", HTTP_ACCEPT_LANGUAGE="ru").content)
    assert russian["lang"] == "ru"
    client.force_login(UserFactory(language="kk"))
    assert json.loads(client.get("/manifest.webmanifest", HTTP_ACCEPT_LANGUAGE="ru").content)["lang"] == "kk"


def test_the_splash_screen_and_the_bars_have_the_sites_colours(client):
    """No white flash before the first page, and the phone's bars match the dark navbar."""
    manifest = json.loads(client.get("/manifest.webmanifest").content)
    with open(finders.find("css/ruqsat.css"), encoding="utf-8") as css:
        assert f"body {{ background: {manifest['background_color']}; }}" in css.read()
    page = client.get("/accounts/login/").content.decode()
    assert f'<meta name="theme-color" content="{manifest["theme_color"]}">' in page


def test_the_manifest_is_the_same_for_a_stranger_and_for_a_member(client, world):
    anonymous = client.get("/manifest.webmanifest").content
    client.force_login(world.coordinator)
    assert client.get("/manifest.webmanifest").content == anonymous


def test_the_manifest_may_be_cached_and_says_what_it_varies_on(client):
    response = client.get("/manifest.webmanifest")
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert "public" in directives and "max-age=86400" in directives and "no-store" not in directives
    assert {"Accept-Language", "Cookie"} <= {part.strip() for part in response["Vary"].split(",")}


def test_every_page_links_the_manifest_and_the_phone_tags(client):
    client.force_login(UserFactory())
    for url in ("/accounts/login/", "/"):
        page = client.get(url, follow=True).content.decode()
        assert '<link rel="manifest" href="/manifest.webmanifest" crossorigin="use-credentials">' in page
        assert '<meta name="theme-color" content="#212529">' in page
        assert f'<link rel="apple-touch-icon" href="{static("img/apple-touch-icon.png")}">' in page
        assert '<meta name="apple-mobile-web-app-title" content="Ruqsat">' in page
        assert '<meta name="mobile-web-app-capable" content="yes">' in page


def test_the_csp_allows_the_manifest_and_the_worker_from_the_site_only(client):
    policy = client.get("/accounts/login/")["Content-Security-Policy"]
    directives = {part.strip().split(" ", 1)[0]: part.strip() for part in policy.split(";")}
    assert directives["manifest-src"] == "manifest-src 'self'"
    assert directives["worker-src"] == "worker-src 'self'"


# --- the service worker ------------------------------------------------------------------------------


def test_the_worker_is_served_from_the_root_as_javascript_and_always_checked_again(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert "no-cache" in directives and "no-store" not in directives and "max-age" not in response["Cache-Control"]
    assert "Service-Worker-Allowed" not in response  # its place at / already gives it the whole site


def test_only_logged_in_pages_register_the_worker(client):
    register = f'<script src="{static("js/register-service-worker.js")}" data-worker-url="/sw.js?lang=en"></script>'
    assert register not in client.get("/accounts/login/").content.decode()
    client.force_login(UserFactory())
    assert register in client.get("/").content.decode()


def precache_list(script: str) -> list[str]:
    return json.loads(re.search(r"^const PRECACHE_URLS = (.*);$", script, re.MULTILINE).group(1))


def test_the_worker_stores_the_offline_page_and_its_static_files_only(client):
    script = client.get("/sw.js").content.decode()
    urls = precache_list(script)
    assert urls[0] == "/offline/"
    assert all(url.startswith(settings.STATIC_URL) and "?" not in url for url in urls[1:])
    # Each exists, and the offline page asks for nothing else from the network.
    for url in urls[1:]:
        static_file(url)
    offline_page = client.get("/offline/").content.decode()
    asked_for = set(re.findall(r'(?:src|href)="(/[^"]*)"', offline_page))
    assert asked_for - {"/", "/public/refusals/"} == set(urls[1:])
    assert "<script" not in offline_page and 'rel="manifest"' not in offline_page


def test_the_worker_source_writes_to_a_cache_only_when_installing_the_precache_list():
    """The rule a seized phone depends on, read from the source: the only write into Cache Storage is
    addAll of the requests made from PRECACHE_URLS, in the install handler."""
    source = WORKER_TEMPLATE.read_text(encoding="utf-8")
    code = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith("//"))
    assert not re.search(r"\.put\s*\(", code), "the worker puts a response into a cache"
    assert not re.search(r"\.add\s*\(", code), "the worker adds a URL to a cache"
    writes = re.findall(r"\.addAll\s*\(([^)]*)\)", code)
    assert writes == ["requests"]
    assert re.search(r"const requests = PRECACHE_URLS\.map\(\(url\) => new Request\(url, \{[^}]*\}\)\);", code)
    install = code.split('addEventListener("install"', 1)[1].split("addEventListener(", 1)[0]
    assert "cache.addAll(requests)" in install
    # No other storage either.
    for other in ("indexedDB", "localStorage", "sessionStorage", "importScripts"):
        assert other not in code


def test_the_worker_leaves_every_request_but_gets_alone():
    source = WORKER_TEMPLATE.read_text(encoding="utf-8")
    fetch_handler = source.split('addEventListener("fetch"', 1)[1]
    first_statements = fetch_handler.split("event.respondWith", 1)[0]
    assert 'if (request.method !== "GET") return;' in first_statements


def test_the_worker_is_the_same_for_a_stranger_and_for_a_member(client):
    anonymous = client.get("/sw.js", HTTP_ACCEPT_LANGUAGE="ru").content
    member = UserFactory(username="asel", first_name="Әсел", language="ru")
    client.force_login(member)
    assert client.get("/sw.js").content == anonymous


def cache_name(script: bytes) -> str:
    return re.search(r'^const CACHE_NAME = "(ruqsat-offline-[0-9a-f]{16})";$', script.decode(), re.MULTILINE).group(1)


def test_another_language_is_another_worker_version(client):
    """A page registers /sw.js?lang=<its language>: another language, another worker, which fetches
    the offline page again."""
    languages = ("en", "ru", "kk")
    by_language = {language: cache_name(client.get(f"/sw.js?lang={language}").content) for language in languages}
    assert len(set(by_language.values())) == 3
    assert cache_name(client.get("/sw.js?lang=ru").content) == by_language["ru"]
    # Without the parameter, the request's own language.
    assert cache_name(client.get("/sw.js", HTTP_ACCEPT_LANGUAGE="kk").content) == by_language["kk"]


def test_a_language_that_is_not_ours_is_ignored(client):
    plain = client.get("/sw.js").content
    for bad in ("de", "<script>alert(1)</script>", "", "ru&lang=kk", "RU"):
        response = client.get("/sw.js", {"lang": bad})
        assert response.status_code == 200 and response.content == plain, bad
    assert client.get("/sw.js", {"lang": "ru\x00"}).status_code == 400  # config.bad_input, as everywhere


def test_only_get_and_head_are_answered(client):
    for url in ("/manifest.webmanifest", "/sw.js", "/offline/"):
        assert client.post(url).status_code == 405
        assert client.head(url).status_code == 200


# --- the offline page --------------------------------------------------------------------------------


def test_the_offline_page_says_what_happened_and_offers_to_try_again(client):
    response = client.get("/offline/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "You are offline" in page
    assert "Nothing of your group's is kept on this device" in page
    assert '<a class="btn btn-primary" href="">Try again</a>' in page
    # The worker's copy is the only one: the browser's HTTP cache keeps none, as for every page.
    assert "no-store" in response["Cache-Control"]


def test_the_offline_page_is_in_the_visitors_language(client):
    assert '<html lang="ru">' in client.get("/offline/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    client.force_login(UserFactory(language="kk"))
    assert '<html lang="kk">' in client.get("/offline/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()


def test_the_offline_page_shows_nothing_of_the_logged_in_person(client, world):
    anonymous = client.get("/offline/").content
    client.force_login(world.coordinator)
    page = client.get("/offline/").content
    # Byte for byte what a stranger gets: no name, no menu, no log-out form, no CSRF token.
    assert page == anonymous
    text = page.decode()
    for private in ("asel", world.coordinator.first_name, "Feminita", "csrfmiddlewaretoken", "Log out"):
        assert private not in text


def test_a_query_string_changes_nothing_the_worker_stores(client):
    """An attacker's link to /offline/?name=… is answered with the same page, and the worker stores
    only the fixed list (the browser test checks that the link adds no entry)."""
    assert client.get("/offline/?q=<script>alert(1)</script>").content == client.get("/offline/").content
    assert pwa.precache_urls() == ["/offline/", *(static(path) for path in pwa.OFFLINE_PAGE_STATIC)]


# --- two-factor --------------------------------------------------------------------------------------


def test_a_member_held_by_two_factor_still_gets_the_three_files(client, world):
    world.lead.require_two_factor = True
    world.lead.save()
    client.force_login(world.member)
    assert client.get("/").status_code == 302  # the rest of the site waits for the authenticator
    for url in ("/manifest.webmanifest", "/sw.js", "/offline/"):
        assert client.get(url).status_code == 200, url
