"""How a deadline's date was computed, in words a person can check against a calendar.

A Deadline stores its computation as plain JSON (`planning.computation_data`); `describe_computation`
renders it when read, in the reader's language, so the record never depends on who planned it.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from config.formats import compact_date as _date
from permits import workdays
from permits.holiday_names import holiday_name
from permits.models.rules import CountedFrom

DISCLAIMER = _("Computed by Ruqsat from the rule shown. Check this date against the current law.")


def _date_list(days: list[dt.date]) -> str:
    """ "17, 18, 19, 22 Nov 2021" — day numbers grouped by month, in the order given."""
    groups: list[list[dt.date]] = []
    for day in days:
        if groups and (groups[-1][-1].year, groups[-1][-1].month) == (day.year, day.month):
            groups[-1].append(day)
        else:
            groups.append([day])
    return ", ".join(
        ", ".join(str(day.day) for day in group[:-1]) + (", " if len(group) > 1 else "") + _date(group[-1])
        for group in groups
    )


# The holidays package names a decree transfer "Day off (substituted from MM/DD/YYYY)", a US date
# that a Kazakh reader would take for DD/MM.
_SUBSTITUTED = re.compile(r"^Day off \(substituted from (\d{2})/(\d{2})/(\d{4})\)$")


def _reason(why: str) -> str:
    if why == workdays.WEEKEND:
        return gettext("weekend")
    if match := _SUBSTITUTED.match(why):
        month, day, year = (int(part) for part in match.groups())
        return gettext("day off transferred from %(date)s") % {"date": _date(dt.date(year, month, day))}
    return holiday_name(why)  # the package's English name translated; an operator's note as typed


def _days_with_reasons(pairs) -> str:
    return "; ".join(f"{_date(dt.date.fromisoformat(day))} ({_reason(why)})" for day, why in pairs)


def describe_computation(data: dict) -> str:
    """The computation in words a person can check against a calendar, in the active language."""
    method = data.get("method")
    if method == "event":
        return gettext("The day the assembly is planned to take place.")
    if method == "manual":
        return gettext("Added by a person; not computed.")
    if method != "rule":
        return ""
    start = dt.date.fromisoformat(data["start"])
    period_end = dt.date.fromisoformat(data["period_end"])
    result = dt.date.fromisoformat(data["result"])
    count, unit, backward = data["count"], data["unit"], data["direction"] == workdays.BACKWARD
    origin = CountedFrom(data["counted_from"]).label
    sentences = []
    if data.get("start_fallback") == "decided_on":
        sentences.append(
            gettext(
                "The day the decision was received is not recorded, so the count starts from the date of the "
                "decision, the earliest it can be."
            )
        )
    params = {"count": count, "start": _date(start), "origin": origin, "end": _date(period_end)}
    if unit == workdays.WORKING_DAYS:
        counted = [dt.date.fromisoformat(day) for day in data.get("counted", [])]
        if backward:
            text = ngettext(
                "%(count)d working day counted backwards from the day before %(start)s (%(origin)s)",
                "%(count)d working days counted backwards from the day before %(start)s (%(origin)s)",
                count,
            )
        else:
            text = ngettext(
                "%(count)d working day counted from the day after %(start)s (%(origin)s)",
                "%(count)d working days counted from the day after %(start)s (%(origin)s)",
                count,
            )
        sentences.append(text % params + ": " + _date_list(counted) + ".")
        if data.get("skipped"):
            sentences.append(gettext("Not counted: %(days)s.") % {"days": _days_with_reasons(data["skipped"])})
    elif unit == workdays.CALENDAR_DAYS:
        text = (
            ngettext(
                "%(count)d calendar day before %(start)s (%(origin)s) is %(end)s.",
                "%(count)d calendar days before %(start)s (%(origin)s) is %(end)s.",
                count,
            )
            if backward
            else ngettext(
                "%(count)d calendar day from %(start)s (%(origin)s) ends on %(end)s.",
                "%(count)d calendar days from %(start)s (%(origin)s) end on %(end)s.",
                count,
            )
        )
        sentences.append(text % params)
    else:
        text = (
            ngettext(
                "%(count)d month before %(start)s (%(origin)s) is %(end)s.",
                "%(count)d months before %(start)s (%(origin)s) is %(end)s.",
                count,
            )
            if backward
            else ngettext(
                "%(count)d month from %(start)s (%(origin)s) ends on %(end)s, the same day number "
                "(or the month's last day).",
                "%(count)d months from %(start)s (%(origin)s) end on %(end)s, the same day number "
                "(or the month's last day).",
                count,
            )
        )
        sentences.append(text % params)
    if data.get("rolled_over"):
        passed = _days_with_reasons(data["rolled_over"][:1])
        if backward:
            sentences.append(
                gettext("%(day)s is not a working day, so it moves back to the working day before it.")
                % {"day": passed}
            )
        else:
            sentences.append(
                gettext("%(day)s is not a working day, so it moves to the next working day.") % {"day": passed}
            )
    label = gettext("Latest day: %(date)s.") if backward else gettext("Due: %(date)s.")
    sentences.append(label % {"date": _date(result)})
    return " ".join(sentences)
