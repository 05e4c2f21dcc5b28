"""Reading a history file: every bad file gets a clear message, for the file or for its row."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from imports import reading
from imports.columns import headers
from imports.reading import read_content, read_upload
from tests.imports import sheets


def refusal(content, name="history.csv") -> str:
    with pytest.raises(ValidationError) as caught:
        read_content(content, name=name)
    return caught.value.message_dict["file"][0]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_every_separator_reads_the_same_rows(delimiter):
    rows = read_content(sheets.csv_bytes(delimiter=delimiter), name="h.csv")

    assert [row.number for row in rows] == list(range(2, 10))
    assert rows[0].text("title") == "Пикет против сноса сквера у театра"
    assert rows[0].text("refusal_quotes").startswith("в связи с проведением ремонтно-монтажных работ")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1251"])
def test_the_encodings_a_kazakhstani_excel_saves_in_read_the_same(encoding):
    russian_only = [sheets.GOOD[0], sheets.GOOD[2], sheets.BAD[0]]
    rows = read_content(sheets.csv_bytes(russian_only, delimiter=";", encoding=encoding), name="h.csv")

    assert [row.text("authority") for row in rows] == [
        "Акимат города Алматы",
        "Akimat of Almaty city",
        "Акимат города Атлантиды",
    ]


def test_kazakh_letters_in_kz_1048_are_read():
    rows = read_content(sheets.csv_bytes([sheets.GOOD[1], sheets.GOOD[3]], encoding="kz1048"), name="h.csv")

    assert rows[0].text("title") == "Әйелдер құқығы үшін шеру"
    assert rows[1].text("location") == "Абай даңғылы"


def test_headers_in_the_readers_language_and_extra_columns_are_understood():
    content = sheets.csv_bytes([[*sheets.GOOD[0], "my own note"]], header=[*headers(), "Notes"])

    rows = read_content(content, name="h.csv")

    assert rows[0].text("authority") == "Акимат города Алматы"
    assert "Notes" not in rows[0].cells


def test_missing_columns_are_named():
    message = refusal("Что;Дата\nПикет;2023-01-01\n".encode())

    assert "Title" in message
    assert "Authority" in message
    assert "template" in message


def test_more_rows_than_the_limit_is_refused_without_reading_them_all(monkeypatch):
    many = sheets.csv_bytes([sheets.GOOD[2]] * 50_000)

    message = refusal(many)

    assert f"more than {reading.MAX_ROWS} rows" in message
    assert "Split it" in message


def test_a_30_mb_file_is_refused_before_it_is_read():
    content = sheets.csv_bytes() + b"x" * (30 * 1024 * 1024)

    with pytest.raises(ValidationError) as caught:
        read_upload(SimpleUploadedFile("big.csv", content))

    message = caught.value.message_dict["file"][0].replace("\xa0", " ")
    assert "30.0 MB" in message
    assert "5.0 MB" in message


def test_a_quote_left_open_swallows_the_rest_into_one_cell_and_its_row_is_refused(db):
    """The csv module reads an unclosed quote to the end of the file: one row, one cell, and the
    row's reason names the columns left empty."""
    from imports.rows import Lookups, RowProblems, parse_row
    from organizations.models import Organization

    content = b'title,event_type,starts_at,location,authority,filed_on\n"Open quote,rally,2020-01-01,x,y,2020-01-01\n'
    rows = read_content(content, name="h.csv")

    assert len(rows) == 1
    with pytest.raises(RowProblems) as caught:
        parse_row(rows[0], Lookups.for_organization(Organization.objects.create(name="G", kind="group")))
    assert "“Event type” is empty." in caught.value.problems


def test_an_empty_file_and_a_header_alone_are_refused():
    assert "empty" in refusal(b"  \n")
    assert "no rows" in refusal(sheets.csv_bytes([]))


# --- XLSX --------------------------------------------------------------------------------------


def test_an_xlsx_gives_dates_as_dates_and_dd_mm_yyyy_text_as_text():
    rows = read_content(sheets.xlsx_bytes(), name="h.xlsx")

    assert str(rows[1].cells["filed_on"]) == "2021-02-20"
    assert rows[0].cells["filed_on"] == "10.05.2023"


def test_merged_cells_refuse_the_file_naming_them():
    message = refusal(sheets.xlsx_bytes(edit=lambda sheet: sheet.merge_cells("E2:E3")), name="h.xlsx")

    assert "merged cells (E2:E3)" in message


def test_a_formula_refuses_its_row_not_the_file():
    def add_formula(sheet):
        sheet["G2"] = "=DATE(2023,5,10)"

    rows = read_content(sheets.xlsx_bytes(edit=add_formula), name="h.xlsx")

    assert rows[0].formulas == ["filed_on"]
    assert rows[1].formulas == []


def test_a_zip_that_is_no_workbook_is_refused():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hello")

    assert "could not be opened" in refusal(buffer.getvalue(), name="h.xlsx")


def test_a_zip_bomb_is_refused_before_it_is_inflated(monkeypatch):
    monkeypatch.setattr(reading, "MAX_XLSX_INFLATED_BYTES", 1000)

    assert "unpacks to more" in refusal(sheets.xlsx_bytes(), name="h.xlsx")


def test_headers_written_in_russian_or_kazakh_are_understood():
    """Needs the ru/kk catalogues (translations merged)."""
    for language in ("ru", "kk"):
        with translation.override(language):
            localised = headers()
        with translation.override("en"):
            rows = read_content(sheets.csv_bytes([sheets.GOOD[0]], header=localised), name="h.csv")
        assert rows[0].text("authority") == "Акимат города Алматы", language


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("21.03.2024", "2024-03-21"),
        ("2024-03-21", "2024-03-21"),
        ("1.3.2024", "2024-03-01"),
        ("21.03.0024", None),
        ("2024-13-01", None),
        ("March 21, 2024", None),
    ],
)
def test_both_date_styles_and_nothing_else(db, written, expected):
    from imports.reading import SheetRow
    from imports.rows import Lookups, RowProblems, parse_row
    from organizations.models import Organization

    row = dict(zip(sheets.HEADER, sheets.GOOD[2], strict=True))
    lookups = Lookups.for_organization(Organization.objects.create(name="G", kind="group"))
    try:
        parsed = parse_row(SheetRow(number=2, cells={**row, "filed_on": written}), lookups)
    except RowProblems as problems:
        assert expected is None
        assert f"“{written}” in “Filed on” is not a date" in str(problems)
    else:
        assert parsed.filed_on.isoformat() == expected


def test_a_csv_ruqsat_exported_reads_back_without_its_defusing_apostrophes():
    from reports.exports import cell

    content = sheets.csv_bytes([[cell(value) for value in sheets.GOOD[3]]])

    assert "'- басқа".encode() in content
    assert read_content(content, name="h.csv")[0].text("refusal_quotes") == "- басқа іс-шараның өткізілуіне байланысты"


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_no_two_columns_share_a_header_in_any_language(language):
    with translation.override(language):
        assert len(set(headers())) == len(headers())
