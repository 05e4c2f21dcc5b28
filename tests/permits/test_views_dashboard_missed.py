"""The dashboard tells the truth (issue 13 §6): a deadline that closed unmet long ago — its assembly
is over — leaves "Due next" and its red count for a folded "Missed" section saying what can still be
done; a missed deadline whose assembly is still ahead stays in red."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from permits.models import Deadline, DeadlineKind
from tests.factories import PermitApplicationFactory, refused_application

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("dashboard")


def years_ago_refusal(world):
    """A march held (or not) four years ago, refused, its appeal never filed: the demo's 2022 case."""
    starts_at = timezone.now() - dt.timedelta(days=4 * 365)
    application = refused_application(
        organization=world.lead,
        title="Women's march four years ago",
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=2),
        filed_on=(starts_at - dt.timedelta(days=20)).date(),
        decided_on=(starts_at - dt.timedelta(days=12)).date(),
    )
    deadline = application.deadlines.get(kind=DeadlineKind.APPEAL_FILING)
    assert deadline.is_overdue
    return deadline


def test_an_appeal_deadline_missed_years_ago_is_not_counted_in_red(world, login):
    missed = years_ago_refusal(world)
    response = login(world.member).get(DASHBOARD)
    assert missed not in response.context["overdue_deadlines"]
    assert response.context["overdue_count"] == 0
    html = response.content.decode()
    assert "days overdue" not in html
    assert "deadline-overdue" not in html


def test_a_deadline_missed_long_ago_is_folded_under_missed_with_what_can_still_be_done(world, login):
    missed = years_ago_refusal(world)
    response = login(world.member).get(DASHBOARD)
    assert response.context["missed_deadlines"] == [missed]
    html = response.content.decode()
    folded = html[html.index('<details class="missed-deadlines') :]
    folded = folded[: folded.index("</details>")]
    assert "Missed: 1 deadline whose assembly is over" in folded
    assert "Women&#x27;s march four years ago" in folded
    assert "restore the missed time limit" in folded
    assert f"#deadline-{missed.pk}" in folded


def test_a_missed_deadline_whose_assembly_is_ahead_stays_in_red(world, login):
    world.application.refresh_deadlines()
    pressing = world.application.add_custom_deadline(
        title="Send the revised route", due_on=timezone.localdate() - dt.timedelta(days=3)
    )
    years_ago_refusal(world)
    response = login(world.member).get(DASHBOARD)
    assert response.context["overdue_deadlines"] == [pressing]
    assert response.context["overdue_count"] == 1
    assert "1 overdue" in response.content.decode()


def test_the_querysets_split_overdue_deadlines_by_whether_the_assembly_is_over(world):
    missed = years_ago_refusal(world)
    no_end = PermitApplicationFactory(
        organization=world.lead, starts_at=timezone.now() - dt.timedelta(days=30), ends_at=None
    )
    unmet = no_end.add_custom_deadline(title="Bring the banner", due_on=timezone.localdate() - dt.timedelta(days=40))
    assert set(Deadline.objects.missed()) >= {missed, unmet}
    assert not Deadline.objects.pressing().filter(pk__in=[missed.pk, unmet.pk]).exists()
