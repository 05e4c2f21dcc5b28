"""Translation catalogues without GNU gettext (README: `make run` needs Python and make only).

    python -m config.catalogues compile   # every locale/*/LC_MESSAGES/*.po → .mo (what msgfmt does)
    python -m config.catalogues check     # untranslated or fuzzy entries in ru and kk (what msgattrib counts)

The Makefile uses msgfmt / Django's compilemessages when they are installed, and this otherwise.
Extracting strings (makemessages, in `make messages-check`) still needs xgettext: a developer's task."""

from __future__ import annotations

import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "locale"
CHECKED = ("ru", "kk")


def compile_catalogue(po_path: Path) -> Path:
    """Write the .mo beside the .po. Fuzzy entries are left out, as msgfmt does without --use-fuzzy."""
    catalogue = polib.pofile(str(po_path))
    mo_path = po_path.with_suffix(".mo")
    catalogue.save_as_mofile(str(mo_path))
    return mo_path


def missing_entries(po_path: Path) -> tuple[int, int]:
    """(untranslated, fuzzy) entries, obsolete ones left out."""
    catalogue = polib.pofile(str(po_path))
    live = [entry for entry in catalogue if not entry.obsolete]
    untranslated = sum(1 for entry in live if not entry.translated() and "fuzzy" not in entry.flags)
    fuzzy = sum(1 for entry in live if "fuzzy" in entry.flags)
    return untranslated, fuzzy


def main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    if command == "compile":
        for po_path in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")):
            compile_catalogue(po_path)
        return 0
    if command == "check":
        status = 0
        for language in CHECKED:
            po_path = LOCALE / language / "LC_MESSAGES" / "django.po"
            untranslated, fuzzy = missing_entries(po_path)
            if untranslated or fuzzy:
                print(f"{po_path.relative_to(LOCALE.parent)}: {untranslated} untranslated, {fuzzy} fuzzy")
                status = 1
        return status
    print("usage: python -m config.catalogues compile|check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
