"""The Almaty demo on the public statistics page (issue 16, "done when"): its five groups publish,
its two refusals sit in cells too small to show, and refusals mirroring it make a cell large enough."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from organizations.models import Organization
from permits.models import Authority, PermitApplication
from reports.models import PublishedQuote
from tests.factories import refused_application

pytestmark = pytest.mark.django_db

PAGE = "/public/refusals/"


@pytest.fixture
def demo():
    call_command("load_demo", force=True, stdout=StringIO())


def cells_table(page) -> str:
    return page.content.decode().split('id="cells"', 1)[1].split("</section>", 1)[0]


def rows(table) -> list[str]:
    return [" ".join(row.split()) for row in table.split("<tr>")[2:]]


def test_the_demo_groups_publish_and_their_two_refusals_are_too_few_to_show(demo, client):
    march = PermitApplication.objects.get(title="Women's march on 8 March 2022", organization__name="Feminita")
    for ground in march.decisions.get().grounds.all():
        PublishedQuote.publish(ground=ground, text=ground.quote, by=None)

    page = client.get(PAGE)

    body = page.content.decode()
    assert page.status_code == 200
    assert "Counted over the records of 5 groups that publish their refusals in Ruqsat." in body
    table = rows(cells_table(page))
    # 2021: conflicting event and repair works (Feminita); 2022: repair works (KazFem): one each.
    assert len(table) == 3
    assert all("Akimat of Almaty" in row and "too few to show" in row for row in table)
    assert "ремонтно-монтажные" not in body  # a published quote, but from a hidden cell
    for name in ("Feminita", "KazFem", "FemPoint", "Svet", "FemAgora", "Aizhan"):
        assert name not in body


def test_refusals_mirroring_the_demo_fill_a_cell_that_is_then_shown_beside_the_hidden_ones(demo, client):
    akimat = Authority.objects.get(name="Akimat of Almaty city")
    for name in ("FemPoint", "Svet", "FemAgora", "Feminita"):
        refused_application(
            organization=Organization.objects.get(name=name),
            authority=akimat,
            event_type="march",
            filed_on=dt.date(2022, 2, 7),
            decided_on=dt.date(2022, 2, 17),
            reasons=("repair_works",),
        )

    table = rows(cells_table(client.get(PAGE)))

    shown = [row for row in table if "too few to show" not in row]
    assert len(shown) == 1
    assert shown[0].startswith("<td>2022</td>") and shown[0].endswith(
        '<td class="text-end">5</td><td class="text-end">5</td></tr>'
    )
    assert sum("too few to show" in row for row in table) == 2  # the 2021 refusal's two reasons

    Organization.objects.get(name="Svet").set_publish_statistics(False, by=None)

    assert all("too few to show" in row for row in rows(cells_table(client.get(PAGE))))
