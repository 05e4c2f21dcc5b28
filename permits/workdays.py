"""Working-day arithmetic for legal deadlines. Pure: no Django, no database.

A `WorkingCalendar` says which days are working days in one country (optionally one subdivision of
it): weekends and public holidays with their observed days are off, weekend days that a government
decree made working days are on — all as the `holidays` package knows them — and an operator's
corrections (`extra_holidays`, `extra_working_days`, from CalendarOverride rows) win over the package.

The functions below each implement one counting rule, named in their docstring. Which rule applies to
which deadline is data (permits.models.DeadlineRule); nothing here knows about any one country.
`compute_due_date` puts them together and returns the steps, so that the result can be explained in
words a person can check.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import holidays as holidays_package

CALENDAR_DAYS = "calendar_days"
WORKING_DAYS = "working_days"
MONTHS = "months"
UNITS = (CALENDAR_DAYS, WORKING_DAYS, MONTHS)

FORWARD = "forward"
BACKWARD = "backward"

WEEKEND = "weekend"  # the reason given for a plain weekend day

# No real calendar has ten years without a working day; a calendar that does is misconfigured
# (e.g. an override list gone wrong), and looping forever would hang the request.
_SEARCH_LIMIT_DAYS = 3660


class UnknownCountry(ValueError):
    """The `holidays` package has no calendar for this country or subdivision."""


class NoWorkingDay(ValueError):
    """No working day was found within ten years: the calendar is misconfigured."""


@lru_cache(maxsize=64)
def _package_calendar(country: str, subdivision: str, language: str):
    try:
        return holidays_package.country_holidays(country, subdiv=subdivision or None, language=language)
    except NotImplementedError as error:
        raise UnknownCountry(f"No public-holiday calendar is known for {country!r} {subdivision!r}.") from error


class WorkingCalendar:
    """Which days are working days in one jurisdiction.

    Rule: a day is a working day unless it is a weekend day or a public holiday (including the
    observed day that replaces a holiday falling on a weekend); a weekend day made a working day by
    decree is a working day. `extra_working_days` and `extra_holidays` (date → note) override all of
    that, for decrees the package does not know yet.
    """

    def __init__(
        self,
        country: str,
        subdivision: str = "",
        *,
        extra_holidays: Mapping[dt.date, str] | None = None,
        extra_working_days: Mapping[dt.date, str] | None = None,
        language: str = "en_US",
    ):
        self.country = country
        self.subdivision = subdivision or ""
        self.extra_holidays = dict(extra_holidays or {})
        self.extra_working_days = dict(extra_working_days or {})
        both = set(self.extra_holidays) & set(self.extra_working_days)
        if both:
            raise ValueError(f"A day cannot be both an extra holiday and an extra working day: {sorted(both)}")
        self._holidays = _package_calendar(country, self.subdivision, language)

    def __repr__(self):
        return f"WorkingCalendar({self.country!r}, {self.subdivision!r})"

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.extra_working_days:
            return True
        if day in self.extra_holidays:
            return False
        # HolidayBase.is_working_day: weekend days are off unless listed as decree working days;
        # other days are off when they are a holiday or an observed or transferred day off.
        return self._holidays.is_working_day(day)

    def reason_not_working(self, day: dt.date) -> str | None:
        """Why `day` is not a working day (the holiday's name, the override's note or WEEKEND),
        or None when it is one."""
        if self.is_working_day(day):
            return None
        if day in self.extra_holidays:
            return self.extra_holidays[day]
        return self._holidays.get(day) or WEEKEND


@dataclass(frozen=True)
class Computation:
    """The steps of one deadline computation, enough to explain it in words."""

    start: dt.date
    count: int
    unit: str
    direction: str
    period_end: dt.date  # where the count itself ends, before any roll to a working day
    result: dt.date
    counted: tuple[dt.date, ...] = ()  # the working days counted (working-day periods only)
    skipped: tuple[tuple[dt.date, str], ...] = ()  # days not counted inside the period, with why
    rolled_over: tuple[tuple[dt.date, str], ...] = ()  # non-working days passed when rolling

    @property
    def rolled(self) -> bool:
        return self.result != self.period_end


def _step(day: dt.date, direction: str) -> dt.date:
    return day + dt.timedelta(days=1 if direction == FORWARD else -1)


def _count_working_days(cal: WorkingCalendar, start: dt.date, n: int, direction: str):
    if n < 0:
        raise ValueError("The number of days cannot be negative.")
    counted, skipped = [], []
    day = start
    while len(counted) < n:
        day = _step(day, direction)
        if abs((day - start).days) > _SEARCH_LIMIT_DAYS + n:
            raise NoWorkingDay(f"No working day found near {start} in {cal!r}.")
        reason = cal.reason_not_working(day)
        if reason is None:
            counted.append(day)
        else:
            skipped.append((day, reason))
    return day, tuple(counted), tuple(skipped)


def add_working_days(cal: WorkingCalendar, start: dt.date, n: int) -> dt.date:
    """The n-th working day after `start`.

    Rule: a period "from" a date starts the next day, so counting begins with the day after
    `start`; each working day counts one, other days are passed over. The result is therefore
    always a working day (for n ≥ 1). n = 0 gives `start` itself.
    """
    return _count_working_days(cal, start, n, FORWARD)[0]


def subtract_working_days(cal: WorkingCalendar, end: dt.date, n: int) -> dt.date:
    """The n-th working day before `end`: the latest day that is still "no later than n working days
    before" `end`.

    Rule: count backwards beginning with the day before `end` (the event day itself never counts);
    the n-th working day reached is the result. Mirror image of `add_working_days`.
    """
    return _count_working_days(cal, end, n, BACKWARD)[0]


def working_days_from_to(cal: WorkingCalendar, first: dt.date, last: dt.date) -> int:
    """How many working days lie from `first` to `last`, both included; 0 when `last` is before
    `first`. Rule: the filing's "working days left" — today still counts when it is a working day,
    since the filing can be registered today; the last day to file counts too."""
    if last < first:
        return 0
    if (last - first).days > _SEARCH_LIMIT_DAYS:
        raise NoWorkingDay(f"{first}..{last} is longer than any filing window.")
    day, count = first, 0
    while day <= last:
        count += cal.is_working_day(day)
        day += dt.timedelta(days=1)
    return count


def add_calendar_days(start: dt.date, n: int) -> dt.date:
    """`start` plus n calendar days.

    Rule: counting begins the day after `start` and every day counts, so the period ends on
    start + n. (Whether the last day moves when it is not a working day is `roll_forward`'s job.)
    """
    return start + dt.timedelta(days=n)


def subtract_calendar_days(end: dt.date, n: int) -> dt.date:
    """`end` minus n calendar days (every day counts, the day before `end` being the first)."""
    return end - dt.timedelta(days=n)


def add_months(start: dt.date, n: int) -> dt.date:
    """The day n months after `start`.

    Rule: a period of months ends on the same day number in the last month; when that month is
    shorter and has no such day (31 → 30 April, 29–31 → February), on that month's last day.
    Negative n counts backwards with the same rule.
    """
    month_index = start.year * 12 + (start.month - 1) + n
    year, month = divmod(month_index, 12)
    month += 1
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise ValueError("The date is out of range.")
    return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def _roll(cal: WorkingCalendar, day: dt.date, direction: str) -> tuple[dt.date, tuple[tuple[dt.date, str], ...]]:
    passed = []
    current = day
    while (reason := cal.reason_not_working(current)) is not None:
        passed.append((current, reason))
        if len(passed) > _SEARCH_LIMIT_DAYS:
            raise NoWorkingDay(f"No working day found near {day} in {cal!r}.")
        current = _step(current, direction)
    return current, tuple(passed)


def roll_forward(cal: WorkingCalendar, day: dt.date) -> dt.date:
    """`day` if it is a working day, otherwise the next working day.

    Rule: a last day of a period that falls on a day off moves to the next working day.
    """
    return _roll(cal, day, FORWARD)[0]


def roll_back(cal: WorkingCalendar, day: dt.date) -> dt.date:
    """`day` if it is a working day, otherwise the working day before it.

    Used for periods counted backwards from an event ("no later than … before"): moving the last
    filing day earlier is the only direction that keeps the filing in time.
    """
    return _roll(cal, day, BACKWARD)[0]


def compute_due_date(
    cal: WorkingCalendar, start: dt.date, *, count: int, unit: str, direction: str = FORWARD, roll: bool = True
) -> Computation:
    """Apply one period rule to a starting date and return every step.

    - forward: the period runs from `start` (counting begins the next day) — `add_working_days`,
      `add_calendar_days` or `add_months`; with `roll`, a last day that is not a working day moves
      to the next working day (`roll_forward`).
    - backward: the period runs back from `start` (an event day) — `subtract_working_days`, or
      calendar days / months back; with `roll`, a day off moves to the working day before it
      (`roll_back`), the safe side.
    """
    if count <= 0:
        raise ValueError("A period must be at least one day or month long.")
    if unit not in UNITS:
        raise ValueError(f"Unknown unit {unit!r}.")
    if direction not in (FORWARD, BACKWARD):
        raise ValueError(f"Unknown direction {direction!r}.")
    counted: tuple[dt.date, ...] = ()
    skipped: tuple[tuple[dt.date, str], ...] = ()
    if unit == WORKING_DAYS:
        period_end, counted, skipped = _count_working_days(cal, start, count, direction)
    elif unit == CALENDAR_DAYS:
        period_end = add_calendar_days(start, count) if direction == FORWARD else subtract_calendar_days(start, count)
    else:
        period_end = add_months(start, count if direction == FORWARD else -count)
    result, rolled_over = period_end, ()
    if roll:
        result, rolled_over = _roll(cal, period_end, direction)
    return Computation(
        start=start,
        count=count,
        unit=unit,
        direction=direction,
        period_end=period_end,
        result=result,
        counted=counted,
        skipped=skipped,
        rolled_over=rolled_over,
    )
