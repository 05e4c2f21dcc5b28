"""The site's icon: every page links it, and a browser's own request for /favicon.ico finds it
instead of a 404 on the first visit."""

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static

pytestmark = pytest.mark.django_db


def test_favicon_ico_leads_to_the_static_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == static("img/favicon.svg")
    assert "max-age=86400" in response["Cache-Control"]
    served = client.get(response["Location"])
    assert served.status_code == 200 and served["Content-Type"].startswith("image/svg+xml")
    icon = finders.find("img/favicon.svg")
    with open(icon, encoding="utf-8") as svg:
        text = svg.read()
    assert text.lstrip().startswith("<svg") and "<script" not in text


def test_pages_link_the_icon(client):
    page = client.get("/accounts/login/").content.decode()
    assert f'<link rel="icon" href="{static("img/favicon.svg")}" type="image/svg+xml">' in page
