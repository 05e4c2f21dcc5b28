"""English: one style with the sentences Ruqsat writes (config.formats.compact_date) — "7 Dec 2026",
"7 Dec 2026, 14:00" — instead of Django's "Dec. 7, 2026" and "March 31, 2027, 2 p.m." beside them
(issue 13 §8). Day before month everywhere, short formats too: readers in Kazakhstan write dates
day-first, and "03/08/2022" reads both ways. A 24-hour clock, as in Russian and Kazakh. Input formats
stay Django's: date inputs send ISO."""

DATE_FORMAT = "j M Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j M Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j M"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
