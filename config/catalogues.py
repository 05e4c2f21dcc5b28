"""Translation catalogues without GNU gettext (README: `make run` needs Python and make only).

    python -m config.catalogues compile   # every locale*/*/LC_MESSAGES/*.po → .mo (what msgfmt does)
    python -m config.catalogues check     # untranslated or fuzzy entries in ru and kk (what msgattrib counts)

Two trees (settings.LOCALE_PATHS): locale/ holds Ruqsat's own strings, extracted by makemessages;
locale_vendor/ holds, by hand, the Kazakh (and any missing Russian) of allauth's and Django's strings
that Ruqsat's pages show. The check also names a vendor entry that no installed package has any more
(an upgrade renamed it): it would translate nothing.

The Makefile uses msgfmt / Django's compilemessages when they are installed, and this otherwise.
Extracting strings (makemessages, in `make messages-check`) still needs xgettext: a developer's task."""

from __future__ import annotations

import sys
from pathlib import Path

import polib

BASE_DIR = Path(__file__).resolve().parent.parent
LOCALE = BASE_DIR / "locale"
VENDOR_LOCALE = BASE_DIR / "locale_vendor"
CATALOGUE_ROOTS = (LOCALE, VENDOR_LOCALE)
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


def shipped_msgids() -> set[tuple[str | None, str]]:
    """(context, msgid) of every string allauth and Django ship, read from their English catalogues."""
    import allauth
    import django

    msgids = set()
    for package in (allauth, django):
        for po_path in Path(package.__file__).parent.glob("**/locale/en/LC_MESSAGES/django.po"):
            msgids.update((entry.msgctxt, entry.msgid) for entry in polib.pofile(str(po_path)))
    return msgids


def stale_entries(po_path: Path, shipped: set[tuple[str | None, str]]) -> list[str]:
    """Msgids of a vendor catalogue that no installed package has."""
    catalogue = polib.pofile(str(po_path))
    return [entry.msgid for entry in catalogue if not entry.obsolete and (entry.msgctxt, entry.msgid) not in shipped]


def main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    if command == "compile":
        for root in CATALOGUE_ROOTS:
            for po_path in sorted(root.glob("*/LC_MESSAGES/*.po")):
                compile_catalogue(po_path)
        return 0
    if command == "check":
        status = 0
        shipped = shipped_msgids()
        for root in CATALOGUE_ROOTS:
            for language in CHECKED:
                po_path = root / language / "LC_MESSAGES" / "django.po"
                if root == VENDOR_LOCALE and not po_path.exists():
                    continue  # nothing of the packages' own catalogue is missing in this language
                untranslated, fuzzy = missing_entries(po_path)
                if untranslated or fuzzy:
                    print(f"{po_path.relative_to(BASE_DIR)}: {untranslated} untranslated, {fuzzy} fuzzy")
                    status = 1
                if root == VENDOR_LOCALE:
                    for msgid in stale_entries(po_path, shipped):
                        print(f"{po_path.relative_to(BASE_DIR)}: no installed package has {msgid!r}")
                        status = 1
        return status
    print("usage: python -m config.catalogues compile|check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
