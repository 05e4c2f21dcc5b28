"""Deadline rules as data: validation, validity periods, calendar corrections, and a made-up
jurisdiction whose deadlines come from rows alone."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from permits.models import (
    Authority,
    CalendarOverride,
    DeadlineKind,
    DeadlineRule,
    Jurisdiction,
    RefusalReason,
    working_calendar,
)
from tests.factories import PermitApplicationFactory

pytestmark = pytest.mark.django_db

D = dt.date


def rule(**overrides) -> DeadlineRule:
    fields = {
        "jurisdiction": Jurisdiction.objects.get(code="KZ"),
        "code": "test-rule",
        "kind": "authority_response",
        "event_types": ["march"],
        "count": 7,
        "unit": "working_days",
        "counted_from": "filed_on",
        "law": "Test law",
        "description": "For the test.",
    }
    fields.update(overrides)
    return DeadlineRule(**fields)


# --- bad input -------------------------------------------------------------------------------------
@pytest.mark.parametrize("count", [0, -3])
def test_a_rule_with_a_zero_or_negative_count_is_refused_naming_the_count(count):
    with pytest.raises(ValidationError) as raised:
        rule(count=count, code="bad", event_types=["other"]).full_clean()
    assert "count" in raised.value.message_dict


def test_the_database_refuses_a_zero_count_even_without_validation():
    with pytest.raises(IntegrityError), transaction.atomic():
        rule(count=0, code="bad", event_types=["other"]).save()


def test_overlapping_validity_for_the_same_kind_and_event_type_is_refused_and_nothing_is_saved():
    before = DeadlineRule.objects.count()
    # The seeded approval-response (march, demonstration) has no start or end date: any period overlaps.
    candidate = rule(code="march-response-2030", valid_from=D(2030, 1, 1))
    with pytest.raises(ValidationError) as raised:
        candidate.full_clean()
    assert "valid_from" in raised.value.message_dict
    assert "approval-response" in raised.value.message_dict["valid_from"][0]
    assert DeadlineRule.objects.count() == before


def test_a_rule_that_applies_to_every_event_type_overlaps_with_any_other():
    with pytest.raises(ValidationError) as raised:
        rule(code="everything", event_types=[]).full_clean()
    assert "valid_from" in raised.value.message_dict


def test_a_rule_for_other_event_types_or_another_kind_does_not_overlap():
    rule(code="other-response", event_types=["other"]).full_clean()
    rule(code="other-filing", kind="latest_filing", event_types=["other"], counted_from="event_day").full_clean()


def test_a_rule_cannot_end_before_it_starts():
    with pytest.raises(ValidationError) as raised:
        rule(code="x", event_types=["other"], valid_from=D(2022, 1, 1), valid_to=D(2021, 1, 1)).full_clean()
    assert "valid_to" in raised.value.message_dict


def test_unknown_event_types_are_refused():
    with pytest.raises(ValidationError) as raised:
        rule(code="x", event_types=["flashmob"]).full_clean()
    assert "flashmob" in raised.value.message_dict["event_types"][0]


def test_only_the_latest_filing_day_counts_back_from_the_event():
    with pytest.raises(ValidationError) as raised:
        rule(code="x", event_types=["other"], counted_from="event_day").full_clean()
    assert "counted_from" in raised.value.message_dict


# --- a rule that changed on a given date -------------------------------------------------------------
def test_the_rule_in_force_on_the_registration_date_applies():
    """A (fictional) amendment shortens the approval answer to 5 working days from 1 Jul 2022."""
    old = DeadlineRule.objects.get(code="approval-response")
    old.valid_to = D(2022, 6, 30)
    old.full_clean()
    old.save()
    new = rule(code="approval-response", count=5, valid_from=D(2022, 7, 1), event_types=["demonstration", "march"])
    new.full_clean()
    new.save()

    before = PermitApplicationFactory(event_type="march")
    before.file(on=D(2022, 6, 30))
    # Thu 30 Jun: 1 Jul F (1), 4 (2), 5 (3), 6 Capital Day, 7 (4), 8 (5), 11 (6), 12 Jul (7).
    assert before.response_due_on == D(2022, 7, 12)
    assert before.deadline(DeadlineKind.AUTHORITY_RESPONSE).rule == old

    after = PermitApplicationFactory(event_type="march")
    after.file(on=D(2022, 7, 1))
    # Fri 1 Jul: 4 (1), 5 (2), 6 Capital Day, 7 (3), 8 (4), 11 Jul (5).
    assert after.response_due_on == D(2022, 7, 11)
    assert after.deadline(DeadlineKind.AUTHORITY_RESPONSE).rule == new


# --- calendar corrections ------------------------------------------------------------------------------
def test_a_calendar_correction_on_the_country_applies_to_its_cities():
    kz = Jurisdiction.objects.get(code="KZ")
    almaty = Jurisdiction.objects.get(code="KZ-ALA")
    CalendarOverride.objects.create(jurisdiction=kz, date=D(2021, 11, 22), is_working_day=False, note="Decree X")
    application = PermitApplicationFactory(event_type="march")
    application.file(on=D(2021, 11, 16))
    # 17, 18, 19, (20–21 weekend, 22 off by the decree) 23, 24, 25, 26 Nov.
    assert application.response_due_on == D(2021, 11, 26)
    assert "22 Nov 2021 (Decree X)" in application.deadline(DeadlineKind.AUTHORITY_RESPONSE).computation
    assert not working_calendar(almaty).is_working_day(D(2021, 11, 22))


def test_the_nearer_jurisdictions_correction_wins():
    kz = Jurisdiction.objects.get(code="KZ")
    almaty = Jurisdiction.objects.get(code="KZ-ALA")
    CalendarOverride.objects.create(jurisdiction=kz, date=D(2021, 11, 22), is_working_day=False, note="national")
    CalendarOverride.objects.create(jurisdiction=almaty, date=D(2021, 11, 22), is_working_day=True, note="city")
    assert working_calendar(almaty).is_working_day(D(2021, 11, 22))
    assert not working_calendar(kz).is_working_day(D(2021, 11, 22))


def test_a_jurisdiction_cannot_be_its_own_ancestor_or_use_an_unknown_calendar():
    kz = Jurisdiction.objects.get(code="KZ")
    kz.parent = Jurisdiction.objects.get(code="KZ-ALA")
    with pytest.raises(ValidationError) as raised:
        kz.full_clean()
    assert "parent" in raised.value.message_dict
    fictional = Jurisdiction(code="XX", name="Nowhere", country="XX", time_zone="UTC")
    with pytest.raises(ValidationError) as raised:
        fictional.full_clean()
    assert "country" in raised.value.message_dict


# --- a made-up jurisdiction, purely as data ------------------------------------------------------------
@pytest.fixture
def freedonia():
    """A fictional Bavarian town with its own rules: answers in 10 calendar days (rolled forward), file
    2 working days ahead, complain within 1 month; and a decree the holidays package doesn't know."""
    place = Jurisdiction.objects.create(
        code="DE-FRD", name="Freedonia", country="DE", subdivision="BY", time_zone="Europe/Berlin"
    )
    common = {"jurisdiction": place, "law": "Freedonian Assembly Act", "url": "https://example.org/faa"}
    for fields in [
        {"code": "answer", "kind": "authority_response", "count": 10, "unit": "calendar_days",
         "counted_from": "filed_on", "article": "§ 4"},
        {"code": "filing", "kind": "latest_filing", "count": 2, "unit": "working_days",
         "counted_from": "event_day", "article": "§ 3"},
        {"code": "complaint", "kind": "appeal_filing", "count": 1, "unit": "months",
         "counted_from": "decision_received_on", "article": "§ 9", "paragraph": "(2)"},
    ]:  # fmt: skip
        made = DeadlineRule(**common, **fields, event_types=[], status="confirmed", description="Fictional.")
        made.full_clean()
        made.save()
    CalendarOverride.objects.create(
        jurisdiction=place, date=D(2024, 6, 3), is_working_day=False, note="Freedonian decree 7/2024"
    )
    return Authority.objects.create(jurisdiction=place, name="Freedonia town hall")


