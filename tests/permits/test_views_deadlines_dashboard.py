"""The dashboard's "Due next": open deadlines of every application the user can see, across all
their groups; overdue ones first, in red, with the days past; then the next ones with the days left;
each links to its application. Bounded queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from permits.models import DeadlineKind
from tests.factories import PermitApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("dashboard")


def custom(application, title, days_from_today):
    return application.add_custom_deadline(
        title=title, due_on=timezone.localdate() + dt.timedelta(days=days_from_today)
    )


def test_due_next_lists_the_deadlines_of_all_my_groups_soonest_first(world, login):
    world.application.refresh_deadlines()
    co_organized = PermitApplicationFactory(organization=world.co_group, title="KazFem picket")
    custom(world.application, "Print the banners", 3)
    custom(co_organized, "Meet the akimat", 1)
    custom(PermitApplicationFactory(), "Someone else's", 1)
    response = login(world.co_member).get(DASHBOARD)
    titles = [deadline.label for deadline in response.context["due_next"]]
    assert titles[:2] == ["Meet the akimat", "Print the banners"]
    assert "Someone else's" not in titles
    html = response.content.decode()
    assert "due tomorrow" in html
    assert "3 days left" in html
    link = reverse("permits:application_detail", args=[co_organized.pk])
    assert f'href="{link}#deadline-' in html


def test_overdue_deadlines_come_first_in_red_with_the_days_past(world, login):
    missed = custom(world.application, "Send the revised route", -4)
    custom(world.application, "Print the banners", 3)
    response = login(world.member).get(DASHBOARD)
    assert response.context["overdue_deadlines"] == [missed]
    assert response.context["overdue_count"] == 1
    html = response.content.decode()
    assert "1 overdue" in html
    assert "deadline-overdue" in html
    assert "4 days overdue" in html
    assert html.index("Send the revised route") < html.index("Print the banners")


def test_done_deadlines_and_a_past_assembly_day_are_not_listed(world, login):
    done = custom(world.application, "Done already", 2)
    done.mark_done(by=world.member)
    past = PermitApplicationFactory(organization=world.lead, starts_at=timezone.now() - dt.timedelta(days=2))
    past.refresh_deadlines()
    assert past.deadlines.filter(kind=DeadlineKind.EVENT).exists()
    response = login(world.member).get(DASHBOARD)
    shown = response.context["due_next"] + response.context["overdue_deadlines"]
    assert done not in shown
    assert not any(d.kind == DeadlineKind.EVENT and d.application_id == past.pk for d in shown)


def test_many_overdue_deadlines_show_the_most_recent_and_the_total(world, login):
    for days in range(1, 8):
        custom(world.application, f"Missed {days}", -days)
    response = login(world.member).get(DASHBOARD)
    assert [d.label for d in response.context["overdue_deadlines"]] == [f"Missed {n}" for n in range(1, 6)]
    assert response.context["overdue_count"] == 7
    assert "The 5 most recently missed of 7" in response.content.decode()


def test_no_open_deadlines_says_so(db, login):
    from tests.factories import MembershipFactory

    membership = MembershipFactory()
    PermitApplicationFactory(organization=membership.organization).deadlines.all().delete()
    html = login(membership.user).get(DASHBOARD).content.decode()
    assert "No open deadlines." in html


def test_an_outsider_sees_none_of_the_groups_deadlines(world, login):
    custom(world.application, "Print the banners", 3)
    response = login(world.outsider).get(DASHBOARD)
    assert response.context["due_next"] == [] and response.context["overdue_deadlines"] == []
    assert "Print the banners" not in response.content.decode()


def test_due_next_costs_the_same_queries_for_many_deadlines(world, login, django_assert_num_queries):
    client = login(world.member)
    custom(world.application, "One", 2)
    for n in range(6):  # more than are shown, so the total is counted
        custom(world.application, f"Missed early {n}", -n - 1)
    with CaptureQueriesContext(connection) as few:
        client.get(DASHBOARD)
    for n in range(10):
        custom(PermitApplicationFactory(organization=world.lead), f"More {n}", n + 1)
        custom(PermitApplicationFactory(organization=world.lead), f"Missed {n}", -n - 1)
    with django_assert_num_queries(len(few)):
        client.get(DASHBOARD)


def test_a_user_without_groups_sees_no_due_next(db, login):
    html = login(UserFactory()).get(DASHBOARD).content.decode()
    assert "Due next" not in html
