"""Date and number formats Django does not ship (FORMAT_MODULE_PATH): Kazakh has none, so its pages
fell back to English order ("Nov. 26, 2021", "11/25/2026"), where 03/08 reads both ways; English
itself is day-first here (config/formats/en), one style with Russian and Kazakh."""

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
    """A date inside a sentence Ruqsat writes (a computation, a timeline entry), in the language's
    DATE_FORMAT, as pages show dates: "16 Dec 2021", "16 декабря 2021", "16 желтоқсан 2021"."""
    from django.utils import formats

    return formats.date_format(day, "DATE_FORMAT")
