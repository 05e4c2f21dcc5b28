"""Issue 7 "done when": the security headers are on every page — not only the log-in page, but
pages of each kind a member opens over HTTPS: a signed-in page, a form sent back with errors, an
object's page, a download, the API's JSON (success and refusal), a 404 and a redirect. Issue 12
adds `Cache-Control: no-store` to each (tests/config/test_cache_control.py has the rest)."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from permits.models import Document

pytestmark = pytest.mark.django_db

HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def assert_protected(response, what):
    for name, value in HEADERS.items():
        assert response.get(name) == value, f"{what}: {name} is {response.get(name)!r}"
    hsts = response.get("Strict-Transport-Security", "")
    assert "max-age=31536000" in hsts and "includeSubDomains" in hsts, f"{what}: HSTS is {hsts!r}"
    policy = response.get("Content-Security-Policy", "")
    assert "script-src 'self'" in policy and "style-src 'self'" in policy, f"{what}: CSP is {policy!r}"
    assert "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy, f"{what}: CSP is {policy!r}"
    cache_control = response.get("Cache-Control", "")
    assert "no-store" in cache_control, f"{what}: Cache-Control is {cache_control!r}"


@pytest.fixture
def document(world):
    document = Document(
        application=world.application, kind="filing", title="Filing", content_type="application/pdf", size=9
    )
    document.file.save("x.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    return document


def test_every_kind_of_page_carries_the_security_headers_over_https(client, api_client, world, document):
    application = world.application
    client.force_login(world.member)
    pages = {
        "dashboard": client.get(reverse("dashboard"), secure=True),
        "applications list": client.get(reverse("permits:application_list"), secure=True),
        "application page": client.get(reverse("permits:application_detail", args=[application.pk]), secure=True),
        "history": client.get(reverse("audit:application_history", args=[application.pk]), secure=True),
        "form sent back with errors": client.post(reverse("permits:application_create"), {"title": ""}, secure=True),
        "download": client.get(reverse("permits:document_file", args=[document.pk]), secure=True),
        "not found": client.get("/no-such-page/", secure=True),
        "another group's application": client.get(
            reverse("permits:application_detail", args=[application.pk + 1000]), secure=True
        ),
        "profile": client.get(reverse("profile"), secure=True),
    }
    api_client.force_authenticate(world.member)
    pages["API list"] = api_client.get("/api/v1/applications/", secure=True)
    pages["API download"] = api_client.get(f"/api/v1/documents/{document.pk}/file", secure=True)
    api_client.force_authenticate(None)
    pages["API without credentials"] = api_client.get("/api/v1/applications/", secure=True)
    client.logout()
    pages["anonymous redirect to log in"] = client.get(reverse("dashboard"), secure=True)
    pages["log-in page"] = client.get(reverse("account_login"), secure=True)

    expected = {
        "form sent back with errors": 200,
        "not found": 404,
        "another group's application": 404,
        "API without credentials": 401,
        "anonymous redirect to log in": 302,
    }
    for what, response in pages.items():
        assert response.status_code == expected.get(what, 200), (what, response.status_code)
        assert_protected(response, what)
