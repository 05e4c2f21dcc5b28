import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from permits.models import PermitApplication, RefusalReason, Status, TimelineEntry, TransitionNotAllowed
from tests.factories import PermitApplicationFactory, filed_application

pytestmark = pytest.mark.django_db


def test_filing_a_draft_sets_status_and_writes_the_timeline():
    application = PermitApplicationFactory()
    application.file(on=dt.date(2021, 11, 16))
    application.refresh_from_db()
    assert application.status == Status.FILED
    assert application.filed_on == dt.date(2021, 11, 16)
    assert application.timeline.get().kind == TimelineEntry.Kind.FILED


def test_a_refusal_needs_at_least_one_ground_and_changes_nothing_without_one():
    application = filed_application()
    with pytest.raises(ValidationError) as raised:
        application.record_decision(outcome="refused", decided_on=dt.date(2021, 11, 26), grounds=[])
    assert "grounds" in raised.value.message_dict
    application.refresh_from_db()
    assert application.status == Status.FILED
    assert not application.decisions.exists()


def test_a_withdrawn_application_cannot_be_decided():
    application = filed_application()
    application.withdraw(on=dt.date(2021, 11, 20), note="Pressure from the akimat")
    with pytest.raises(TransitionNotAllowed):
        application.record_decision(
            outcome="refused",
            decided_on=dt.date(2021, 11, 26),
            grounds=[{"reason": RefusalReason.objects.get(code="repair_works"), "quote": "works"}],
        )
    assert PermitApplication.objects.get(pk=application.pk).status == Status.WITHDRAWN


def test_a_refusal_with_two_grounds_keeps_the_authoritys_words():
    application = filed_application(filed_on=dt.date(2021, 11, 16))
    decision = application.record_decision(
        outcome="refused",
        decided_on=dt.date(2021, 11, 26),
        received_on=dt.date(2021, 11, 26),
        grounds=[
            {
                "reason": RefusalReason.objects.get(code="conflicting_event"),
                "quote": "в связи с проведением других мероприятий",
            },
            {"reason": RefusalReason.objects.get(code="repair_works"), "quote": "ремонтно-монтажные работы"},
        ],
    )
    assert application.status == Status.REFUSED
    assert [g.quote for g in decision.grounds.all()] == [
        "в связи с проведением других мероприятий",
        "ремонтно-монтажные работы",
    ]
    assert application.timeline.filter(kind=TimelineEntry.Kind.DECISION).count() == 1


def test_a_verb_rechecks_the_status_stored_in_the_database_not_a_stale_copy():
    application = filed_application()
    stale_copy = PermitApplication.objects.get(pk=application.pk)
    application.withdraw(on=dt.date(2021, 11, 20))
    with pytest.raises(TransitionNotAllowed):
        stale_copy.record_decision(
            outcome="refused",
            decided_on=dt.date(2021, 11, 26),
            grounds=[{"reason": RefusalReason.objects.get(code="repair_works"), "quote": "works"}],
        )
    assert not application.decisions.exists()


def test_a_new_draft_already_carries_its_latest_filing_day_and_event_deadline(world):
    from django.utils import timezone

    from permits.models import Authority
    from permits.services import application_create

    starts_at = timezone.make_aware(dt.datetime(2022, 3, 8, 12, 0))
    draft = application_create(
        by=world.coordinator,
        organization=world.lead,
        title="8 March",
        event_type="march",
        starts_at=starts_at,
        location="Almaty",
        authority=Authority.objects.get(name="Akimat of Almaty city"),
    )
    kinds = set(draft.deadlines.values_list("kind", flat=True))
    assert {"latest_filing", "event"} <= kinds
    assert draft.deadlines.get(kind="latest_filing").due_on == dt.date(2022, 2, 22)
