"""The case a Kazakh date takes from its sentence, on the month's name: the one piece of a draft's
wording that a catalogue cannot hold, since gettext translates a whole message, not the ending a
word takes from the message around it. Pure, no Django.

"2021 жылғы 26 қарашада" (on), "…қарашадағы № 12" (of: a decision's date), "…қарашадан" (from),
"…қарашаға дейін" (until). The endings follow vowel harmony and the last sound (a voiceless end
takes т/к: "қыркүйекте"; м and н take н: "маусымнан"). Written out rather than derived, so each
form can be checked by someone who reads Kazakh. The nominative ("26 қараша") is the catalogue's
month name ("alt. month"), used as it is.
"""

CASES = ("on", "of", "from", "until")

MONTH_FORMS = {
    "on": (
        "қаңтарда",
        "ақпанда",
        "наурызда",
        "сәуірде",
        "мамырда",
        "маусымда",
        "шілдеде",
        "тамызда",
        "қыркүйекте",
        "қазанда",
        "қарашада",
        "желтоқсанда",
    ),
    "of": (
        "қаңтардағы",
        "ақпандағы",
        "наурыздағы",
        "сәуірдегі",
        "мамырдағы",
        "маусымдағы",
        "шілдедегі",
        "тамыздағы",
        "қыркүйектегі",
        "қазандағы",
        "қарашадағы",
        "желтоқсандағы",
    ),
    "from": (
        "қаңтардан",
        "ақпаннан",
        "наурыздан",
        "сәуірден",
        "мамырдан",
        "маусымнан",
        "шілдеден",
        "тамыздан",
        "қыркүйектен",
        "қазаннан",
        "қарашадан",
        "желтоқсаннан",
    ),
    "until": (
        "қаңтарға",
        "ақпанға",
        "наурызға",
        "сәуірге",
        "мамырға",
        "маусымға",
        "шілдеге",
        "тамызға",
        "қыркүйекке",
        "қазанға",
        "қарашаға",
        "желтоқсанға",
    ),
}


def month_in_case(month: int, case: str) -> str | None:
    """The month's name (1–12) in `case`; None for a case this table does not know (the date then
    keeps its nominative)."""
    forms = MONTH_FORMS.get(case)
    return forms[month - 1] if forms else None
