"""The Russian and Kazakh catalogues, compiled from locale/*.po for this test run.

The .mo files are build output (git ignores them; `make messages` writes them before `make test`),
so a plain `pytest tests/i18n` would otherwise test whatever was compiled last, or nothing at all
and every page in English. Here msgfmt compiles the current .po files into a temporary directory
that LOCALE_PATHS points at; locale/ itself is left alone. Like compilemessages, msgfmt leaves
fuzzy entries out: a fuzzy translation is not a translation."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings as django_settings

LANGUAGES = ("ru", "kk")


def catalogue_source(language: str) -> Path:
    return Path(django_settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"


@pytest.fixture(scope="session")
def compiled_locale(tmp_path_factory) -> Path:
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        from tests.conftest import require_service

        require_service("msgfmt (GNU gettext) compiles the catalogues")
    root = tmp_path_factory.mktemp("locale")
    for language in LANGUAGES:
        target = root / language / "LC_MESSAGES"
        target.mkdir(parents=True)
        subprocess.run(
            [msgfmt, "--check-format", "-o", str(target / "django.mo"), str(catalogue_source(language))], check=True
        )
    return root


@pytest.fixture(autouse=True)
def _compiled_catalogues(compiled_locale, settings):
    # Changing LOCALE_PATHS makes Django drop the translations it has loaded (django.test.signals).
    settings.LOCALE_PATHS = [compiled_locale]
