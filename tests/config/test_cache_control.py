"""A seized phone's browser cache holds no page: every answer Django makes carries
`Cache-Control: no-store` (config.cache_control.NoStoreMiddleware) — signed-in pages, API replies by
session or token, downloads, the Word export, the calendar feed, the log-in and sign-up pages, error
pages. Static files keep their caching."""

import pytest
from django.core.files.base import ContentFile
from django.http import HttpResponse
from django.urls import path, reverse

from appeals.services import appeal_open
from config import urls as site_urls
from permits.models import Document
from tests.appeals.conftest import almaty_march, refuse

pytestmark = pytest.mark.django_db


def assert_not_stored(response, what):
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    assert "no-store" in directives, f"{what}: Cache-Control is {response.get('Cache-Control')!r}"
    assert "public" not in directives, what


@pytest.fixture
def document(world):
    document = Document(
        application=world.application, kind="filing", title="Filing", content_type="application/pdf", size=9
    )
    document.file.save("x.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    return document


@pytest.fixture
def appeal(world):
    decision = refuse(almaty_march(world), by=world.coordinator)
    return appeal_open(decision=decision, venue="higher_authority", by=world.coordinator, language="en")


def test_pages_for_a_signed_in_person_are_not_stored(client, world, document, appeal):
    client.force_login(world.coordinator)
    pages = {
        "dashboard": reverse("dashboard"),
        "application page": reverse("permits:application_detail", args=[world.application.pk]),
        "appeal workspace": reverse("appeals:workspace", args=[appeal.pk]),
        "document download": reverse("permits:document_file", args=[document.pk]),
        "draft.docx": reverse("appeals:draft_docx", args=[appeal.pk]),
        "profile": reverse("profile"),
        "a page that does not exist": "/no-such-page/",
    }
    for what, url in pages.items():
        response = client.get(url)
        assert response.status_code in (200, 404), (what, response.status_code)
        assert_not_stored(response, what)


def test_api_replies_are_not_stored_whether_by_session_or_by_token(client, api_client, world, document, appeal):
    key = world.coordinator.issue_api_token()
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    replies = {
        "API list": api_client.get("/api/v1/applications/"),
        "API object": api_client.get(f"/api/v1/applications/{world.application.pk}/"),
        "API download": api_client.get(f"/api/v1/documents/{document.pk}/file"),
        "API draft.docx": api_client.get(f"/api/v1/appeals/{appeal.pk}/draft.docx"),
    }
    api_client.credentials()
    replies["API without credentials"] = api_client.get("/api/v1/applications/")
    client.force_login(world.coordinator)
    replies["API by session"] = client.get("/api/v1/applications/")
    for what, response in replies.items():
        assert response.status_code == (401 if "without" in what else 200), (what, response.status_code)
        assert_not_stored(response, what)


def test_the_calendar_feed_is_not_stored(client, world):
    response = client.get(reverse("reminders:calendar_feed", args=[world.member.calendar_token]))
    assert response.status_code == 200
    assert_not_stored(response, "calendar feed")


@pytest.mark.parametrize("url_name", ["account_login", "account_signup", "account_reset_password"])
def test_the_entrance_pages_are_not_stored(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert_not_stored(response, url_name)


def test_a_redirect_to_log_in_is_not_stored(client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert_not_stored(response, "redirect")


def test_static_files_keep_their_caching(client):
    response = client.get("/static/css/ruqsat.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert "max-age" in response["Cache-Control"]


def test_the_favicon_redirect_stays_publicly_cacheable(client):
    response = client.get("/favicon.ico")
    assert "public" in response["Cache-Control"] and "no-store" not in response["Cache-Control"]


# --- a server error's page, too ------------------------------------------------------------------


def _broken_view(request):
    raise RuntimeError("a bug")


def _personal_view(request):
    return HttpResponse("personal", headers={"Cache-Control": "max-age=3600"})


# The site's own routes too: the middleware reverses some of them.
urlpatterns = [path("broken/", _broken_view), path("personal/", _personal_view), *site_urls.urlpatterns]


@pytest.mark.expected_error_log("django.request")
@pytest.mark.urls(__name__)
def test_a_server_errors_page_is_not_stored(client):
    client.raise_request_exception = False
    response = client.get("/broken/")
    assert response.status_code == 500
    assert_not_stored(response, "500")


@pytest.mark.urls(__name__)
def test_a_view_asking_for_private_caching_is_overruled(client):
    response = client.get("/personal/")
    assert_not_stored(response, "max-age view")
