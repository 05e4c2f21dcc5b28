"""The catalogues compile without GNU gettext (issue 13 §8: `make run` needs Python and make only):
config/catalogues.py writes .mo files Python's gettext reads as msgfmt's, and counts what
messages-check needs without msgattrib."""

import gettext
import shutil

import polib

from config.catalogues import (
    LOCALE,
    VENDOR_LOCALE,
    compile_catalogue,
    main,
    missing_entries,
    shipped_msgids,
    stale_entries,
)


def test_the_russian_catalogue_compiled_in_python_translates_every_entry(tmp_path):
    po_path = tmp_path / "django.po"
    shutil.copy(LOCALE / "ru" / "LC_MESSAGES" / "django.po", po_path)
    with compile_catalogue(po_path).open("rb") as mo:
        translations = gettext.GNUTranslations(mo)
    checked = 0
    for entry in polib.pofile(str(po_path)):
        if entry.obsolete or "fuzzy" in entry.flags or not entry.msgstr or entry.msgid_plural:
            continue
        if entry.msgctxt:
            assert translations.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr
        else:
            assert translations.gettext(entry.msgid) == entry.msgstr
        checked += 1
    assert checked > 500


def test_plural_forms_survive(tmp_path):
    po_path = tmp_path / "django.po"
    shutil.copy(LOCALE / "ru" / "LC_MESSAGES" / "django.po", po_path)
    with compile_catalogue(po_path).open("rb") as mo:
        translations = gettext.GNUTranslations(mo)
    entry = next(e for e in polib.pofile(str(po_path)) if e.msgid == "%(counter)s day overdue")
    assert translations.ngettext(entry.msgid, entry.msgid_plural, 5) == entry.msgstr_plural[2]


def test_untranslated_and_fuzzy_entries_are_counted(tmp_path):
    po_path = tmp_path / "django.po"
    po_path.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Done"\nmsgstr "Готово"\n\nmsgid "Missing"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Guessed"\nmsgstr "Угадано"\n\n#~ msgid "Gone"\n#~ msgstr ""\n',
        encoding="utf-8",
    )
    assert missing_entries(po_path) == (1, 1)


def test_the_shipped_catalogues_pass_the_check():
    assert main(["check"]) == 0


def test_the_vendor_kazakh_catalogue_compiled_in_python_translates_allauths_pages(tmp_path):
    po_path = tmp_path / "django.po"
    shutil.copy(VENDOR_LOCALE / "kk" / "LC_MESSAGES" / "django.po", po_path)
    with compile_catalogue(po_path).open("rb") as mo:
        translations = gettext.GNUTranslations(mo)
    assert translations.gettext("Sign In") == "Кіру"
    assert translations.pgettext("field label", "Login") == "Логин"


def test_a_vendor_entry_that_no_installed_package_has_is_named(tmp_path):
    po_path = tmp_path / "django.po"
    po_path.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Sign In"\nmsgstr "Кіру"\n\nmsgid "Sign In Now"\nmsgstr "Қазір кіру"\n',
        encoding="utf-8",
    )
    assert stale_entries(po_path, shipped_msgids()) == ["Sign In Now"]
