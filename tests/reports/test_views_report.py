"""/reports/: one breakdown at a time (reason, authority, year, event type) as SVG bars and a table,
over what the user may see, with filters that keep what was typed and name what was not understood."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
URL = reverse("reports:report")


def chart(page: str) -> str:
    match = re.search(r'<section class="card h-100" id="by-(\w+)">(.*?)</section>', page, re.S)
    assert match, "no chart on the page"
    return match.group(1), match.group(2)


def test_the_report_starts_with_the_reasons_and_their_counts(login, world, refusals):
    response = login(world.coordinator).get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    by, reasons = chart(page)
    assert by == "reason"
    assert "5 grounds cited in the refusals you can see." in page
    assert "Repair or construction works" in reasons and "Conflicting event" in reasons
    assert "<svg" in reasons and 'width="100.0"' in reasons  # the largest bar fills the chart
    assert 'width="50.0"' in reasons  # a reason cited half as often


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        ("authority", ["Akimat of Almaty city", "Akimat of Astana city"]),
        ("year", ["2021", "2022"]),
        ("event_type", ["March", "Picket", "Rally", "Meeting"]),
    ],
)
def test_each_tab_shows_its_breakdown_of_the_refusals(login, world, refusals, by, expected):
    page = login(world.coordinator).get(URL, {"by": by}).content.decode()
    shown, body = chart(page)
    assert shown == by
    assert "4 refusals in the applications you can see." in page
    for label in expected:
        assert label in body


def test_the_tabs_keep_the_filters(login, world, refusals):
    page = login(world.coordinator).get(URL, {"from": "2022-01-01"}).content.decode()
    assert 'href="?from=2022-01-01&amp;by=year"' in page
    assert '<input type="hidden" name="by" value="reason">' in page


def test_another_groups_refusals_are_not_in_the_report(login, world, refusals):
    client = login(world.coordinator)
    assert "Late filing" not in client.get(URL).content.decode()
    assert "Akimat of Shymkent city" not in chart(client.get(URL, {"by": "authority"}).content.decode())[1]


def test_the_page_has_no_inline_style_or_script(login, world, refusals):
    page = login(world.coordinator).get(URL).content.decode()
    assert "style=" not in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)


def test_filters_narrow_the_report(login, world, refusals):
    client = login(world.coordinator)
    page = client.get(URL, {"from": "2022-01-01", "jurisdiction": "KZ-AST"}).content.decode()
    assert "1 ground cited in the refusals you can see." in page
    assert "Public health" in chart(page)[1]
    page = client.get(URL, {"by": "year", "to": "2021-12-31"}).content.decode()
    assert "2 refusals in the applications you can see." in page


def test_bad_filters_are_named_and_kept_and_the_report_is_unfiltered(login, world, refusals):
    response = login(world.coordinator).get(URL, {"from": "2022-13-45", "to": "2021-01-01", "organization": "999"})
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"from", "organization"}
    page = response.content.decode()
    assert 'value="2022-13-45"' in page
    assert "5 grounds cited in the refusals you can see." in page


def test_an_unknown_breakdown_is_named_and_the_reasons_are_shown(login, world, refusals):
    page = login(world.coordinator).get(URL, {"by": "colour"}).content.decode()
    assert "Choose one of: reason, authority, year, event_type." in page
    assert chart(page)[0] == "reason"


def test_a_period_that_ends_before_it_starts_is_named(login, world):
    response = login(world.coordinator).get(URL, {"from": "2022-01-01", "to": "2021-01-01"})
    assert response.context["form"].errors == {"to": ["The end of the period is before its start."]}


def test_someone_with_no_refusals_sees_an_empty_chart(login, world):
    page = login(world.co_member).get(URL, {"by": "year"}).content.decode()
    assert "0 refusals" in page
    assert "No refusals." in page


def test_coordinators_find_their_groups_sharing_settings(login, world):
    page = login(world.coordinator).get(URL).content.decode()
    assert reverse("reports:sharing", args=[world.lead.pk]) in page
    page = login(world.member).get(URL).content.decode()
    assert reverse("reports:sharing", args=[world.lead.pk]) not in page


def test_the_report_links_to_the_exports_with_its_filters(login, world):
    page = login(world.coordinator).get(URL, {"from": "2021-01-01"}).content.decode()
    assert reverse("reports:export_decisions") + "?from=2021-01-01" in page
    assert reverse("reports:export_applications") in page


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_navbar_links_to_the_reports(login, world):
    page = login(world.member).get(reverse("dashboard")).content.decode()
    assert f'href="{URL}"' in page


def test_the_group_and_jurisdiction_selects_keep_the_choice(login, world):
    page = login(world.coordinator).get(URL, {"organization": world.lead.pk, "jurisdiction": "KZ-AST"}).content
    page = page.decode()
    assert f'<option value="{world.lead.pk}" selected>Feminita</option>' in page
    assert '<option value="KZ-AST" selected>' in page
    assert '<select name="organization" class="' in page and 'id="id_organization"' in page
    assert "Elsewhere" not in page  # only the user's own groups are offered


def test_clear_appears_once_a_filter_is_set_and_keeps_the_tab(login, world, refusals):
    client = login(world.coordinator)
    # A tab alone filters nothing: there is nothing to clear.
    assert "clear-filters" not in client.get(URL, {"by": "authority"}).content.decode()
    page = client.get(URL, {"by": "authority", "jurisdiction": "KZ-AST"}).content.decode()
    assert f'class="btn btn-link px-0 clear-filters" href="{URL}?by=authority"' in page
    # An unknown tab falls back to the reasons, and so does Clear.
    page = client.get(URL, {"by": "nonsense", "from": "2022-01-01"}).content.decode()
    assert f'href="{URL}?by=reason"' in page
