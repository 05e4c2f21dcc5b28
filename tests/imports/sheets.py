"""A realistic history spreadsheet: Russian and Kazakh text, both date styles, names in both
languages and by code, four good rows and four bad ones."""

import csv
import datetime as dt
import io

import openpyxl

HEADER = [
    "title",
    "event_type",
    "starts_at",
    "ends_at",
    "location",
    "authority",
    "filed_on",
    "reference_number",
    "outcome",
    "decided_on",
    "received_on",
    "decision_reference_number",
    "conditions",
    "refusal_reasons",
    "refusal_quotes",
    "appeal_venue",
    "appeal_filed_on",
    "appeal_case_number",
]


def row(**values):
    return [values.get(key, "") for key in HEADER]


GOOD = [
    # Row 2: a refusal on two grounds, quoted, appealed to court; Russian names, dd.mm.yyyy.
    row(
        title="Пикет против сноса сквера у театра",
        event_type="Пикет",
        starts_at="20.05.2023 12:00",
        location="Сквер у театра оперы и балета",
        authority="Акимат города Алматы",
        filed_on="10.05.2023",
        reference_number="ЖТ-2023-0417",
        outcome="Отказано",
        decided_on="15.05.2023",
        received_on="16.05.2023",
        refusal_reasons="Ремонтные или строительные работы | conflicting_event",
        refusal_quotes="в связи с проведением ремонтно-монтажных работ | в связи с проведением другого мероприятия",
        appeal_venue="Суд",
        appeal_filed_on="25.05.2023",
        appeal_case_number="2-1234/2023",
    ),
    # Row 3: Kazakh names and text, ISO dates, approved.
    row(
        title="Әйелдер құқығы үшін шеру",
        event_type="Шеру",
        starts_at="2021-03-08 11:00",
        ends_at="2021-03-08 13:00",
        location="Астана алаңы, Алматы",
        authority="Алматы қаласының әкімдігі",
        filed_on="2021-02-20",
        outcome="Келісілді",
        decided_on="2021-02-25",
    ),
    # Row 4: filed in 2019, no answer recorded; by code.
    row(
        title="Митинг за чистый воздух",
        event_type="rally",
        starts_at="2019-11-30",
        location="Площадь Республики",
        authority="Akimat of Almaty city",
        filed_on="2019-11-15",
    ),
    # Row 5: refused in Kazakh, one ground.
    row(
        title="Экологиялық пикет",
        event_type="picket",
        starts_at="2022-06-05 10:00",
        location="Абай даңғылы",
        authority="Алматы қаласының әкімдігі",
        filed_on="25.05.2022",
        outcome="Бас тартылды",
        decided_on="30.05.2022",
        refusal_reasons="Басқа іс-шараның өткізілуі",
        refusal_quotes="- басқа іс-шараның өткізілуіне байланысты",  # a formula start, defused in CSV
    ),
]
BAD = [
    # Row 6: an authority nobody knows.
    row(
        title="Митинг в Атлантиде",
        event_type="rally",
        starts_at="01.09.2022",
        location="Центральная площадь",
        authority="Акимат города Атлантиды",
        filed_on="20.08.2022",
    ),
    # Row 7: no 31 February.
    row(
        title="Собрание жильцов",
        event_type="meeting",
        starts_at="31.02.2023",
        location="Двор дома 5",
        authority="Акимат города Алматы",
        filed_on="01.02.2023",
    ),
    # Row 8: a refusal without grounds: the verb refuses it.
    row(
        title="Шествие студентов",
        event_type="march",
        starts_at="2020-09-01 10:00",
        location="Проспект Абая",
        authority="Акимат города Алматы",
        filed_on="2020-08-20",
        outcome="refused",
        decided_on="2020-08-25",
    ),
    # Row 9: row 2 again.
    GOOD[0],
]
GOOD_ROWS = [2, 3, 4, 5]
REFUSED_ROWS = [6, 7, 8]
DUPLICATE_ROWS = [9]


def csv_bytes(rows=None, *, delimiter=",", encoding="utf-8", header=HEADER) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(GOOD + BAD if rows is None else rows)
    return buffer.getvalue().encode(encoding)


def _typed(value: str):
    """Dates as an XLSX cell holds them (a real date), the rest as text."""
    try:
        return dt.datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        return value


def xlsx_bytes(rows=None, *, header=HEADER, typed_dates=True, edit=None) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for values in GOOD + BAD if rows is None else rows:
        sheet.append([_typed(v) if typed_dates else v for v in values])
    if edit:
        edit(sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
