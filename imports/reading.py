"""Reading an uploaded CSV or XLSX into numbered rows of cells, or one clear reason why the whole
file cannot be read. Nothing here touches the database: the rows go to imports.services.

Limits, and why these numbers: a group files a few dozen applications a year, so ten years of a
busy monitor's spreadsheet is a few hundred rows and a few hundred kilobytes. Every row runs the
same verbs as a typed application (deadlines, timeline, audit trail, an appeal's first draft)
inside the request, twice (preview, then import): measured at 0.1-0.3 s for a row with a refusal
and an appeal, so MAX_ROWS keeps each step within a minute or two. MAX_FILE_BYTES leaves room for
long quotes (and an XLSX's own weight) ten times over. A bigger history is imported in parts, which
the file-level message says; past that, the import would move to a background job."""

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field

import openpyxl
from charset_normalizer import from_bytes
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from imports.columns import COLUMNS, header_keys, normalise_header
from reports.formulas import undo_defusing

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 500
# An XLSX is a ZIP: refuse one that would inflate past this (a "zip bomb" of a few KB).
MAX_XLSX_INFLATED_BYTES = 50 * 1024 * 1024
# The code pages a Kazakhstani spreadsheet saved as "CSV" comes in besides UTF-8: Windows Cyrillic
# (Excel on a Russian or Kazakh Windows) and KZ-1048, the Windows code page with the Kazakh letters.
LEGACY_ENCODINGS = ("cp1251", "kz1048")
_MERGED_CELL = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*\bref=\"([A-Z0-9:]+)\"")


@dataclass
class SheetRow:
    number: int  # as the spreadsheet numbers it: the header is row 1
    cells: dict[str, object]  # column key → text, or a date/datetime an XLSX cell held
    formulas: list[str] = field(default_factory=list)  # keys of the columns whose cell is a formula

    def text(self, key: str) -> str:
        value = self.cells.get(key)
        return "" if value is None else str(value).strip()


def _refuse(message) -> ValidationError:
    return ValidationError({"file": [message]})


def read_upload(uploaded) -> list[SheetRow]:
    """The rows of an uploaded file (a Django UploadedFile), or a ValidationError on `file`."""
    if uploaded.size > MAX_FILE_BYTES:
        raise _refuse(
            _("The file is %(size)s; the import takes files up to %(limit)s. Split it into parts and import each.")
            % {"size": filesizeformat(uploaded.size), "limit": filesizeformat(MAX_FILE_BYTES)}
        )
    uploaded.seek(0)
    content = uploaded.read()
    return read_content(content, name=uploaded.name or "")


def read_content(content: bytes, *, name: str) -> list[SheetRow]:
    if not content.strip():
        raise _refuse(_("The file is empty."))
    if content[:4] == b"PK\x03\x04":
        rows = _xlsx_rows(content)
    elif name.lower().endswith((".xlsx", ".xls", ".ods")) or content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise _refuse(_("This is not a CSV or XLSX file. Save it from your spreadsheet as .xlsx or .csv."))
    else:
        rows = _csv_rows(content)
    return _with_headers(rows)


def _with_headers(rows) -> list[SheetRow]:
    """Map the first non-empty row to column keys, then collect the rows under it, stopping as soon
    as the row limit is passed (a 50,000-row file is never held as 50,000 rows)."""
    keys = header_keys()
    header = None
    result = []
    for number, values, formulas in rows:
        if not any(_blank_to_none(value) is not None for value in values):
            continue
        if header is None:
            header = [keys.get(normalise_header(value)) for value in values]
            missing = [c.header() for c in COLUMNS if c.required and c.key not in header]
            if missing:
                raise _refuse(
                    _("The first row must name the columns; these are missing: %(columns)s. Start from the template.")
                    % {"columns": ", ".join(missing)}
                )
            continue
        if len(result) >= MAX_ROWS:
            raise _refuse(
                _(
                    "The file has more than %(limit)s rows; the import takes up to %(limit)s at a time. "
                    "Split it into parts."
                )
                % {"limit": MAX_ROWS}
            )
        cells = {key: values[i] for i, key in enumerate(header) if key and i < len(values)}
        result.append(
            SheetRow(
                number=number,
                cells=cells,
                formulas=[header[i] for i in formulas if i < len(header) and header[i]],
            )
        )
    if header is None:
        raise _refuse(_("The file is empty."))
    if not result:
        raise _refuse(_("The file has a header but no rows under it."))
    return result


def _blank_to_none(value):
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return value


# --- CSV -------------------------------------------------------------------------------------------


def decode_csv(content: bytes) -> str:
    """The text of a CSV: UTF-8 (with or without the BOM Excel writes), UTF-16 with its BOM, or the
    Windows code page a Kazakhstani Excel saves in."""
    if content[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = from_bytes(content[:200_000], cp_isolation=list(LEGACY_ENCODINGS)).best()
    encoding = best.encoding if best is not None else LEGACY_ENCODINGS[0]
    try:
        return content.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise _refuse(
            _("The file's characters could not be read. Save it from your spreadsheet as “CSV UTF-8”.")
        ) from None


def sniff_delimiter(text: str) -> str:
    """`,` or `;` (what Excel in ru-KZ and kk-KZ writes) or a tab, from the header line."""
    first_line = text.split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(first_line, delimiters=",;\t").delimiter
    except csv.Error:
        counts = {delimiter: first_line.count(delimiter) for delimiter in ",;\t"}
        return max(counts, key=counts.get)


def _csv_rows(content: bytes):
    text = decode_csv(content)
    if "\x00" in text:
        raise _refuse(_("This is not a CSV or XLSX file. Save it from your spreadsheet as .xlsx or .csv."))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    try:
        for values in reader:
            # A CSV exported by Ruqsat has an apostrophe before any text that would run as a formula.
            yield reader.line_num, [undo_defusing(value) for value in values], []
    except csv.Error:
        raise _refuse(
            _("Line %(line)s of the file could not be read as CSV (a quote left open?).") % {"line": reader.line_num}
        ) from None


# --- XLSX ------------------------------------------------------------------------------------------


def _xlsx_rows(content: bytes):
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        if sum(info.file_size for info in archive.infolist()) > MAX_XLSX_INFLATED_BYTES:
            raise _refuse(_("The XLSX file unpacks to more than the import takes. Split it into parts."))
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False)
        sheet = workbook.worksheets[0]
        merged = _MERGED_CELL.findall(archive.read(sheet._worksheet_path))
    except ValidationError:
        raise
    except Exception:  # openpyxl raises a dozen kinds on a damaged or foreign file
        raise _refuse(_("This XLSX file could not be opened. Save it again from your spreadsheet as .xlsx.")) from None
    if merged:
        raise _refuse(
            _(
                "The sheet has merged cells (%(cells)s): a merged cell belongs to no single row. "
                "Unmerge them and import again."
            )
            % {"cells": ", ".join(ref.decode() for ref in merged[:5])}
        )
    try:
        for number, row in enumerate(sheet.iter_rows(), start=1):
            values, formulas = [], []
            for index, cell in enumerate(row):
                if getattr(cell, "data_type", None) == "f":
                    formulas.append(index)
                    values.append(None)
                else:
                    values.append(_cell_value(getattr(cell, "value", None)))
            yield number, values, formulas
    except ValidationError:
        raise
    except Exception:
        raise _refuse(_("This XLSX file could not be opened. Save it again from your spreadsheet as .xlsx.")) from None
    finally:
        workbook.close()


def _cell_value(value):
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value
