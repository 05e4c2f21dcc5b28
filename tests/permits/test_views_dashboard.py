"""The dashboard: counts by status, what is next, the latest timeline entries, empty states."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    MembershipFactory,
    PermitApplicationFactory,
    TimelineEntryFactory,
    UserFactory,
    filed_application,
    refused_application,
)

pytestmark = pytest.mark.django_db


def test_a_user_without_a_group_is_told_to_create_one(db, login):
    response = login(UserFactory()).get(reverse("dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("organizations:list") in html
    assert "Create a group" in html


def test_a_member_of_a_group_without_applications_is_offered_to_log_one(db, login):
    membership = MembershipFactory()
    html = login(membership.user).get(reverse("dashboard")).content.decode()
    assert reverse("permits:application_create") in html
    assert "No applications yet" in html


def test_counts_by_status_and_what_is_next(world, login):
    filed = filed_application(organization=world.lead, title="Awaiting answer", filed_on=dt.date(2021, 11, 16))
    refused = refused_application(organization=world.lead, title="Refused one")
    past = PermitApplicationFactory(organization=world.lead, starts_at=timezone.now() - dt.timedelta(days=3))
    past.file(on=dt.date(2021, 11, 1))
    response = login(world.member).get(reverse("dashboard"))
    context = response.context
    assert {row["status"]: row["count"] for row in context["by_status"]} == {"draft": 1, "filed": 2, "refused": 1}
    assert context["total"] == 4
    assert list(context["drafts"]) == [world.application]
    assert set(context["awaiting"]) == {filed, past}
    assert list(context["upcoming"]) == []  # filed ones wait for an answer: listed under "awaiting" only
    assert list(context["refused"]) == [refused]
    html = response.content.decode()
    assert f"{reverse('permits:application_list')}?status=filed" in html


def test_latest_timeline_entries_come_from_all_visible_applications_newest_first(world, login):
    mine = PermitApplicationFactory(organization=world.co_group)
    TimelineEntryFactory(application=world.application, summary="Older", happened_on=dt.date(2021, 11, 18))
    TimelineEntryFactory(application=mine, summary="Newer", happened_on=dt.date(2021, 11, 20))
    TimelineEntryFactory(summary="Not mine")
    entries = login(world.co_member).get(reverse("dashboard")).context["latest_entries"]
    assert [e.summary for e in entries] == ["Newer", "Older"]


def test_the_dashboard_runs_a_fixed_number_of_queries(world, login, django_assert_max_num_queries):
    for _ in range(5):
        TimelineEntryFactory(application=filed_application(organization=world.lead))
    client = login(world.member)
    with django_assert_max_num_queries(18):  # 15, and "Due next": the overdue, the missed and the upcoming deadlines
        client.get(reverse("dashboard"))
