"""Working-day arithmetic, checked against dates worked out by hand.

Every expected date below was counted on paper from the rule in the docstring of permits/workdays.py
and the official Kazakh production calendar (weekends; New Year 1–2 Jan; Orthodox Christmas 7 Jan and
Kurban Ait, which are not carried over; 8 March; Nauryz 21–23 March; 1, 7, 9 May; Capital Day 6 July;
Constitution Day 30 August; Republic Day 25 October from 2022; First President Day 1 December until
2021; Independence Day 16–17 December in 2021, 16 December from 2022; a holiday on a weekend moves to
the next working day; and the government's transfer decrees: 2021 Sat 3 Jul worked / Mon 5 Jul off;
2022 Sat 5 Mar / Mon 7 Mar, Sat 27 Aug / Mon 29 Aug, Sat 22 Oct / Mon 24 Oct; 2023 Sat 1 Jul / Fri
7 Jul; 2024 Sat 4 May / Wed 8 May; 2025 Sun 5 Jan / Fri 3 Jan). Weekdays are noted so a reader can
re-count."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from permits.workdays import (
    BACKWARD,
    CALENDAR_DAYS,
    MONTHS,
    WEEKEND,
    WORKING_DAYS,
    NoWorkingDay,
    UnknownCountry,
    WorkingCalendar,
    add_calendar_days,
    add_months,
    add_working_days,
    compute_due_date,
    roll_back,
    roll_forward,
    subtract_working_days,
)

D = dt.date
KZ = WorkingCalendar("KZ")


# --- n working days counted from the day after the start -------------------------------------
@pytest.mark.parametrize(
    ("start", "n", "expected", "why"),
    [
        # The Almaty case: registered Tue 16 Nov 2021; 17 W, 18 Th, 19 F, (20–21 weekend), 22 M, 23 T, 24 W, 25 Th.
        (D(2021, 11, 16), 7, D(2021, 11, 25), "approval regime answer, 7 working days"),
        (D(2021, 11, 16), 3, D(2021, 11, 19), "notification answer, 3 working days, no weekend inside"),
        (D(2021, 11, 19), 3, D(2021, 11, 24), "from a Friday: the weekend is passed over"),
        (D(2021, 11, 20), 1, D(2021, 11, 22), "from a Saturday: counting starts on Sunday, first working day Monday"),
        # 15 W (1), 16–17 Independence Day 2021, 18–19 weekend, 20 M (2), 21 T (3).
        (D(2021, 12, 14), 3, D(2021, 12, 21), "Independence Day 2021 is two days, 16 and 17 Dec"),
        (D(2022, 12, 15), 1, D(2022, 12, 19), "Independence Day Fri 16 Dec 2022, then the weekend"),
        # 16 Dec 2023 is a Saturday: observed on Mon 18 Dec.
        (D(2023, 12, 15), 1, D(2023, 12, 19), "Independence Day on a Saturday is observed on Monday"),
        (D(2022, 3, 18), 1, D(2022, 3, 24), "Nauryz Mon–Wed 21–23 Mar 2022"),
        # 21 Th, 22 F, 23 Sat Nauryz; observed Mon 25 Mar.
        (D(2024, 3, 20), 1, D(2024, 3, 26), "Nauryz 2024 reaching into the weekend, observed on Monday"),
        # 21 F Nauryz, 22–23 Nauryz on the weekend, observed Mon 24 and Tue 25; 26 W (1), 27 Th (2).
        (D(2025, 3, 20), 2, D(2025, 3, 27), "Nauryz 2025 with two observed days"),
        (D(2022, 3, 4), 1, D(2022, 3, 5), "Saturday 5 Mar 2022 was a working day by decree"),
        # 5 Sat (1), 6 Sun, 7 Mon off by the same decree, 8 Tue Women's Day, 9 W (2).
        (D(2022, 3, 4), 2, D(2022, 3, 9), "the transferred day off and 8 March are both passed over"),
        (D(2022, 3, 8), 1, D(2022, 3, 9), "starting on a holiday: the next day counts"),
        # 8 Mar 2025 is a Saturday: observed Mon 10 Mar.
        (D(2025, 3, 7), 1, D(2025, 3, 11), "8 March on a Saturday is observed on Monday"),
        (D(2021, 7, 2), 1, D(2021, 7, 3), "Saturday 3 Jul 2021 was a working day by decree"),
        # 3 Sat (1), 4 Sun, 5 Mon off by decree, 6 Tue Capital Day, 7 W (2).
        (D(2021, 7, 2), 2, D(2021, 7, 7), "transferred Monday and Capital Day passed over"),
        (D(2023, 6, 30), 1, D(2023, 7, 1), "Saturday 1 Jul 2023 was a working day by decree"),
        # 6 Th Capital Day, 7 F off by decree, 8–9 weekend.
        (D(2023, 7, 5), 1, D(2023, 7, 10), "Capital Day and the transferred Friday 7 Jul 2023"),
        (D(2024, 5, 3), 1, D(2024, 5, 4), "Saturday 4 May 2024 was a working day by decree"),
        # 7 T Defender's Day, 8 W off by decree, 9 Th Victory Day, 10 F (1), 11–12 weekend, 13 M (2).
        (D(2024, 5, 6), 2, D(2024, 5, 13), "three days off in a row in May 2024"),
        # 7 Sat Defender's Day, 8 Sun, 9 Mon Victory Day, 10 Tue observed for 7 May.
        (D(2022, 5, 6), 1, D(2022, 5, 11), "a May holiday on Saturday observed after Victory Day"),
        # 1–2 Jan holidays, 3 Fri off by decree, 4 Sat, 5 Sun worked by decree.
        (D(2024, 12, 31), 1, D(2025, 1, 5), "Sunday 5 Jan 2025 was a working day by decree"),
        (D(2024, 12, 31), 2, D(2025, 1, 6), "then Monday; Christmas Tue 7 Jan comes after"),
        (D(2025, 1, 6), 1, D(2025, 1, 8), "Orthodox Christmas Tue 7 Jan 2025 is a day off"),
        # 7 Jan 2024 is a Sunday: Christmas is not carried over, so Mon 8 Jan works.
        (D(2024, 1, 5), 1, D(2024, 1, 8), "Orthodox Christmas on a Sunday is not observed"),
        (D(2021, 7, 19), 1, D(2021, 7, 21), "Kurban Ait Tue 20 Jul 2021"),
        # 30–31 Dec weekend, 1–2 Jan 2024 (Mon–Tue) holidays.
        (D(2023, 12, 29), 1, D(2024, 1, 3), "over New Year 2024"),
        # 1 Jan Sat, 2 Sun, observed 3 Mon and 4 Tue, 5 W (1), 6 Th (2), 7 F Christmas, 8–9 weekend, 10 M (3).
        (D(2021, 12, 31), 3, D(2022, 1, 10), "New Year 2022 on the weekend, observed Mon and Tue"),
        (D(2021, 11, 30), 1, D(2021, 12, 2), "First President Day, 1 Dec 2021, still a holiday"),
        (D(2022, 11, 30), 1, D(2022, 12, 1), "1 Dec 2022: no longer a holiday"),
        (D(2022, 10, 21), 1, D(2022, 10, 22), "Saturday 22 Oct 2022 was a working day by decree"),
        # 22 Sat (1), 23 Sun, 24 Mon off by decree, 25 Tue Republic Day, 26 W (2).
        (D(2022, 10, 21), 2, D(2022, 10, 26), "Republic Day 2022 with the transferred Monday"),
        (D(2024, 2, 28), 1, D(2024, 2, 29), "29 February 2024 is a working Thursday"),
        (D(2024, 2, 28), 2, D(2024, 3, 1), "and the count runs on into March"),
        (D(2021, 11, 16), 0, D(2021, 11, 16), "zero days is the start itself"),
    ],
)
def test_working_days_are_counted_from_the_day_after_the_start(start, n, expected, why):
    assert add_working_days(KZ, start, n) == expected, why


# --- n working days before an event: the latest filing day -----------------------------------
@pytest.mark.parametrize(
    ("event_day", "n", "expected", "why"),
    [
        # Event Tue 8 Mar 2022. Back from 7 Mar: 7 Mon off, 6 Sun, 5 Sat worked (1), 4 F (2), 3 (3), 2 (4),
        # 1 Mar (5), 28 Feb (6), 27–26 weekend, 25 (7), 24 (8), 23 (9), 22 Feb (10).
        (D(2022, 3, 8), 10, D(2022, 2, 22), "a march on 8 March 2022, approval regime"),
        # Event Mon 20 Dec 2021. 19–18 weekend, 17–16 Independence Day, 15 (1), 14 (2), 13 (3), 12–11, 10 (4), 9 (5).
        (D(2021, 12, 20), 5, D(2021, 12, 9), "a picket after Independence Day 2021, notification regime"),
        # Event Tue 26 Mar 2024. 25 observed, 24–23 weekend, 22–21 Nauryz, 20 (1), 19 (2), 18 (3), 15 (4), 14 (5).
        (D(2024, 3, 26), 5, D(2024, 3, 14), "a picket right after Nauryz 2024"),
        (D(2021, 11, 29), 1, D(2021, 11, 26), "the event day itself never counts; Friday before a Monday"),
    ],
)
def test_latest_filing_day_is_the_nth_working_day_before_the_event(event_day, n, expected, why):
    assert subtract_working_days(KZ, event_day, n) == expected, why


# --- months and calendar days ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2021, 11, 26), 3, D(2022, 2, 26)),  # the Almaty refusal received 26 Nov 2021
        (D(2023, 11, 30), 3, D(2024, 2, 29)),  # February of a leap year: its last day is the 29th
        (D(2022, 11, 30), 3, D(2023, 2, 28)),  # February of a common year
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2024, 2, 29), 1, D(2024, 3, 29)),  # from the 29th: the same day number
        (D(2024, 2, 29), 12, D(2025, 2, 28)),  # a year after 29 Feb: 28 Feb
        (D(2021, 8, 31), 1, D(2021, 9, 30)),  # a 30-day month
        (D(2021, 12, 16), 1, D(2022, 1, 16)),  # across the year end
        (D(2022, 3, 31), -1, D(2022, 2, 28)),  # backwards with the same rule
    ],
)
def test_months_end_on_the_same_day_number_or_the_months_last_day(start, n, expected):
    assert add_months(start, n) == expected


@pytest.mark.parametrize(
    ("start", "months", "expected", "why"),
    [
        (D(2021, 11, 26), 3, D(2022, 2, 28), "Sat 26 Feb 2022 rolls to Mon 28 Feb: the Almaty appeal deadline"),
        (D(2021, 12, 16), 1, D(2022, 1, 17), "Sun 16 Jan 2022 rolls to Monday"),
        # Sat 1 Jan, Sun 2, observed Mon 3 and Tue 4 Jan 2022.
        (D(2021, 12, 1), 1, D(2022, 1, 5), "New Year 2022 and its observed days"),
        (D(2021, 12, 8), 3, D(2022, 3, 9), "a period ending on 8 March"),
        (D(2021, 12, 5), 3, D(2022, 3, 5), "ending on Saturday 5 Mar 2022, a working day by decree: no roll"),
        (D(2024, 11, 30), 3, D(2025, 2, 28), "a Friday: no roll"),
    ],
)
def test_a_period_of_months_ending_on_a_day_off_rolls_to_the_next_working_day(start, months, expected, why):
    assert compute_due_date(KZ, start, count=months, unit=MONTHS).result == expected, why


def test_calendar_days_count_every_day_and_roll_forward_at_the_end():
    assert add_calendar_days(D(2021, 11, 16), 10) == D(2021, 11, 26)
    computation = compute_due_date(KZ, D(2021, 11, 17), count=10, unit=CALENDAR_DAYS)
    assert computation.period_end == D(2021, 11, 27)  # a Saturday
    assert computation.result == D(2021, 11, 29)
    assert computation.rolled_over == ((D(2021, 11, 27), WEEKEND), (D(2021, 11, 28), WEEKEND))
    assert compute_due_date(KZ, D(2021, 11, 17), count=10, unit=CALENDAR_DAYS, roll=False).result == D(2021, 11, 27)


def test_roll_forward_passes_over_holidays_weekends_and_observed_days():
    # Thu 21 and Fri 22 Mar 2024 Nauryz, Sat 23 Nauryz, Sun 24, Mon 25 observed.
    assert roll_forward(KZ, D(2024, 3, 21)) == D(2024, 3, 26)
    assert roll_forward(KZ, D(2022, 3, 5)) == D(2022, 3, 5)  # a working Saturday stays
    assert roll_back(KZ, D(2022, 3, 8)) == D(2022, 3, 5)  # 8 Mar holiday, 7 off, 6 Sunday, 5 worked


def test_decree_transfers_are_known_for_both_days():
    assert KZ.is_working_day(D(2021, 7, 3))  # Saturday worked
    assert not KZ.is_working_day(D(2021, 7, 5))  # Monday off
    assert KZ.is_working_day(D(2022, 8, 27))
    assert not KZ.is_working_day(D(2022, 8, 29))
    assert not KZ.is_working_day(D(2021, 11, 20))
    assert KZ.reason_not_working(D(2021, 11, 20)) == WEEKEND
    assert KZ.reason_not_working(D(2022, 3, 22)) == "Nowruz Holiday"
    assert KZ.reason_not_working(D(2021, 11, 22)) is None


def test_the_computation_lists_the_days_it_counted_and_passed_over():
    computation = compute_due_date(KZ, D(2021, 11, 16), count=7, unit=WORKING_DAYS)
    assert computation.result == D(2021, 11, 25)
    assert computation.counted == (
        D(2021, 11, 17),
        D(2021, 11, 18),
        D(2021, 11, 19),
        D(2021, 11, 22),
        D(2021, 11, 23),
        D(2021, 11, 24),
        D(2021, 11, 25),
    )
    assert computation.skipped == ((D(2021, 11, 20), WEEKEND), (D(2021, 11, 21), WEEKEND))
    assert not computation.rolled


def test_backward_calendar_days_roll_back_to_a_working_day():
    # 10 calendar days before Mon 18 Mar 2024 is Fri 8 Mar (Women's Day): back to Thu 7 Mar.
    computation = compute_due_date(KZ, D(2024, 3, 18), count=10, unit=CALENDAR_DAYS, direction=BACKWARD)
    assert computation.period_end == D(2024, 3, 8)
    assert computation.result == D(2024, 3, 7)


# --- operator overrides, other countries, bad input ------------------------------------------
def test_operator_overrides_win_over_the_package():
    # Pretend a decree made Sun 21 Nov 2021 a working day and Mon 22 Nov a day off.
    cal = WorkingCalendar(
        "KZ",
        extra_working_days={D(2021, 11, 21): "Decree 123"},
        extra_holidays={D(2021, 11, 22): "Decree 123"},
    )
    assert add_working_days(cal, D(2021, 11, 19), 1) == D(2021, 11, 21)
    assert add_working_days(cal, D(2021, 11, 19), 2) == D(2021, 11, 23)
    assert cal.reason_not_working(D(2021, 11, 22)) == "Decree 123"


def test_a_day_cannot_be_both_an_extra_holiday_and_an_extra_working_day():
    with pytest.raises(ValueError, match="both"):
        WorkingCalendar("KZ", extra_working_days={D(2021, 1, 1): "x"}, extra_holidays={D(2021, 1, 1): "y"})


def test_a_german_subdivision_uses_its_own_holidays():
    bavaria = WorkingCalendar("DE", "BY")
    berlin = WorkingCalendar("DE", "BE")
    # Thu 30 May 2024 is Corpus Christi in Bavaria, not in Berlin.
    assert add_working_days(bavaria, D(2024, 5, 29), 1) == D(2024, 5, 31)
    assert add_working_days(berlin, D(2024, 5, 29), 1) == D(2024, 5, 30)


def test_an_unknown_country_is_refused_rather_than_treated_as_holiday_free():
    with pytest.raises(UnknownCountry):
        WorkingCalendar("XX")


def test_a_calendar_without_working_days_fails_loudly_instead_of_looping():
    start = D(2021, 1, 1)
    everything_off = {start + dt.timedelta(days=i): "strike" for i in range(1, 4000)}
    with pytest.raises(NoWorkingDay):
        add_working_days(WorkingCalendar("KZ", extra_holidays=everything_off), start, 1)


@pytest.mark.parametrize("count", [0, -1])
def test_a_period_must_be_positive(count):
    with pytest.raises(ValueError, match="at least one"):
        compute_due_date(KZ, D(2021, 11, 16), count=count, unit=WORKING_DAYS)


# --- properties --------------------------------------------------------------------------------
days = st.dates(min_value=D(2016, 1, 1), max_value=D(2028, 12, 31))
small = st.integers(min_value=0, max_value=40)
property_settings = settings(max_examples=150, deadline=None)


@property_settings
@given(days)
def test_a_rolled_forward_day_is_a_working_day_not_before_the_input(day):
    rolled = roll_forward(KZ, day)
    assert KZ.is_working_day(rolled)
    assert rolled >= day


@property_settings
@given(days, small)
def test_one_more_working_day_never_gives_an_earlier_date(start, n):
    assert add_working_days(KZ, start, n + 1) > add_working_days(KZ, start, n)


@property_settings
@given(days, st.integers(min_value=1, max_value=40), st.sampled_from([CALENDAR_DAYS, WORKING_DAYS, MONTHS]))
def test_a_due_date_never_precedes_the_start_and_is_a_working_day(start, n, unit):
    result = compute_due_date(KZ, start, count=n, unit=unit).result
    assert result > start
    assert KZ.is_working_day(result)


@property_settings
@given(days, st.integers(min_value=1, max_value=40))
def test_the_latest_filing_day_is_a_working_day_before_the_event(event_day, n):
    result = subtract_working_days(KZ, event_day, n)
    assert result < event_day
    assert KZ.is_working_day(result)


@property_settings
@given(days, st.integers(min_value=-30, max_value=30))
def test_months_never_go_backwards(start, n):
    assert add_months(start, n + 1) > add_months(start, n)


def test_working_days_from_to_counts_both_ends_and_skips_weekends_and_holidays():
    from permits.workdays import WorkingCalendar, working_days_from_to

    calendar = WorkingCalendar("KZ")
    # Friday 5 March 2021 to Wednesday 10 March: Saturday, Sunday and 8 March (a holiday) are off.
    assert working_days_from_to(calendar, dt.date(2021, 3, 5), dt.date(2021, 3, 10)) == 3
    assert working_days_from_to(calendar, dt.date(2021, 3, 9), dt.date(2021, 3, 9)) == 1
    assert working_days_from_to(calendar, dt.date(2021, 3, 10), dt.date(2021, 3, 9)) == 0
