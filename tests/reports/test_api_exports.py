"""reports/{applications,decisions,deadlines}.{csv,xlsx}: the pages' exports through the API, for
scripts — the same defused cells, only what the caller may see, filters validated (a 400 naming the
field), whatever the Accept header."""

import io

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from reports.exports import XLSX_CONTENT_TYPE
from tests.reports.test_exports import (
    ATTACK,
    armed,
    attacked,  # noqa: F401 — the fixture, used by name below
    cells_however_split,
)

pytestmark = pytest.mark.django_db

EXPORTS = ["applications", "decisions", "deadlines"]


def body_of(response) -> bytes:
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("what", EXPORTS)
@pytest.mark.usefixtures("attacked")
def test_no_cell_of_the_api_csv_can_start_a_formula_whatever_the_separator(api_as, world, what):
    response = api_as(world.coordinator).get(f"/api/v1/reports/{what}.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = body_of(response)
    assert body.startswith(b"\xef\xbb\xbf")
    assert ATTACK.split(";")[1] in body.decode("utf-8-sig")
    assert armed(cells_however_split(body)) == []


@pytest.mark.parametrize("what", EXPORTS)
@pytest.mark.usefixtures("attacked")
def test_the_api_xlsx_stores_the_attack_as_text(api_as, world, what):
    response = api_as(world.coordinator).get(f"/api/v1/reports/{what}.xlsx")
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    sheet = load_workbook(io.BytesIO(body_of(response))).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row if cell.value == ATTACK]
    assert cells, "the attack was not exported"
    assert all(cell.data_type == "s" for cell in cells)


def test_a_script_asking_for_text_csv_gets_the_file_not_a_406(api_as, world):
    response = api_as(world.coordinator).get("/api/v1/reports/applications.csv", HTTP_ACCEPT="text/csv")
    assert body_of(response).startswith(b'\xef\xbb\xbf"id"')


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/reports/applications.csv?status=nope", "status"),
        ("/api/v1/reports/deadlines.xlsx?event_type=party", "event_type"),
        ("/api/v1/reports/decisions.csv?from=yesterday", "from"),
    ],
)
def test_a_filter_not_understood_is_a_400_naming_it(api_as, world, url, field):
    response = api_as(world.coordinator).get(url)
    assert response.status_code == 400
    assert field in response.json()


def test_another_groups_id_as_a_filter_is_refused_like_a_missing_one(api_as, world):
    client = api_as(world.coordinator)
    theirs = client.get(f"/api/v1/reports/applications.csv?organization={world.other_group.pk}")
    missing = client.get("/api/v1/reports/applications.csv?organization=99999999")
    assert theirs.status_code == missing.status_code == 400
    assert theirs.json() == missing.json()


@pytest.mark.parametrize("what", EXPORTS)
@pytest.mark.usefixtures("attacked")
def test_an_outsider_exports_only_the_header_and_anonymous_callers_get_401(api_as, world, what):
    body = body_of(api_as(world.outsider).get(f"/api/v1/reports/{what}.csv"))
    assert body.decode("utf-8-sig").count("\r\n") == 1
    assert APIClient().get(f"/api/v1/reports/{what}.csv").status_code == 401
