"""/reports/: four breakdowns as SVG bars and tables over what the user may see, with filters that
keep what was typed and name what was not understood."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
URL = reverse("reports:report")


def section(page: str, by: str) -> str:
    match = re.search(rf'<section class="card h-100" id="by-{by}">(.*?)</section>', page, re.S)
    assert match, f"no section for {by}"
    return match.group(1)


def test_the_report_shows_each_breakdown_with_its_counts(login, world, refusals):
    response = login(world.coordinator).get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "4 refusals in the applications you can see." in page
    reasons = section(page, "reason")
    assert "Repair or construction works" in reasons and "Conflicting event" in reasons
    assert "<svg" in reasons and 'width="100.0"' in reasons  # the largest bar fills the chart
    assert "Akimat of Astana city" in section(page, "authority")
    assert "2021" in section(page, "year") and "Picket" in section(page, "event_type")


def test_another_groups_refusals_are_not_in_the_report(login, world, refusals):
    page = login(world.coordinator).get(URL).content.decode()
    assert "Late filing" not in page
    assert "Akimat of Shymkent city" not in section(page, "authority")


def test_the_page_has_no_inline_style_or_script(login, world, refusals):
    page = login(world.coordinator).get(URL).content.decode()
    assert "style=" not in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)


def test_filters_narrow_the_report(login, world, refusals):
    page = login(world.coordinator).get(URL, {"from": "2022-01-01", "jurisdiction": "KZ-AST"}).content.decode()
    assert "1 refusal in the applications you can see." in page
    assert "Public health" in section(page, "reason")


def test_bad_filters_are_named_and_kept_and_the_report_is_unfiltered(login, world, refusals):
    response = login(world.coordinator).get(URL, {"from": "2022-13-45", "to": "2021-01-01", "organization": "999"})
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"from", "organization"}
    page = response.content.decode()
    assert 'value="2022-13-45"' in page
    assert "4 refusals in the applications you can see." in page


def test_a_period_that_ends_before_it_starts_is_named(login, world):
    response = login(world.coordinator).get(URL, {"from": "2022-01-01", "to": "2021-01-01"})
    assert response.context["form"].errors == {"to": ["The end of the period is before its start."]}


def test_someone_with_no_refusals_sees_empty_charts(login, world):
    page = login(world.co_member).get(URL).content.decode()
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
