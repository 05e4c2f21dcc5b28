"""authority_record(): the refusing authority's record for an appeal, counted over the groups that
share their statistics, with the cases it rests on and no person's name."""

import datetime as dt

import pytest

from reports.services import authority_record
from tests.factories import OrganizationFactory, refused_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def sharing(world, refusals):
    for group in (world.lead, world.other_group):
        group.share_statistics = True
        group.save()
    return refusals


def test_it_counts_the_sharing_groups_refusals_by_that_authority_in_that_year(world, sharing):
    record = authority_record(authority=sharing.almaty, year=2021, reason="repair_works")
    assert (record.refused, record.citing, record.groups) == (2, 2, 1)
    assert record.paragraph == (
        "Akimat of Almaty city refused 2 assemblies in 2021, 2 of them citing “Repair or construction works”. "
        "Counted in Ruqsat over the records of 1 group that shares its statistics."
    )


def test_a_group_that_does_not_share_is_not_counted(world, sharing):
    # KazFem's 2022 refusal by the Almaty akimat stays out until KazFem shares.
    assert authority_record(authority=sharing.almaty, year=2022).refused == 0
    world.co_group.share_statistics = True
    world.co_group.save()
    assert authority_record(authority=sharing.almaty, year=2022).refused == 1


def test_only_the_reason_asked_about_is_counted_as_cited(world, sharing):
    record = authority_record(authority=sharing.almaty, year=2021, reason="conflicting_event")
    assert (record.refused, record.citing) == (2, 1)
    assert "1 of them citing “Conflicting event”" in record.paragraph


def test_without_a_reason_the_paragraph_gives_the_total_and_how_often_each_reason_was_cited(world, sharing):
    other = OrganizationFactory(share_statistics=True)
    refused_application(organization=other, authority=sharing.almaty, filed_on=dt.date(2021, 3, 1))
    record = authority_record(authority=sharing.almaty, year=2021)
    assert record.citing is None
    # Feminita's two 2021 refusals both cite repair works and one a conflicting event; the other
    # group's refusal cites a conflicting event ("… refused N assemblies, M of them citing …").
    assert record.paragraph == (
        "Akimat of Almaty city refused 3 assemblies in 2021. "
        "Grounds cited: “Conflicting event” in 2 refusals; “Repair or construction works” in 2 refusals. "
        "Counted in Ruqsat over the records of 2 groups that share their statistics."
    )
    assert [(reason.code, count) for reason, count in record.reasons_cited] == [
        ("conflicting_event", 2),
        ("repair_works", 2),
    ]


def test_a_reason_cited_by_one_refusal_reads_in_the_singular_and_counts_each_refusal_once(world, sharing):
    # One refusal citing repair works twice (two places under repair) is one refusal citing it.
    refused_application(
        organization=world.lead,
        authority=sharing.astana,
        filed_on=dt.date(2022, 5, 1),
        reasons=("repair_works", "repair_works"),
    )
    record = authority_record(authority=sharing.astana, year=2022)
    assert record.refused == 2
    assert sorted((reason.code, count) for reason, count in record.reasons_cited) == [
        ("public_health", 1),
        ("repair_works", 1),
    ]
    assert "“Repair or construction works” in 1 refusal" in record.paragraph
    assert "in 2 refusals" not in record.paragraph


def test_a_reason_asked_about_replaces_the_list_of_grounds(world, sharing):
    record = authority_record(authority=sharing.almaty, year=2021, reason="repair_works")
    assert record.reasons_cited == []
    assert "Grounds cited" not in record.paragraph


def test_one_refusal_reads_in_the_singular(world, sharing):
    record = authority_record(authority=sharing.astana, year=2022)
    assert record.paragraph.startswith("Akimat of Astana city refused 1 assembly in 2022.")


def test_no_refusal_says_so(world, sharing):
    record = authority_record(authority=sharing.almaty, year=2019, reason="repair_works")
    assert record.cases == []
    assert record.paragraph == (
        "Ruqsat holds no refusal by Akimat of Almaty city in 2019 among the groups that share their statistics."
    )


def test_the_cases_give_event_types_dates_and_reasons_but_no_names_titles_or_numbers(world, sharing):
    record = authority_record(authority=sharing.almaty, year=2021)
    assert [(case.event_type, case.decided_on) for case in record.cases] == [
        ("March", dt.date(2021, 11, 26)),
        (sharing.lead_2021_b.get_event_type_display(), dt.date(2021, 12, 10)),
    ]
    first = record.cases[0]
    assert first.authority == "Akimat of Almaty city"
    assert first.event_type == "March"
    assert first.reasons == ("Conflicting event", "Repair or construction works")
    fields = set(vars(first))
    # Another group's own words (a title can name a person) never reach this group's appeal.
    assert not fields & {"applicants", "created_by", "recorded_by", "organization", "title", "reference_number"}
