"""Date and number formats Django does not ship (FORMAT_MODULE_PATH): Kazakh has none, so its pages
fell back to English order ("Nov. 26, 2021", "11/25/2026"), where 03/08 reads both ways."""

from django.utils.translation import pgettext_lazy

# Django's "E" date format takes the month from these ("alt. month"): the form a month has inside a
# date. Django translates them for Russian (genitive: "26 ноября") but not for Kazakh, which writes
# a month lower-case inside a date ("26 қараша 2021"). Listed here so makemessages keeps them in
# our catalogues, which take precedence over Django's.
MONTHS_INSIDE_A_DATE = (
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
)


def compact_date(day) -> str:
    """A date inside a sentence Ruqsat writes (a computation, a timeline entry): "16 Dec 2021" in
    English, the language's own DATE_FORMAT otherwise ("16 декабря 2021", "16 желтоқсан 2021")
    — "j M Y" would give an abbreviated nominative month ("16 Дек 2021"), which neither writes."""
    from django.conf import settings
    from django.utils import formats, translation

    language = translation.get_language() or settings.LANGUAGE_CODE
    if language.split("-")[0] == "en":
        return formats.date_format(day, "j M Y")
    return formats.date_format(day, "DATE_FORMAT")
