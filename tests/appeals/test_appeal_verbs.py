"""The appeal's lifecycle verbs: each checks the transition, writes the application's timeline and
keeps the appeal's deadlines in step; and appeal_change, which the API's PATCH calls."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from appeals.models import Appeal, AppealOutcome, AppealStatus
from appeals.services import appeal_change, appeal_open
from permits.models import Deadline, DeadlineKind, TimelineEntry, TransitionNotAllowed
from permits.signals import deadlines_changed
from tests.appeals.conftest import D

pytestmark = pytest.mark.django_db
ALMATY = ZoneInfo("Asia/Almaty")


def appeal_entries(world):
    return list(
        world.application.timeline.filter(kind__in=[TimelineEntry.Kind.APPEAL, TimelineEntry.Kind.HEARING])
        .order_by("id")
        .values_list("kind", "summary")
    )


def test_filing_marks_the_filing_deadline_done_and_writes_the_timeline(world, appeal):
    appeal.file(on=D(2021, 12, 1), case_number="Ж-77", by=world.legal)
    appeal.refresh_from_db()
    assert (appeal.status, appeal.filed_on, appeal.case_number) == (AppealStatus.FILED, D(2021, 12, 1), "Ж-77")
    assert appeal.filing_deadline.is_done
    entry = world.application.timeline.filter(kind=TimelineEntry.Kind.APPEAL).latest("id")
    assert (entry.happened_on, entry.summary, entry.details) == (
        D(2021, 12, 1),
        "Appeal filed: Higher authority (pre-trial complaint)",
        "Case number: Ж-77",
    )


def test_a_filing_date_before_the_refusal_is_refused(world, appeal):
    with pytest.raises(ValidationError) as error:
        appeal.file(on=D(2021, 11, 1), by=world.legal)
    assert "filed_on" in error.value.message_dict
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.PREPARING


def test_a_hearing_makes_a_hearing_deadline_due_when_it_starts(world, appeal):
    appeal.file(on=D(2021, 12, 1), by=world.legal)
    starts_at = dt.datetime(2021, 12, 20, 10, 30, tzinfo=ALMATY)
    hearing = appeal.schedule_hearing(starts_at=starts_at, place="Almaty city court, room 4", by=world.legal)
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.HEARING_SCHEDULED
    deadline = hearing.deadline
    assert (deadline.kind, deadline.appeal, deadline.due_on, deadline.due_at) == (
        DeadlineKind.HEARING,
        appeal,
        D(2021, 12, 20),
        starts_at,
    )
    assert deadline.title == "Complaint hearing: Almaty city court, room 4"  # a higher authority's
    hearing.record_result(result="Adjourned to January", by=world.legal)
    deadline.refresh_from_db()
    assert deadline.is_done
    kinds = [kind for kind, _summary in appeal_entries(world)]
    assert kinds == ["appeal", "appeal", "hearing", "hearing"]


def test_a_hearing_needs_a_time_and_a_place_and_a_filed_appeal(world, appeal):
    with pytest.raises(TransitionNotAllowed):
        appeal.schedule_hearing(starts_at=dt.datetime(2021, 12, 20, tzinfo=ALMATY), place="Court")
    appeal.file(on=D(2021, 12, 1))
    with pytest.raises(ValidationError) as error:
        appeal.schedule_hearing(starts_at=None, place="  ")
    assert set(error.value.message_dict) == {"starts_at", "place"}
    assert not Deadline.objects.filter(kind=DeadlineKind.HEARING).exists()


def test_the_outcome_is_recorded_once_filed_and_needs_a_known_code(world, appeal):
    with pytest.raises(TransitionNotAllowed):
        appeal.record_outcome(outcome="overturned", on=D(2021, 12, 28))
    appeal.file(on=D(2021, 12, 1))
    with pytest.raises(ValidationError) as error:
        appeal.record_outcome(outcome="", on=D(2021, 11, 30))
    assert set(error.value.message_dict) == {"outcome", "decided_on"}
    appeal.record_outcome(outcome="upheld", on=D(2021, 12, 28), note="The akimat's refusal stands.", by=world.legal)
    appeal.refresh_from_db()
    assert (appeal.status, appeal.outcome, appeal.decided_on) == (AppealStatus.DECIDED, "upheld", D(2021, 12, 28))
    assert appeal_entries(world)[-1][1] == "Appeal decided (Higher authority (pre-trial complaint)): Refusal upheld"
    with pytest.raises(TransitionNotAllowed):
        appeal.withdraw()


def test_withdrawing_closes_the_appeals_own_deadlines_and_hands_back_the_complaint_deadline(world, refused):
    court = appeal_open(decision=refused[1], venue="court", by=world.coordinator)
    higher = appeal_open(decision=refused[1], venue="higher_authority", by=world.coordinator)
    court.withdraw(on=D(2021, 12, 2), note="We complain first.", by=world.coordinator)
    assert Deadline.objects.get(pk=court.filing_deadline.pk).is_done
    higher.withdraw(by=world.coordinator)
    complaint = Deadline.objects.get(application=world.application, kind=DeadlineKind.APPEAL_FILING)
    assert complaint.appeal is None and not complaint.is_done
    assert appeal_entries(world)[-2][1] == "Appeal withdrawn: Court"


def test_a_stale_copy_cannot_undo_a_newer_status(world, appeal):
    stale = Appeal.objects.get(pk=appeal.pk)
    appeal.withdraw(by=world.coordinator)
    with pytest.raises(TransitionNotAllowed):
        stale.file(on=D(2021, 12, 1))
    assert Appeal.objects.get(pk=appeal.pk).status == AppealStatus.WITHDRAWN


def test_the_venue_changes_only_in_preparation_and_moves_the_deadline(world, appeal):
    complaint = appeal.filing_deadline
    appeal.change_venue("court", by=world.coordinator)
    assert appeal.filing_deadline.kind == DeadlineKind.COURT_CLAIM
    complaint.refresh_from_db()
    assert complaint.appeal is None
    appeal.change_venue("ombudsman", custom_due_on=D(2022, 1, 5), by=world.coordinator)
    assert not Deadline.objects.filter(kind=DeadlineKind.COURT_CLAIM).exists()
    assert appeal.filing_deadline.kind == DeadlineKind.CUSTOM
    appeal.file(on=D(2021, 12, 1))
    with pytest.raises(TransitionNotAllowed):
        appeal.change_venue("court")


def test_deadline_changes_are_signalled_for_the_reminders(world, refused):
    received = []

    def receiver(sender, application_id, **kwargs):
        received.append(application_id)

    deadlines_changed.connect(receiver)
    try:
        appeal_open(decision=refused[1], venue="court", by=world.coordinator)
    finally:
        deadlines_changed.disconnect(receiver)
    assert world.application.pk in received


# --- appeal_change (PATCH) ------------------------------------------------------------------------------


def test_giving_a_filing_date_files_the_appeal(world, appeal):
    appeal = appeal_change(appeal=appeal, by=world.legal, filed_on=D(2021, 12, 1), case_number="Ж-1")
    assert (appeal.status, appeal.case_number) == (AppealStatus.FILED, "Ж-1")


def test_an_outcome_decides_a_filed_appeal_and_is_refused_before_filing(world, appeal):
    with pytest.raises(ValidationError) as error:
        appeal_change(appeal=appeal, by=world.legal, outcome="overturned")
    assert "outcome" in error.value.message_dict
    appeal_change(appeal=appeal, by=world.legal, status="filed", filed_on=D(2021, 12, 1))
    decided = appeal_change(appeal=appeal, by=world.legal, outcome="overturned", decided_on=D(2021, 12, 20))
    assert (decided.status, decided.outcome) == (AppealStatus.DECIDED, AppealOutcome.OVERTURNED)
    corrected = appeal_change(appeal=decided, by=world.legal, outcome="partly")
    assert corrected.outcome == "partly"
    assert world.application.timeline.filter(summary__startswith="Appeal corrected").exists()


def test_status_changes_that_are_not_verbs_are_refused(world, appeal):
    with pytest.raises(ValidationError) as error:
        appeal_change(appeal=appeal, by=world.legal, status="hearing_scheduled")
    assert "status" in error.value.message_dict
    appeal_change(appeal=appeal, by=world.legal, status="filed")
    with pytest.raises(ValidationError) as error:
        appeal_change(appeal=appeal, by=world.legal, status="preparing")
    assert "status" in error.value.message_dict


def test_withdrawing_through_a_change(world, appeal):
    assert appeal_change(appeal=appeal, by=world.member, status="withdrawn").status == AppealStatus.WITHDRAWN


def test_a_co_organizer_sees_but_cannot_change_the_appeal(world, appeal):
    assert Appeal.objects.visible_to(world.co_member).filter(pk=appeal.pk).exists()
    with pytest.raises(PermissionDenied):
        appeal_change(appeal=appeal, by=world.co_member, case_number="X")