def test_a_made_up_jurisdiction_gets_its_deadlines_from_data_alone(freedonia):
    berlin = ZoneInfo("Europe/Berlin")
    application = PermitApplicationFactory(
        authority=freedonia,
        event_type="rally",
        starts_at=dt.datetime(2024, 5, 31, 10, 0, tzinfo=berlin),
        ends_at=None,
    )
    application.file(on=D(2024, 5, 24))
    # 10 calendar days from Fri 24 May end on Mon 3 Jun, a day off by the decree: Tue 4 Jun.
    answer = application.deadline(DeadlineKind.AUTHORITY_RESPONSE)
    assert answer.due_on == D(2024, 6, 4)
    assert answer.rule_source == "Freedonian Assembly Act, § 4"
    assert "3 Jun 2024 (Freedonian decree 7/2024)" in answer.computation
    assert answer.due_at == dt.datetime(2024, 6, 4, 23, 59, 59, tzinfo=berlin)
    # 2 working days before Fri 31 May: Thu 30 May is Corpus Christi in Bavaria; 29 (1), 28 May (2).
    assert application.latest_filing_on == D(2024, 5, 28)
    assert application.filed_late is False

    application.record_decision(
        outcome="refused",
        decided_on=D(2024, 5, 29),
        received_on=D(2024, 5, 31),
        grounds=[{"reason": RefusalReason.objects.get(code="public_order"), "quote": "Ordnung"}],
    )
    # 1 month from Fri 31 May 2024: June has no 31st, so Sun 30 Jun; rolled to Mon 1 Jul.
    assert application.deadline(DeadlineKind.APPEAL_FILING).due_on == D(2024, 7, 1)
    assert application.deadline(DeadlineKind.APPEAL_FILING).rule_source == "Freedonian Assembly Act, § 9, (2)"
    # No rule says how long a complaint may take here: the outlook does not guess.
    assert application.remedy_outlook.decided_before_event is None
