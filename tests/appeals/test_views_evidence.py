"""The workspace's evidence panel (the authority's record) agrees with the page around it: it counts
over the refusal's year — a past year here (26 November 2021), not the current one — and when the
lead group does not share its statistics it says that the refusal on the page is not counted,
rather than "no refusal" beside it."""

import datetime as dt

import lxml.html
import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import refused_application

pytestmark = pytest.mark.django_db


def evidence_panel(client, appeal) -> str:
    page = lxml.html.fromstring(client.get(reverse("appeals:workspace", args=[appeal.pk])).content.decode())
    (heading,) = page.xpath("//summary[@id='evidence-heading']")
    return " ".join(heading.getparent().text_content().split())


def other_groups_refusal(world, appeal, *, on, title):
    world.other_group.share_statistics = True
    world.other_group.save()
    return refused_application(
        organization=world.other_group,
        authority=appeal.application.authority,
        title=title,
        filed_on=on - dt.timedelta(days=10),
        decided_on=on,
    )


def test_a_sharing_group_sees_its_own_past_year_refusal_counted_and_listed(world, appeal, login):
    world.lead.share_statistics = True
    world.lead.save()
    assert timezone.localdate().year != 2021
    panel = evidence_panel(login(world.legal), appeal)
    authority = appeal.application.authority.name
    assert f"{authority} refused 1 assembly in 2021." in panel
    assert "26 Nov 2021: March" in panel
    assert "holds no refusal" not in panel and "is not counted" not in panel


def test_a_group_that_does_not_share_is_told_its_refusal_is_not_counted(world, appeal, login):
    panel = evidence_panel(login(world.legal), appeal)
    authority = appeal.application.authority.name
    assert f"Ruqsat holds no refusal by {authority} in 2021" in panel
    assert "This refusal, of 26 Nov 2021, is not counted: Feminita does not share its statistics." in panel


def test_the_count_is_over_the_refusals_year_not_the_current_one(world, appeal, login):
    other_groups_refusal(world, appeal, on=dt.date(2021, 6, 1), title="Picket in June 2021")
    this_year = timezone.localdate().replace(month=1, day=15)
    other_groups_refusal(world, appeal, on=this_year, title="Picket this year")
    panel = evidence_panel(login(world.legal), appeal)
    assert f"{appeal.application.authority.name} refused 1 assembly in 2021." in panel
    assert "1 Jun 2021" in panel and "this year" not in panel
    # The other group's own words (its application's title) never reach this group's workspace.
    assert "Picket in June 2021" not in panel
    assert "This refusal, of 26 Nov 2021, is not counted" in panel
