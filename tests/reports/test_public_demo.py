"""The Almaty demo on the public statistics page (issue 16, "done when"): its five groups publish,
its two refusals are each too few to show (left out), and refusals mirroring it make a cell large
enough to show beside them."""

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
    return [" ".join(row.split("</tr>", 1)[0].split()) for row in table.split("<tr>")[2:]]


def test_the_demo_groups_publish_and_their_two_refusals_are_too_few_to_show(demo, client):
    march = PermitApplication.objects.get(title="Women's march on 8 March 2022", organization__name="Feminita")
    for ground in march.decisions.get().grounds.all():
        PublishedQuote.publish(ground=ground, text=ground.quote, by=None)

    page = client.get(PAGE)

    body = page.content.decode()
    assert page.status_code == 200
    assert "Counted over the records of 5 groups that publish their refusals in Ruqsat." in body
    # 2021: conflicting event and repair works (Feminita); 2022: repair works (KazFem): one each, so
    # no cell reaches 3 groups and 5 refusals and none is shown, nor is any authority or reason.
    assert rows(cells_table(page)) == []
    assert "No figure is large enough to show yet." in cells_table(page)
    assert "Akimat of Almaty" not in body
    assert "ремонтно-монтажные" not in body  # a published quote, but of a refusal left out
    for name in ("Feminita", "KazFem", "FemPoint", "Svet", "FemAgora", "Aizhan"):
        assert name not in body


def test_refusals_mirroring_the_demo_fill_a_cell_that_is_shown_while_the_small_ones_stay_out(demo, client):
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

    assert len(table) == 1  # the 2021 refusal's two reasons are still one refusal each: left out
    shown = table
    assert shown[0].startswith("<td>2022</td>") and shown[0].endswith(
        '<td class="text-end">5</td><td class="text-end">5</td>'
    )
    assert "Akimat of Almaty city" in shown[0] and "2021" not in cells_table(client.get(PAGE))

    Organization.objects.get(name="Svet").set_publish_statistics(False, by=None)

    assert rows(cells_table(client.get(PAGE))) == []  # Svet out: four refusals of four groups, too few
    Organization.objects.get(name="Svet").set_publish_statistics(True, by=None)
    assert len(rows(cells_table(client.get(PAGE)))) == 1
