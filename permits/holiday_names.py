"""Public holidays' names in the reader's language.

A deadline's computation (Deadline.computation_data) records why a day was not counted as the
`holidays` package names it in English (permits.workdays builds its calendars in en_US), e.g.
"New Year's Day" or "Nowruz Holiday (observed)". The names are listed here with gettext_noop so that
makemessages extracts them, and `holiday_name` translates one when the computation is shown.

Kazakhstan, 2018–2030, as `holidays.country_holidays("KZ", years=range(2018, 2031),
language="en_US")` names them (tests/permits/test_deadline_languages_computation.py checks that the
list still covers the installed package). A name not listed here — another country's holiday, or the
note an operator typed on a CalendarOverride — is shown as it is.
"""

from django.utils.translation import gettext, gettext_noop

HOLIDAY_NAMES = frozenset(
    {
        # Translators: a public holiday in Kazakhstan (6 July), also called Astana Day.
        gettext_noop("Capital Day"),
        # Translators: a public holiday in Kazakhstan.
        gettext_noop("Constitution Day"),
        # Translators: a public holiday in Kazakhstan (7 May).
        gettext_noop("Defender of the Fatherland Day"),
        # Translators: a public holiday in Kazakhstan (Kurban Ait).
        gettext_noop("Eid al-Adha"),
        # Translators: a public holiday in Kazakhstan (1 December, until 2021).
        gettext_noop("First President Day"),
        # Translators: a public holiday in Kazakhstan (16 December).
        gettext_noop("Independence Day"),
        # Translators: a public holiday in Kazakhstan (8 March).
        gettext_noop("International Women's Day"),
        # Translators: a public holiday in Kazakhstan (1 May), the Day of Unity of the People of Kazakhstan.
        gettext_noop("Kazakhstan's People Solidarity Holiday"),
        # Translators: a public holiday in Kazakhstan (1–2 January).
        gettext_noop("New Year's Day"),
        # Translators: a public holiday in Kazakhstan (21–23 March), Nauryz.
        gettext_noop("Nowruz Holiday"),
        # Translators: a public holiday in Kazakhstan (7 January).
        gettext_noop("Orthodox Christmas"),
        # Translators: a public holiday in Kazakhstan (25 October).
        gettext_noop("Republic Day"),
        # Translators: a public holiday in Kazakhstan (9 May).
        gettext_noop("Victory Day"),
    }
)

# The package's labels for a day off that replaces a holiday falling on a weekend, and for an
# Islamic holiday whose date is computed rather than announced. Longest first.
SUFFIXES = (
    # Translators: %(holiday)s is a public holiday's name; this is the day off that replaces it when it
    # falls on a weekend, on a date computed in advance.
    (" (observed, estimated)", gettext_noop("%(holiday)s (observed, estimated)")),
    # Translators: %(holiday)s is a public holiday's name; this is the day off that replaces it when it
    # falls on a weekend (e.g. "New Year's Day (observed)" on the Monday after).
    (" (observed)", gettext_noop("%(holiday)s (observed)")),
    # Translators: %(holiday)s is a public holiday's name whose date is computed in advance and may
    # still be moved by the government (Eid al-Adha).
    (" (estimated)", gettext_noop("%(holiday)s (estimated)")),
)

# The package joins the names of two holidays on one day with "; ".
_SEPARATOR = "; "


def holiday_name(name: str) -> str:
    """`name` (a holiday as the package names it in English) in the active language; any other text
    unchanged."""
    if _SEPARATOR in name:
        return _SEPARATOR.join(holiday_name(part) for part in name.split(_SEPARATOR))
    if name in HOLIDAY_NAMES:
        return gettext(name)
    for suffix, pattern in SUFFIXES:
        base = name.removesuffix(suffix)
        if base != name and base in HOLIDAY_NAMES:
            return gettext(pattern) % {"holiday": gettext(base)}
    return name
