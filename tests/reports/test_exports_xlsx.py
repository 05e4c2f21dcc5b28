"""XLSX exports, next to the CSV ones: the same header (in the user's language), rows and columns;
dates as dates; text always text — never a formula or an error value, whatever it starts with —
only what the user may see, and no server error from any text."""

import datetime as dt
import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from permits.models import PermitApplication
from reports.exports import XLSX_CONTENT_TYPE
from tests.factories import refused_application
from tests.reports.test_exports import ATTACK, rows_of

pytestmark = pytest.mark.django_db

EXPORTS = ["export_applications", "export_decisions", "export_deadlines"]


def workbook_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"].startswith('attachment; filename="ruqsat-')
    assert response["Content-Disposition"].endswith('.xlsx"')
    assert "no-store" in response["Cache-Control"]
    body = b"".join(response.streaming_content)
    return body, load_workbook(io.BytesIO(body)).active


def as_csv_text(cell) -> str:
    """A cell of the XLSX as the CSV writes the same value, to compare the two exports."""
    if cell.value is None:
        return ""
    if isinstance(cell.value, dt.datetime):
        return cell.value.strftime("%Y-%m-%d" if cell.number_format == "yyyy-mm-dd" else "%Y-%m-%d %H:%M")
    return str(cell.value)


@pytest.fixture
def russian(world):
    world.coordinator.language = "ru"
    world.coordinator.time_zone = "Asia/Almaty"
    world.coordinator.save()
    refused_application(organization=world.lead, title="Митинг «За чистый воздух»")
    return world.coordinator


@pytest.mark.parametrize("name", EXPORTS)
def test_the_xlsx_holds_the_csvs_header_and_rows_in_the_users_language(login, world, russian, name):
    client = login(russian)
    csv_rows = rows_of(client.get(reverse(f"reports:{name}")))
    _body, sheet = workbook_of(client.get(reverse(f"reports:{name}_xlsx")))
    xlsx_rows = list(sheet.iter_rows())
    assert len(xlsx_rows) == len(csv_rows) > 1
    assert [as_csv_text(v) for v in xlsx_rows[0]] == csv_rows[0]
    assert "дата" in " ".join(csv_rows[0])  # Russian, not English
    for xlsx_row, csv_row in zip(xlsx_rows[1:], csv_rows[1:], strict=True):
        assert [as_csv_text(v) for v in xlsx_row] + [""] * (len(csv_row) - len(xlsx_row)) == csv_row


def test_dates_and_moments_are_dates_in_the_users_time_zone(login, world, russian):
    application = refused_application(organization=world.lead)
    _body, sheet = workbook_of(login(russian).get(reverse("reports:export_applications_xlsx")))
    header = [cell.value for cell in next(sheet.iter_rows())]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == application.pk)
    starts, filed = row[header.index("начало")], row[header.index("дата подачи")]
    assert starts.is_date and starts.number_format == "yyyy-mm-dd hh:mm"
    local = application.starts_at.astimezone(timezone.get_default_timezone().__class__("Asia/Almaty"))
    assert starts.value == local.replace(tzinfo=None, second=0, microsecond=0)
    assert filed.is_date and filed.number_format == "yyyy-mm-dd" and filed.value.date() == application.filed_on


def test_an_outsider_exports_only_the_header_and_anonymous_callers_log_in(login, world, client):
    for name in EXPORTS:
        _body, sheet = workbook_of(login(world.outsider).get(reverse(f"reports:{name}_xlsx")))
        assert sheet.max_row == 1
    client.logout()
    for name in EXPORTS:
        response = client.get(reverse(f"reports:{name}_xlsx"))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_xlsx_takes_the_same_filters_as_the_csv(login, world):
    refused_application(organization=world.lead, title="Picket", event_type="picket")
    _body, sheet = workbook_of(
        login(world.coordinator).get(reverse("reports:export_applications_xlsx"), {"event_type": "picket"})
    )
    assert [row[1].value for row in sheet.iter_rows(min_row=2)] == ["Picket"]


@pytest.mark.parametrize("text", [ATTACK.split(";", 1)[1], "=1+1", "+1", "-2+3", "@SUM(A1)", "#N/A", "#DIV/0!"])
def test_text_that_looks_like_a_formula_or_an_error_is_stored_as_text(login, world, text):
    world.application.title = text
    world.application.save()
    body, sheet = workbook_of(login(world.coordinator).get(reverse("reports:export_applications_xlsx")))
    title = next(sheet.iter_rows(min_row=2))[1]
    assert title.value == text  # exactly what was typed, no apostrophe added to the text
    assert title.data_type == "s"
    assert title.quotePrefix  # editing it in Excel keeps it text
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        worksheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in worksheet and 't="e"' not in worksheet


def test_ordinary_text_is_not_marked(login, world):
    _body, sheet = workbook_of(login(world.coordinator).get(reverse("reports:export_applications_xlsx")))
    title = next(sheet.iter_rows(min_row=2))[1]
    assert title.data_type == "s" and not title.quotePrefix


def test_control_characters_and_overlong_text_do_not_break_the_xlsx(login, world):
    # \x0b comes with text pasted from Word; XML 1.0 cannot hold it and openpyxl would raise.
    # Written past the stored-text rule (config.stored_text), as a row from before it would be.
    # (PostgreSQL stores no NUL byte at all.)
    PermitApplication.objects.filter(pk=world.application.pk).update(title="Марш\x0bза\x01права", purpose="ә" * 40_000)
    _body, sheet = workbook_of(login(world.coordinator).get(reverse("reports:export_applications_xlsx")))
    header = [cell.value for cell in next(sheet.iter_rows())]
    row = next(sheet.iter_rows(min_row=2, values_only=True))
    assert row[1].replace("\n", "") == "Маршзаправа"  # Word's line break may stay a line break
    assert len(row[header.index("purpose")]) == 32_767  # Excel's limit for a cell


def test_the_page_offers_the_xlsx_beside_the_csv(login, world):
    client = login(world.coordinator)
    listing = client.get(reverse("permits:application_list"), {"event_type": "march"}).content.decode()
    assert reverse("reports:export_applications_xlsx") + "?event_type=march" in listing
    report = client.get(reverse("reports:report"), {"from": "2021-01-01"}).content.decode()
    assert reverse("reports:export_decisions_xlsx") + "?from=2021-01-01" in report
    assert reverse("reports:export_deadlines_xlsx") in report
