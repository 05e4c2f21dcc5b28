import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_every_page_carries_a_csp_without_inline_script_or_style(client):
    response = client.get("/accounts/login/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_the_api_docs_page_has_no_inline_script_and_loads_nothing_from_another_origin(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("docs-reader", password="x" * 16))
    html = client.get("/api/docs/").content.decode()
    assert "<script>" not in html and "<style>" not in html
    assert "http://" not in html.replace("http://testserver", "") and "https://" not in html


def test_check_deploy_passes_under_production_settings(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": "a-long-random-production-secret-" + "k3y" * 12,
        "ALLOWED_HOSTS": "ruqsat.example.org",
        "CSRF_TRUSTED_ORIGINS": "https://ruqsat.example.org",
        "RUQSAT_VAR_DIR": str(tmp_path),
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests' conftest; check --deploy warns on it
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
