"""The Russian and Kazakh catalogues, compiled from locale/*.po and locale_vendor/*.po for this test run.

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


def catalogue_source(language: str, tree: str = "locale") -> Path:
    return Path(django_settings.BASE_DIR) / tree / language / "LC_MESSAGES" / "django.po"


def compile_tree(msgfmt: str, tree: str, root: Path) -> Path:
    for language in LANGUAGES:
        source = catalogue_source(language, tree)
        if not source.exists():
            continue
        target = root / language / "LC_MESSAGES"
        target.mkdir(parents=True)
        subprocess.run([msgfmt, "--check-format", "-o", str(target / "django.mo"), str(source)], check=True)
    return root


def require_msgfmt() -> str:
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        from tests.conftest import require_service

        require_service("msgfmt (GNU gettext) compiles the catalogues")
    return msgfmt


@pytest.fixture(scope="session")
def compiled_locale(tmp_path_factory) -> Path:
    return compile_tree(require_msgfmt(), "locale", tmp_path_factory.mktemp("locale"))


@pytest.fixture(scope="session")
def compiled_vendor_locale(tmp_path_factory) -> Path:
    """allauth's and Django's strings in Kazakh (settings.LOCALE_PATHS, README "Translations")."""
    return compile_tree(require_msgfmt(), "locale_vendor", tmp_path_factory.mktemp("locale_vendor"))


@pytest.fixture(autouse=True)
def _compiled_catalogues(compiled_locale, compiled_vendor_locale, settings):
    # Changing LOCALE_PATHS makes Django drop the translations it has loaded (django.test.signals).
    # In the order of settings.LOCALE_PATHS: the first wins.
    settings.LOCALE_PATHS = [compiled_locale, compiled_vendor_locale]
