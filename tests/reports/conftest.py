"""Hand-made refusals for the report tests: what the lead group (Feminita) sees, what a
co-organizing group adds, and what another group has that nobody else may count."""

import datetime as dt
from dataclasses import dataclass

import pytest

from permits.models import Authority, Jurisdiction
from tests.factories import AuthorityFactory, refused_application

D = dt.date


@dataclass
class Refusals:
    almaty: Authority
    astana: Authority
    shymkent: Authority
    lead_2021_a: object  # march, Almaty, conflicting event + repair works
    lead_2021_b: object  # picket, Almaty, repair works
    lead_2022: object  # rally, Astana, public health
    co_organized: object  # led by KazFem with Feminita co-organizing: visible to both
    elsewhere: object  # the other group's: invisible to Feminita


@pytest.fixture
def refusals(world):
    almaty = AuthorityFactory()
    astana = AuthorityFactory(name="Akimat of Astana city", jurisdiction=Jurisdiction.objects.get(code="KZ-AST"))
    shymkent = AuthorityFactory(name="Akimat of Shymkent city", jurisdiction=Jurisdiction.objects.get(code="KZ-SHY"))

    def refuse(organization, authority, year_day, reasons, event_type="march", **kwargs):
        return refused_application(
            organization=organization,
            authority=authority,
            event_type=event_type,
            filed_on=year_day,
            decided_on=year_day,
            reasons=reasons,
            **kwargs,
        )

    return Refusals(
        almaty=almaty,
        astana=astana,
        shymkent=shymkent,
        lead_2021_a=refuse(world.lead, almaty, D(2021, 11, 26), ("conflicting_event", "repair_works")),
        lead_2021_b=refuse(world.lead, almaty, D(2021, 12, 10), ("repair_works",), event_type="picket"),
        lead_2022=refuse(world.lead, astana, D(2022, 3, 1), ("public_health",), event_type="rally"),
        co_organized=refuse(
            world.co_group, almaty, D(2022, 5, 5), ("public_order",), event_type="meeting", co_organizers=[world.lead]
        ),
        elsewhere=refuse(world.other_group, shymkent, D(2021, 6, 1), ("repair_works", "late_filing")),
    )


def as_dict(rows):
    return {row["key"] if isinstance(row, dict) else row.key: row["count"] if isinstance(row, dict) else row.count
            for row in rows}  # fmt: skip
