"""/api/schema/ is a valid OpenAPI 3 document that documents the errors; /api/docs/ loads nothing
from outside Ruqsat."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_the_schema_is_valid_and_generates_without_warnings(tmp_path):
    # --fail-on-warn: a view whose types the generator has to guess fails here, not for a client.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))


def test_the_schema_documents_400_and_404_where_they_happen(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    paths = schema["paths"]
    detail = paths["/api/v1/applications/{id}/"]
    assert {"400", "401", "403", "404"} <= set(detail["patch"]["responses"])
    assert {"401", "404"} <= set(detail["get"]["responses"])
    assert "put" not in detail
    assert "400" in paths["/api/v1/applications/{application_pk}/decisions/"]["post"]["responses"]
    assert "400" in paths["/api/v1/applications/"]["get"]["responses"]  # unknown ?status=
    assert "404" in paths["/api/v1/documents/{id}/file"]["get"]["responses"]
    application = schema["components"]["schemas"]["Application"]["properties"]
    assert application["status"]["readOnly"] is True


def test_the_docs_page_loads_only_ruqsat_s_own_files(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls, html
    for url in urls:
        assert url.startswith("/"), url
        assert not url.startswith("//"), url
        if url.startswith("/static/"):
            assert finders.find(url.removeprefix("/static/")), url
    assert "cdn" not in html.lower()
    assert "<script>" not in html  # the init script is a file of its own (a CSP forbids inline ones)
    script = next(url for url in urls if "script" in url and "static" not in url)
    init = client.get(script)
    assert init.status_code == 200
    assert "cdn" not in init.content.decode().lower()
