"""A site editor's decision on an authority a group added: publish it for every group, merge it into
a shared one (the group's applications move, deadlines recomputed where the law changes), or leave
it private to the group with a note. Each is in the audit trail and rings the coordinators' bell."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from permits.models import Authority, DeadlineRule, Jurisdiction
from reminders.models import Notification
from tests.factories import AuthorityFactory, PermitApplicationFactory, site_editor

pytestmark = pytest.mark.django_db

ALMATY = ZoneInfo("Asia/Almaty")
NAME = "Akimat of Medeu district"


@pytest.fixture
def editor():
    return site_editor()


@pytest.fixture
def requested(world):
    return Authority.add_for_group(
        organization=world.lead, name=NAME, jurisdiction=Jurisdiction.objects.get(code="KZ-ALA"), by=world.member
    )


def bell(user):
    return [n.text for n in Notification.objects.filter(user=user, kind=Notification.Kind.AUTHORITY_REVIEWED)]


def test_a_groups_addition_waits_in_the_queue(world, requested):
    assert requested.review_status == Authority.Review.PENDING
    assert list(Authority.objects.awaiting_review()) == [requested]
    assert LogEntry.objects.get_for_object(requested).get().actor == world.member


def test_publishing_shares_it_records_who_and_tells_the_coordinators(
    world, requested, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        requested.publish(by=editor)
    requested.refresh_from_db()
    assert requested.organization is None and requested.review_status == Authority.Review.PUBLISHED
    assert requested.reviewed_by == editor and requested.reviewed_at is not None
    assert requested in Authority.objects.usable_by(world.outsider)
    change = LogEntry.objects.get_for_object(requested).filter(action=LogEntry.Action.UPDATE).get()
    assert change.actor == editor and change.changes_dict["review_status"] == ["pending", "published"]
    assert bell(world.coordinator) == [f"“{NAME}”, which your group added, is now shared with every group."]
    assert bell(world.member) == [] and bell(world.outsider) == []  # coordinators only


def test_publishing_a_name_already_shared_is_refused_and_changes_nothing(world, requested, editor):
    Authority.objects.create(name=NAME, jurisdiction=requested.jurisdiction)  # an editor's, shared
    with pytest.raises(ValidationError, match="merge into it instead"):
        requested.publish(by=editor)
    requested.refresh_from_db()
    assert requested.organization == world.lead and requested.review_status == Authority.Review.PENDING


def test_declining_keeps_it_with_the_group_and_the_note(world, requested, editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        requested.decline(by=editor, note="Medeu district has no akimat of its own for assemblies.")
    requested.refresh_from_db()
    assert requested.organization == world.lead and requested.review_status == Authority.Review.DECLINED
    assert requested.review_note.startswith("Medeu district") and requested.reviewed_by == editor
    assert requested not in Authority.objects.awaiting_review()
    assert requested in Authority.objects.usable_by(world.coordinator)
    assert requested not in Authority.objects.usable_by(world.outsider)
    notification = Notification.objects.get(user=world.coordinator, kind=Notification.Kind.AUTHORITY_REVIEWED)
    assert "stays private to your group" in notification.text
    assert notification.details.startswith("Medeu district")


def test_a_second_editor_acting_on_a_reviewed_one_is_told(world, requested, editor):
    requested.decline(by=editor)
    with pytest.raises(ValidationError, match="already dealt with"):
        Authority.objects.get(pk=requested.pk).decline(by=site_editor("second"))
    requested.publish(by=editor)  # a declined one may still be published later
    with pytest.raises(ValidationError, match="already dealt with"):
        Authority.objects.get(pk=requested.pk).publish(by=editor)


@pytest.fixture
def testland_town_hall():
    """A shared authority in a made-up jurisdiction whose authority answers within 2 calendar days."""
    place = Jurisdiction.objects.create(code="XX-TST", name="Testland", country="DE", time_zone="Europe/Berlin")
    DeadlineRule.objects.create(
        jurisdiction=place, code="answer", kind="authority_response", count=2, unit="calendar_days",
        counted_from="filed_on", roll_forward=False, law="Testland Assembly Act", article="§ 1",
        status="confirmed", counting_status="confirmed", description="Fictional.",
    )  # fmt: skip
    return Authority.objects.create(jurisdiction=place, name="Testland town hall")


def test_merging_moves_the_groups_applications_recomputes_their_deadlines_and_removes_the_row(
    world, requested, editor, testland_town_hall, django_capture_on_commit_callbacks
):
    filed = PermitApplicationFactory(
        organization=world.lead,
        authority=requested,
        event_type="march",
        starts_at=dt.datetime(2022, 3, 8, 12, tzinfo=ALMATY),
    )
    filed.file(on=dt.date(2021, 11, 16), by=world.coordinator)
    assert filed.response_due_on != dt.date(2021, 11, 18)
    untouched = world.application.authority
    with django_capture_on_commit_callbacks(execute=True):
        requested.merge_into(testland_town_hall, by=editor)
    filed.refresh_from_db()
    assert filed.authority == testland_town_hall
    assert filed.response_due_on == dt.date(2021, 11, 18)  # Testland's law now counts it
    assert not Authority.objects.filter(pk=requested.pk).exists()
    world.application.refresh_from_db()
    assert world.application.authority == untouched
    moved = LogEntry.objects.get_for_object(filed).filter(action=LogEntry.Action.UPDATE, actor=editor)
    assert any("authority" in entry.changes_dict for entry in moved)
    removed = LogEntry.objects.filter(object_pk=str(requested.pk), content_type__model="authority")
    assert {entry.action for entry in removed.filter(actor=editor)} == {LogEntry.Action.UPDATE, LogEntry.Action.DELETE}
    assert bell(world.coordinator) == [
        f"“{NAME}”, which your group added, was merged into “Testland town hall”; your applications now name it."
    ]


def test_merging_moves_no_other_groups_applications(world, requested, editor):
    # Another group's own authority of the same name, and its application: not touched by the merge.
    theirs = Authority.add_for_group(
        organization=world.other_group, name=NAME, jurisdiction=requested.jurisdiction, by=world.outsider
    )
    their_application = PermitApplicationFactory(organization=world.other_group, authority=theirs)
    ours = PermitApplicationFactory(organization=world.lead, authority=requested)
    shared = AuthorityFactory(name="Akimat of Almaty city")
    requested.merge_into(shared, by=editor)
    their_application.refresh_from_db()
    ours.refresh_from_db()
    assert their_application.authority == theirs and ours.authority == shared
    assert Authority.objects.filter(pk=theirs.pk, review_status=Authority.Review.PENDING).exists()


def test_merging_into_a_groups_own_authority_is_refused(world, requested, editor):
    theirs = Authority.add_for_group(
        organization=world.other_group, name="Police of Almaty", jurisdiction=requested.jurisdiction, by=world.outsider
    )
    mine = PermitApplicationFactory(organization=world.lead, authority=requested)
    with pytest.raises(ValidationError, match="shared authority"):
        requested.merge_into(theirs, by=editor)
    mine.refresh_from_db()
    assert mine.authority == requested
