"""Refusal counts against hand-made data: what the user may see, per ground by reason and per
decision otherwise, with the period, jurisdiction and group filters."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from permits.models import Authority, Jurisdiction, PermitApplication, RefusalReason
from reports.services import ReportFilters, refusal_counts, refusal_report
from tests.factories import PermitApplicationFactory, filed_application, refused_application
from tests.reports.conftest import as_dict

pytestmark = pytest.mark.django_db


def counts(user, by, **filters):
    visible = PermitApplication.objects.visible_to(user)
    return as_dict(refusal_counts(applications=visible, by=by, filters=ReportFilters(**filters)))


def test_by_reason_counts_each_ground_of_the_refusals_the_user_may_see(world, refusals):
    assert counts(world.coordinator, "reason") == {
        "repair_works": 2,
        "conflicting_event": 1,
        "public_health": 1,
        "public_order": 1,
    }


def test_the_other_groups_refusal_is_counted_by_nobody_but_its_members(world, refusals):
    assert "late_filing" not in counts(world.coordinator, "reason")
    assert str(refusals.shymkent.pk) not in counts(world.coordinator, "authority")
    assert counts(world.outsider, "reason") == {"repair_works": 1, "late_filing": 1}


def test_by_authority_year_and_event_type_count_each_refusal_once(world, refusals):
    assert counts(world.coordinator, "authority") == {str(refusals.almaty.pk): 3, str(refusals.astana.pk): 1}
    assert counts(world.coordinator, "year") == {"2021": 2, "2022": 2}
    assert counts(world.coordinator, "event_type") == {"march": 1, "picket": 1, "rally": 1, "meeting": 1}


def test_a_co_organizing_group_sees_only_the_refusal_it_co_organized_and_its_own(world, refusals):
    assert counts(world.co_member, "reason") == {"public_order": 1}


def test_approvals_and_pending_applications_are_not_refusals(world, refusals):
    approved = filed_application(organization=world.lead)
    approved.record_decision(outcome="approved", decided_on=dt.date(2021, 12, 1))
    PermitApplicationFactory(organization=world.lead)
    assert sum(counts(world.coordinator, "year").values()) == 4


def test_the_period_is_that_of_the_decision_and_includes_both_ends(world, refusals):
    period = {"date_from": dt.date(2021, 11, 26), "date_to": dt.date(2022, 3, 1)}
    assert counts(world.coordinator, "year", **period) == {"2021": 2, "2022": 1}
    assert counts(world.coordinator, "reason", date_from=dt.date(2022, 1, 1)) == {"public_health": 1, "public_order": 1}


def test_a_country_includes_its_cities_and_a_city_only_itself(world, refusals):
    kz = Jurisdiction.objects.get(code="KZ")
    astana = Jurisdiction.objects.get(code="KZ-AST")
    assert sum(counts(world.coordinator, "authority", jurisdiction=kz).values()) == 4
    assert counts(world.coordinator, "authority", jurisdiction=astana) == {str(refusals.astana.pk): 1}


def test_a_country_and_a_region_include_a_city_of_regional_significance(world, refusals):
    aktobe_city = Authority.objects.shared().get(code="akimat-aktobe")
    refused = refused_application(
        organization=world.lead, authority=aktobe_city, filed_on=dt.date(2022, 4, 4), decided_on=dt.date(2022, 4, 4)
    )
    by_place = {
        code: counts(world.coordinator, "authority", jurisdiction=Jurisdiction.objects.get(code=code))
        for code in ("KZ", "KZ-15", "KZ-15-AKTOBE", "KZ-ALA")
    }
    assert sum(by_place["KZ"].values()) == 5  # three levels down: country → Aktobe Region → Aktobe
    assert by_place["KZ"][str(aktobe_city.pk)] == 1
    assert by_place["KZ-15"] == by_place["KZ-15-AKTOBE"] == {str(aktobe_city.pk): 1}
    assert str(aktobe_city.pk) not in by_place["KZ-ALA"]
    assert refused.authority.jurisdiction.parent.parent.code == "KZ"


def test_the_group_filter_takes_led_and_co_organized_applications_once_each(world, refusals):
    # The co-organized refusal has two co-organizers: a join would count it twice.
    refusals.co_organized.co_organizers.add(world.other_group)
    assert counts(world.coordinator, "year", organization=world.co_group) == {"2022": 1}
    assert counts(world.coordinator, "year", organization=world.lead) == {"2021": 2, "2022": 2}


def test_labels_are_the_reason_authority_and_event_type_names(world, refusals):
    visible = PermitApplication.objects.visible_to(world.coordinator)
    reasons = {row.key: row.label for row in refusal_counts(applications=visible, by="reason")}
    assert reasons["repair_works"] == "Repair or construction works"
    authorities = {row.key: row.label for row in refusal_counts(applications=visible, by="authority")}
    assert authorities[str(refusals.almaty.pk)] == "Akimat of Almaty city"
    events = {row.key: row.label for row in refusal_counts(applications=visible, by="event_type")}
    assert events["picket"] == "Picket"


def test_rows_come_largest_first_and_years_in_order(world, refusals):
    visible = PermitApplication.objects.visible_to(world.coordinator)
    assert refusal_counts(applications=visible, by="reason")[0].key == "repair_works"
    assert [row.key for row in refusal_counts(applications=visible, by="year")] == ["2021", "2022"]


def test_the_whole_report_is_a_handful_of_aggregate_queries(world, refusals):
    # The refusals by authority, year and event type in one aggregate, the grounds by reason in
    # another, and the names of the reasons and authorities counted.
    visible = PermitApplication.objects.visible_to(world.coordinator)
    with CaptureQueriesContext(connection) as queries:
        report = refusal_report(applications=visible)
    assert report.refusals == 4
    assert [b.by for b in report.breakdowns] == ["reason", "authority", "year", "event_type"]
    assert len(queries) == 4


def test_reason_and_authority_names_are_in_the_users_language(world, refusals):
    visible = PermitApplication.objects.visible_to(world.coordinator)
    with translation.override("ru"):
        reasons = {row.key: row.label for row in refusal_counts(applications=visible, by="reason")}
        authorities = {row.key: row.label for row in refusal_counts(applications=visible, by="authority")}
    assert reasons["repair_works"] == RefusalReason.objects.get(code="repair_works").name_ru
    assert reasons["repair_works"] != "Repair or construction works"
    assert authorities[str(refusals.almaty.pk)] == Authority.objects.get(pk=refusals.almaty.pk).name_ru
