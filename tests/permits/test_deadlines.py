"""Deadlines computed by the application's verbs from the seeded Kazakh rules, overrides, and the
read properties the pages and the API use. Dates worked out by hand (see test_workdays.py)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from config.reference_data import sync_reference_data
from permits.models import (
    Deadline,
    DeadlineKind,
    DeadlineRule,
    Jurisdiction,
    RefusalReason,
    SourceStatus,
    TimelineEntry,
)
from tests.factories import PermitApplicationFactory

pytestmark = pytest.mark.django_db

ALMATY = ZoneInfo("Asia/Almaty")
D = dt.date


def almaty_moment(day: dt.date, hour=12) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=ALMATY)


def march_on_8_march_2022(**kwargs):
    """The 2021 Almaty case: a march on 8 March 2022, filed with the Almaty akimat."""
    return PermitApplicationFactory(event_type="march", starts_at=almaty_moment(D(2022, 3, 8)), ends_at=None, **kwargs)


def refuse(application, *, decided_on, received_on, by=None):
    return application.record_decision(
        outcome="refused",
        decided_on=decided_on,
        received_on=received_on,
        grounds=[{"reason": RefusalReason.objects.get(code="conflicting_event"), "quote": "другие мероприятия"}],
        by=by,
    )


# --- the Almaty case ----------------------------------------------------------------------------
def test_a_march_registered_16_nov_2021_must_be_answered_by_25_nov_under_art_13():
    application = march_on_8_march_2022()
    application.file(on=D(2021, 11, 16))

    deadline = application.deadline(DeadlineKind.AUTHORITY_RESPONSE)
    # 17 W, 18 Th, 19 F, (20–21 weekend), 22 M, 23 T, 24 W, 25 Th: the 7th working day.
    assert deadline.due_on == D(2021, 11, 25)
    assert application.response_due_on == D(2021, 11, 25)
    assert "Art. 13, p. 1" in deadline.rule_source
    assert "333-VI" in deadline.rule_source
    assert deadline.rule.jurisdiction.code == "KZ"  # inherited by the city of Almaty
    assert deadline.starts_on == D(2021, 11, 16)
    assert deadline.due_at == dt.datetime(2021, 11, 25, 23, 59, 59, tzinfo=ALMATY)
    assert deadline.computation == (
        "7 working days counted from the day after 16 Nov 2021 (the day the filing was registered): "
        "17, 18, 19, 22, 23, 24, 25 Nov 2021. "
        "Not counted: 20 Nov 2021 (weekend); 21 Nov 2021 (weekend). Due: 25 Nov 2021."
    )
    assert deadline.source_status == SourceStatus.CONFIRMED
    assert deadline.needs_verification  # the counting method is only "likely"


def test_the_almaty_march_was_filed_in_time_and_its_latest_filing_day_was_22_feb_2022():
    application = march_on_8_march_2022()
    application.file(on=D(2021, 11, 16))
    # Back from Mon 7 Mar (off by decree): Sat 5 Mar worked (1), 4, 3, 2, 1 Mar, 28, 25, 24, 23, 22 Feb (10).
    assert application.latest_filing_on == D(2022, 2, 22)
    latest = application.deadline(DeadlineKind.LATEST_FILING)
    assert "Art. 12, p. 1" in latest.rule_source
    assert latest.computation.startswith(
        "10 working days counted backwards from the day before 8 Mar 2022 (the day of the assembly): "
        "5, 4, 3, 2, 1 Mar 2022, 28, 25, 24, 23, 22 Feb 2022. "
        "Not counted: 7 Mar 2022 (day off transferred from 5 Mar 2022); 6 Mar 2022 (weekend);"
    )
    assert latest.computation.endswith("Latest day: 22 Feb 2022.")
    assert application.filed_late is False
    assert application.deadline(DeadlineKind.LATEST_FILING).is_done
    assert application.deadline(DeadlineKind.EVENT).due_on == D(2022, 3, 8)


def test_the_refusal_received_26_nov_2021_opens_an_appeal_deadline_under_appk_art_92():
    application = march_on_8_march_2022()
    application.file(on=D(2021, 11, 16))
    refuse(application, decided_on=D(2021, 11, 26), received_on=D(2021, 11, 26))

    appeal = application.deadline(DeadlineKind.APPEAL_FILING)
    # 3 months from 26 Nov 2021 end on Sat 26 Feb 2022; the next working day is Mon 28 Feb.
    assert appeal.due_on == D(2022, 2, 28)
    assert "Art. 92, p. 1" in appeal.rule_source
    assert "АППК" in appeal.rule_source
    assert "end on 26 Feb 2022" in appeal.computation
    assert "26 Feb 2022 (weekend) is not a working day" in appeal.computation
    assert appeal.computation.endswith("Due: 28 Feb 2022.")
    # The answer came, one day after its deadline: an argument for the appeal.
    assert application.deadline(DeadlineKind.AUTHORITY_RESPONSE).is_done
    assert application.answered_late is True
    assert application.authority_answer_overdue is False


def test_the_almaty_remedy_outlook_compares_the_appeal_path_with_the_event_day():
    application = march_on_8_march_2022()
    application.file(on=D(2021, 11, 16))
    refuse(application, decided_on=D(2021, 11, 26), received_on=D(2021, 11, 26))

    outlook = application.remedy_outlook
    # A complaint registered 26 Nov: 20 working days (Art. 100, unconfirmed) pass over 1 Dec and 16–17 Dec 2021.
    assert outlook.complaint_decided_by == D(2021, 12, 29)
    assert outlook.complaint_decision_rule.status == SourceStatus.UNCONFIRMED
    assert outlook.decided_before_event is True


def test_a_picket_refused_a_week_before_cannot_have_its_complaint_decided_in_time():
    application = PermitApplicationFactory(event_type="picket", starts_at=almaty_moment(D(2021, 12, 3)), ends_at=None)
    application.file(on=D(2021, 11, 19))
    refuse(application, decided_on=D(2021, 11, 24), received_on=D(2021, 11, 25))
    outlook = application.remedy_outlook
    assert outlook.decided_before_event is False
    assert outlook.court_claim_due_by is not None


def test_a_refusal_without_a_received_date_counts_from_the_decision_date():
    application = march_on_8_march_2022()
    application.file(on=D(2021, 11, 16))
    refuse(application, decided_on=D(2021, 11, 26), received_on=None)
    appeal = application.deadline(DeadlineKind.APPEAL_FILING)
    assert appeal.due_on == D(2022, 2, 28)
    assert "is not recorded" in appeal.computation


def test_an_approval_opens_no_appeal_deadline():
    application = march_on_8_march_2022()
    application.file(on=D(2021, 11, 16))
    application.record_decision(outcome="approved", decided_on=D(2021, 11, 24), received_on=D(2021, 11, 24))
    assert application.deadline(DeadlineKind.APPEAL_FILING) is None
    assert application.answered_late is False
    assert application.remedy_outlook is None


# --- notification regime, late filing, silence ----------------------------------------------------
def test_a_picket_notification_is_answered_within_3_working_days_under_art_11():
    application = PermitApplicationFactory(event_type="picket", starts_at=almaty_moment(D(2021, 12, 20)))
    application.file(on=D(2021, 12, 14))
    # 15 W (1), 16–17 Independence Day, 18–19 weekend, 20 M (2), 21 T (3).
    assert application.response_due_on == D(2021, 12, 21)
    assert "Art. 11, p. 1" in application.deadline(DeadlineKind.AUTHORITY_RESPONSE).rule_source
    # 5 working days before Mon 20 Dec: 15, 14, 13, 10, 9 Dec.
    assert application.latest_filing_on == D(2021, 12, 9)
    assert application.filed_late is True


def test_silence_on_a_notification_is_overdue_and_says_the_assembly_may_be_held(monkeypatch):
    application = PermitApplicationFactory(event_type="rally", starts_at=almaty_moment(D(2021, 12, 10)))
    application.file(on=D(2021, 11, 16))  # due Fri 19 Nov 2021, 23:59:59 in Almaty
    # Almaty was UTC+6 in 2021 (it moved to UTC+5 in March 2024).
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2021, 11, 19, 17, 59, tzinfo=dt.UTC))  # 23:59 Almaty
    assert application.authority_answer_overdue is False
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2021, 11, 19, 18, 0, tzinfo=dt.UTC))  # 00:00 next day
    assert application.authority_answer_overdue is True
    assert "holds the assembly as notified" in application.silence_consequence


def test_a_draft_shows_its_latest_filing_day_before_any_deadline_is_stored():
    application = march_on_8_march_2022()
    assert not application.deadlines.exists()
    assert application.latest_filing_on == D(2022, 2, 22)
    assert application.response_due_on is None
    assert application.filed_late is False


def test_an_event_type_without_a_rule_gets_no_computed_deadlines_but_its_event_day():
    application = PermitApplicationFactory(event_type="other", starts_at=almaty_moment(D(2022, 3, 8)))
    application.file(on=D(2021, 11, 16))
    assert {d.kind for d in application.deadlines.all()} == {DeadlineKind.EVENT}
    assert application.response_due_on is None


# --- editing dates and overrides -------------------------------------------------------------------
def test_moving_the_event_day_recomputes_the_latest_filing_day():
    application = march_on_8_march_2022()
    application.change_dates(starts_at=almaty_moment(D(2022, 3, 22)))
    # Back from Tue 22 Mar 2022: 21 Nauryz, 20–19 weekend, 18 (1), 17 (2), 16 (3), 15 (4), 14 (5), 11 (6),
    # 10 (7), 9 (8), 8 Mar holiday, 7 off by decree, 6 Sunday, Sat 5 Mar worked (9), 4 Mar (10).
    assert application.latest_filing_on == D(2022, 3, 4)
    assert application.deadline(DeadlineKind.EVENT).due_on == D(2022, 3, 22)


def test_correcting_the_registration_date_recomputes_the_answer_deadline_and_writes_the_timeline(world):
    application = march_on_8_march_2022()
    application.file(on=D(2021, 11, 16))
    application.change_dates(filed_on=D(2021, 11, 17), by=world.coordinator)
    # From 17 Nov: 18, 19, 22, 23, 24, 25, 26 Nov.
    assert application.response_due_on == D(2021, 11, 26)
    entry = application.timeline.get(kind=TimelineEntry.Kind.DEADLINE)
    assert "Registration date corrected" in entry.summary


def test_an_override_is_recorded_with_its_reason_and_written_to_the_timeline(world):
    application = march_on_8_march_2022()
    application.file(on=D(2021, 11, 16))
    deadline = application.deadline(DeadlineKind.AUTHORITY_RESPONSE)
    deadline.override(due_on=D(2021, 11, 26), reason="The akimat registered it late in the day", by=world.legal)

    deadline.refresh_from_db()
    assert deadline.due_on == D(2021, 11, 26)
    assert deadline.due_at == dt.datetime(2021, 11, 26, 23, 59, 59, tzinfo=ALMATY)
    assert deadline.original_due_on == D(2021, 11, 25)
    assert deadline.override_reason == "The akimat registered it late in the day"
    assert deadline.overridden_by == world.legal
    assert deadline.overridden_at is not None
    entry = application.timeline.get(kind=TimelineEntry.Kind.DEADLINE)
    assert "from 25 Nov 2021 to 26 Nov 2021" in entry.summary
    assert entry.details == "The akimat registered it late in the day"
    assert entry.created_by == world.legal


def test_an_override_survives_recomputation_and_is_flagged_when_the_computed_date_moves(world):
    application = march_on_8_march_2022()
    application.file(on=D(2021, 11, 16))
    deadline = application.deadline(DeadlineKind.AUTHORITY_RESPONSE)
    deadline.override(due_on=D(2021, 11, 30), reason="Agreed with the akimat in writing", by=world.legal)
    application.refresh_deadlines()
    deadline.refresh_from_db()
    assert deadline.override_outdated is False

    application.change_dates(filed_on=D(2021, 11, 18), by=world.coordinator)
    deadline.refresh_from_db()
    assert deadline.due_on == D(2021, 11, 30)  # the person's date stays
    assert deadline.computed_due_on == D(2021, 11, 29)  # 19, 22, 23, 24, 25, 26, 29 Nov
    assert deadline.override_outdated is True


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_an_override_without_a_reason_is_refused_and_changes_nothing(reason):
    application = march_on_8_march_2022()
    application.file(on=D(2021, 11, 16))
    deadline = application.deadline(DeadlineKind.AUTHORITY_RESPONSE)
    with pytest.raises(ValidationError) as raised:
        deadline.override(due_on=D(2021, 11, 30), reason=reason)
    assert "override_reason" in raised.value.message_dict
    deadline.refresh_from_db()
    assert deadline.due_on == D(2021, 11, 25)
    assert not deadline.is_overridden
    assert not application.timeline.filter(kind=TimelineEntry.Kind.DEADLINE).exists()


def test_an_override_before_the_starting_date_is_refused():
    application = march_on_8_march_2022()
    application.file(on=D(2021, 11, 16))
    deadline = application.deadline(DeadlineKind.AUTHORITY_RESPONSE)
    with pytest.raises(ValidationError) as raised:
        deadline.override(due_on=D(2021, 11, 15), reason="typo")
    assert "due_on" in raised.value.message_dict
    assert "16 Nov 2021" in raised.value.message_dict["due_on"][0]
    deadline.refresh_from_db()
    assert deadline.due_on == D(2021, 11, 25)


def test_a_latest_filing_day_cannot_be_moved_past_the_event_day():
    application = march_on_8_march_2022()
    application.refresh_deadlines()
    deadline = application.deadline(DeadlineKind.LATEST_FILING)
    with pytest.raises(ValidationError) as raised:
        deadline.override(due_on=D(2022, 3, 9), reason="typo")
    assert "due_on" in raised.value.message_dict


def test_custom_deadlines_need_a_title_and_a_date_and_are_written_to_the_timeline(world):
    application = world.application
    with pytest.raises(ValidationError) as raised:
        application.add_custom_deadline(title=" ", due_on=None, by=world.member)
    assert set(raised.value.message_dict) == {"title", "due_on"}
    assert not application.deadlines.exists()

    deadline = application.add_custom_deadline(title="Collect signatures", due_on=D(2030, 1, 10), by=world.member)
    assert deadline.kind == DeadlineKind.CUSTOM
    assert deadline.label == "Collect signatures"
    assert deadline.computation == "Added by a person; not computed."
    assert application.timeline.get(kind=TimelineEntry.Kind.DEADLINE).summary.startswith("Deadline added")


def test_mark_done_records_who_and_happens_once(world):
    deadline = world.application.add_custom_deadline(title="Print banners", due_on=D(2030, 1, 10))
    assert deadline.mark_done(by=world.member) is True
    assert deadline.done_by == world.member
    assert deadline.mark_done(by=world.coordinator) is False
    assert deadline.done_by == world.member


# --- access and the dashboard ------------------------------------------------------------------------
def test_deadlines_are_visible_to_members_of_lead_and_co_organizing_groups_only(world):
    world.application.add_custom_deadline(title="Meet the akimat", due_on=D(2030, 1, 10))
    assert Deadline.objects.visible_to(world.member).count() == 1
    assert Deadline.objects.visible_to(world.co_member).count() == 1
    assert Deadline.objects.visible_to(world.outsider).count() == 0
    assert Deadline.objects.editable_by(world.co_member).count() == 0


def test_upcoming_and_overdue_split_open_deadlines_by_their_moment(world):
    application = world.application
    past = application.add_custom_deadline(title="Past", due_on=D(2021, 1, 10))
    soon = application.add_custom_deadline(title="Soon", due_on=D(2021, 1, 12))
    later = application.add_custom_deadline(title="Later", due_on=D(2021, 1, 20))
    done = application.add_custom_deadline(title="Done", due_on=D(2021, 1, 15))
    done.mark_done()
    now = dt.datetime(2021, 1, 11, 6, 0, tzinfo=dt.UTC)
    assert list(Deadline.objects.upcoming(now)) == [soon, later]
    assert list(Deadline.objects.overdue(now)) == [past]
    assert soon.days_left(today=D(2021, 1, 11)) == 1


def test_the_answer_and_event_deadlines_of_a_withdrawn_application_are_no_longer_open():
    application = march_on_8_march_2022()
    application.file(on=D(2021, 11, 16))
    assert Deadline.objects.open().filter(application=application, kind=DeadlineKind.EVENT).exists()
    application.withdraw(on=D(2021, 11, 20))
    assert not Deadline.objects.open().filter(application=application).exists()


# --- the seed ---------------------------------------------------------------------------------------
def test_the_kazakh_rules_are_re_runnable_and_the_cities_inherit_them():
    before = DeadlineRule.objects.count()
    assert not sync_reference_data(app_labels=["permits"]).changed
    assert DeadlineRule.objects.count() == before == 7
    almaty = Jurisdiction.objects.get(code="KZ-ALA")
    assert almaty.parent.code == "KZ"
    kinds = sorted(rule.code for rule in DeadlineRule.objects.effective_for(almaty, on=D(2022, 1, 10)))
    assert kinds == sorted(
        [
            "approval-latest-filing",
            "approval-response",
            "complaint-decision",
            "court-claim",
            "notification-latest-filing",
            "notification-response",
            "pre-trial-complaint",
        ]
    )
    assert DeadlineRule.objects.get(code="complaint-decision").status == SourceStatus.UNCONFIRMED
    assert all(rule.counting_status == SourceStatus.LIKELY for rule in DeadlineRule.objects.all())


def test_a_city_rule_replaces_the_inherited_one_for_its_event_types():
    almaty = Jurisdiction.objects.get(code="KZ-ALA")
    kz_rule = DeadlineRule.objects.get(code="approval-response")
    city_rule = DeadlineRule.objects.create(
        jurisdiction=almaty,
        code="city-march-response",
        kind="authority_response",
        event_types=["march"],
        count=2,
        unit="working_days",
        counted_from="filed_on",
        law="Fictional city rule",
        description="For the test only.",
    )
    assert DeadlineRule.objects.applicable(almaty, "authority_response", "march", D(2021, 11, 16)) == city_rule
    assert DeadlineRule.objects.applicable(almaty, "authority_response", "demonstration", D(2021, 11, 16)) == kz_rule


def test_a_place_taken_refusal_without_an_alternative_is_flagged_as_an_appeal_argument():
    application = march_on_8_march_2022()
    application.file(on=D(2021, 11, 16))
    decision = refuse(application, decided_on=D(2021, 11, 26), received_on=D(2021, 11, 26))
    assert decision.place_taken_without_alternative is True
    decision.alternative_offered = "Gandhi Park, 10:00-12:00"
    assert decision.place_taken_without_alternative is False


def test_refreshing_drops_stale_prefetched_deadlines():
    application = march_on_8_march_2022()
    application.file(on=D(2021, 11, 16))
    loaded = type(application).objects.prefetch_related("deadlines").get(pk=application.pk)
    assert loaded.response_due_on == D(2021, 11, 25)
    loaded.change_dates(filed_on=D(2021, 11, 17))
    assert loaded.response_due_on == D(2021, 11, 26)
