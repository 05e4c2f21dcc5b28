"""Holiday edges and operators' calendar corrections, through the application's own verbs (file,
record_decision) and the seeded Kazakh rules — not only through permits/workdays.py.

Every date was counted by hand on the official Kazakh calendar (see test_workdays.py for the list of
holidays and decree transfers); weekdays are noted so a reader can re-count."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from permits.models import CalendarOverride, DeadlineKind, Jurisdiction, RefusalReason
from tests.factories import AuthorityFactory, PermitApplicationFactory

pytestmark = pytest.mark.django_db

ALMATY = ZoneInfo("Asia/Almaty")
D = dt.date


def application(event_type: str, event_day: dt.date, **kwargs):
    starts_at = dt.datetime.combine(event_day, dt.time(12), tzinfo=ALMATY)
    return PermitApplicationFactory(event_type=event_type, starts_at=starts_at, ends_at=None, **kwargs)


def refuse(app, *, on: dt.date):
    app.record_decision(
        outcome="refused",
        decided_on=on,
        received_on=on,
        grounds=[{"reason": RefusalReason.objects.get(code="conflicting_event"), "quote": "другие мероприятия"}],
    )


# --- a Saturday made a working day by a decree the holidays package does not know ------------------
def test_a_working_saturday_added_by_an_operator_is_counted_in_the_answer_deadline():
    CalendarOverride.objects.create(
        jurisdiction=Jurisdiction.objects.get(code="KZ"),
        date=D(2021, 11, 20),
        is_working_day=True,
        note="Decree 2021-X (fictional)",
    )
    march = application("march", D(2022, 3, 8))
    march.file(on=D(2021, 11, 16))

    answer = march.deadline(DeadlineKind.AUTHORITY_RESPONSE)
    # Tue 16 Nov: 17 W (1), 18 Th (2), 19 F (3), Sat 20 worked by the decree (4), Sun 21, 22 M (5),
    # 23 T (6), 24 W (7) — a day earlier than without the decree (25 Nov).
    assert answer.due_on == D(2021, 11, 24)
    assert "17, 18, 19, 20, 22, 23, 24 Nov 2021" in answer.computation
    assert "Not counted: 21 Nov 2021 (weekend)." in answer.computation
    assert "20 Nov 2021 (weekend)" not in answer.computation


def test_a_working_saturday_on_the_city_stops_the_roll_there_and_nowhere_else():
    CalendarOverride.objects.create(
        jurisdiction=Jurisdiction.objects.get(code="KZ-ALA"),
        date=D(2022, 2, 26),
        is_working_day=True,
        note="Almaty decree (fictional)",
    )
    in_almaty = application("march", D(2022, 3, 8))
    astana_akimat = AuthorityFactory(jurisdiction=Jurisdiction.objects.get(code="KZ-AST"), name="Akimat of Astana")
    in_astana = application("march", D(2022, 3, 8), authority=astana_akimat)
    for app in (in_almaty, in_astana):
        app.file(on=D(2021, 11, 16))
        refuse(app, on=D(2021, 11, 26))

    # 3 months from 26 Nov 2021 end on Sat 26 Feb 2022: a working day in Almaty by its decree, so
    # no roll; in Astana the weekend rolls it to Mon 28 Feb.
    almaty_appeal = in_almaty.deadline(DeadlineKind.APPEAL_FILING)
    assert almaty_appeal.due_on == D(2022, 2, 26)
    assert "is not a working day" not in almaty_appeal.computation
    assert in_astana.deadline(DeadlineKind.APPEAL_FILING).due_on == D(2022, 2, 28)


# --- Independence Day (16–17 Dec until 2021, 16 Dec since 2022) ----------------------------------------
@pytest.mark.parametrize(
    ("registered", "due", "not_counted"),
    [
        # Wed 15 Dec 2021: 16–17 Independence Day, 18–19 weekend, 20 M (1), 21 T (2), 22 W (3).
        (
            D(2021, 12, 15),
            D(2021, 12, 22),
            "16 Dec 2021 (Independence Day); 17 Dec 2021 (Independence Day); "
            "18 Dec 2021 (weekend); 19 Dec 2021 (weekend).",
        ),
        # Wed 14 Dec 2022: 15 Th (1), Fri 16 Independence Day, 17–18 weekend, 19 M (2), 20 T (3).
        (D(2022, 12, 14), D(2022, 12, 20), "16 Dec 2022 (Independence Day); 17 Dec 2022 (weekend);"),
    ],
)
def test_a_picket_notification_answered_across_independence_day(registered, due, not_counted):
    picket = application("picket", registered + dt.timedelta(days=30))
    picket.file(on=registered)
    answer = picket.deadline(DeadlineKind.AUTHORITY_RESPONSE)
    assert answer.due_on == due
    assert not_counted in answer.computation
    assert "Art. 11, p. 1" in answer.rule_source


# --- Nauryz (21–23 March) ---------------------------------------------------------------------------------
def test_a_march_registered_before_nauryz_is_answered_after_it():
    march = application("march", D(2022, 4, 29))
    march.file(on=D(2022, 3, 17))
    # Thu 17 Mar 2022: 18 F (1), 19–20 weekend, 21–23 Nauryz, 24 Th (2), 25 F (3), 26–27 weekend,
    # 28 M (4), 29 T (5), 30 W (6), 31 Th (7).
    assert march.response_due_on == D(2022, 3, 31)


def test_a_complaint_period_ending_on_nauryz_moves_past_all_three_days():
    march = application("march", D(2022, 4, 29))
    march.file(on=D(2021, 12, 10))
    refuse(march, on=D(2021, 12, 21))
    appeal = march.deadline(DeadlineKind.APPEAL_FILING)
    # 3 months from 21 Dec 2021 end on Mon 21 Mar 2022, Nauryz; 22 and 23 too: Thu 24 Mar.
    assert appeal.due_on == D(2022, 3, 24)
    assert appeal.computation.endswith("Due: 24 Mar 2022.")


def test_the_latest_filing_day_for_a_picket_right_after_nauryz():
    picket = application("picket", D(2022, 3, 24))
    # Back from Wed 23: 23–21 Nauryz, 20–19 weekend, 18 F (1), 17 (2), 16 (3), 15 (4), 14 Mar (5).
    assert picket.latest_filing_on == D(2022, 3, 14)
    picket.file(on=D(2022, 3, 15))
    assert picket.filed_late is True
