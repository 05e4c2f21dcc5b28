import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from appeals.models import Appeal
from permits.models import Deadline, PermitApplication
from reminders.models import Reminder
from tests.imports import sheets

pytestmark = pytest.mark.django_db


def post(client, organization, content, *, name="history.csv", dry_run=False):
    upload = SimpleUploadedFile(name, content)
    return client.post(
        "/api/v1/imports/",
        {"organization": organization.pk, "file": upload, "dry_run": "true" if dry_run else "false"},
        format="multipart",
    )


def by_row(response):
    return {row["row"]: row for row in response.json()["rows"]}


def test_a_realistic_csv_stores_exactly_the_good_rows_with_their_deadlines(world, api_as):
    before = set(PermitApplication.objects.values_list("pk", flat=True))
    response = post(api_as(world.coordinator), world.lead, sheets.csv_bytes(delimiter=";"))

    assert response.status_code == 200, response.content
    rows = by_row(response)
    assert [n for n, r in rows.items() if r["status"] == "ok"] == sheets.GOOD_ROWS
    assert [n for n, r in rows.items() if r["status"] == "refused"] == sheets.REFUSED_ROWS
    assert [n for n, r in rows.items() if r["status"] == "duplicate"] == sheets.DUPLICATE_ROWS
    assert "Акимат города Атлантиды" in rows[6]["reason"]
    assert "31.02.2023" in rows[7]["reason"]
    assert "ground" in rows[8]["reason"]
    assert "row 2" in rows[9]["reason"]

    stored = PermitApplication.objects.exclude(pk__in=before)
    assert sorted(stored.values_list("pk", flat=True)) == sorted(rows[n]["application"] for n in sheets.GOOD_ROWS)
    picket = stored.get(pk=rows[2]["application"])
    assert picket.title == "Пикет против сноса сквера у театра"
    assert picket.organization == world.lead
    assert picket.status == "refused"
    assert picket.filed_on == dt.date(2023, 5, 10)
    assert picket.starts_at.isoformat() == "2023-05-20T06:00:00+00:00"  # 12:00 in Almaty
    decision = picket.latest_decision
    assert [(g.reason.code, g.quote) for g in decision.grounds.order_by("position")] == [
        ("repair_works", "в связи с проведением ремонтно-монтажных работ"),
        ("conflicting_event", "в связи с проведением другого мероприятия"),
    ]
    appeal = Appeal.objects.get(pk=rows[2]["appeal"])
    assert (appeal.venue, appeal.status, appeal.filed_on, appeal.case_number) == (
        "court",
        "filed",
        dt.date(2023, 5, 25),
        "2-1234/2023",
    )
    # Deadlines computed as for a typed application, all of them past.
    assert picket.deadlines.filter(kind="authority_response").exists()
    assert appeal.filing_deadline.done_at is not None  # met on the day the appeal was filed
    assert picket.deadlines.filter(kind="appeal_filing").exists()
    assert stored.get(pk=rows[3]["application"]).status == "approved"
    assert stored.get(pk=rows[4]["application"]).status == "filed"
    assert stored.get(pk=rows[4]["application"]).deadlines.filter(kind="authority_response").exists()
    assert not Deadline.objects.filter(application__in=stored, due_at__gt=timezone.now()).exists()
    # Past and over: none is on anyone's dashboard as pressing.
    assert Deadline.objects.filter(application__in=stored).overdue().exists()
    assert not Deadline.objects.filter(application__in=stored).pressing().exists()
    # History plans no reminders: nobody gets mail about a 2019 deadline.
    assert not Reminder.objects.filter(deadline__application__in=stored).exists()
    # The timeline and the audit trail name the coordinator.
    assert picket.timeline.filter(created_by=world.coordinator, kind="decision").exists()


def test_the_same_file_twice_adds_nothing(world, api_as):
    client = api_as(world.coordinator)
    post(client, world.lead, sheets.csv_bytes())
    count = PermitApplication.objects.count()

    rows = by_row(post(client, world.lead, sheets.csv_bytes()))

    assert PermitApplication.objects.count() == count
    assert [n for n, r in rows.items() if r["status"] == "duplicate"] == [*sheets.GOOD_ROWS, 9]
    assert "Already in Ruqsat" in rows[2]["reason"]


def test_a_row_matching_a_typed_application_is_a_duplicate(world, api_as):
    from tests.factories import filed_application

    typed = filed_application(
        organization=world.lead,
        event_type="rally",
        starts_at=dt.datetime(2019, 11, 30, 15, tzinfo=dt.UTC),
        filed_on=dt.date(2019, 11, 15),
    )
    rows = by_row(post(api_as(world.coordinator), world.lead, sheets.csv_bytes([sheets.GOOD[2]])))

    assert rows[2]["status"] == "duplicate"
    assert rows[2]["application"] == typed.pk


def test_a_dry_run_stores_nothing_and_says_what_would_be(world, api_as):
    count, appeals = PermitApplication.objects.count(), Appeal.objects.count()

    response = post(api_as(world.coordinator), world.lead, sheets.csv_bytes(), dry_run=True)

    rows = by_row(response)
    assert response.json()["dry_run"] is True
    assert [n for n, r in rows.items() if r["status"] == "ok"] == sheets.GOOD_ROWS
    assert rows[9]["status"] == "duplicate"  # of row 2, which the real run would store
    assert all(r["application"] is None for r in rows.values() if r["status"] == "ok")
    assert (PermitApplication.objects.count(), Appeal.objects.count()) == (count, appeals)


def test_windows_1251_with_commas_reads_the_cyrillic(world, api_as):
    russian_only = [sheets.GOOD[0], sheets.GOOD[2]]
    response = post(api_as(world.coordinator), world.lead, sheets.csv_bytes(russian_only, encoding="cp1251"))

    rows = by_row(response)
    assert [r["status"] for r in rows.values()] == ["ok", "ok"]
    assert PermitApplication.objects.get(pk=rows[2]["application"]).title == "Пикет против сноса сквера у театра"


def test_an_xlsx_with_date_cells_stores_the_same_rows(world, api_as):
    response = post(api_as(world.coordinator), world.lead, sheets.xlsx_bytes(), name="history.xlsx")

    rows = by_row(response)
    assert [n for n, r in rows.items() if r["status"] == "ok"] == sheets.GOOD_ROWS
    assert PermitApplication.objects.get(pk=rows[3]["application"]).filed_on == dt.date(2021, 2, 20)


@pytest.mark.parametrize(
    ("content", "name", "words"),
    [
        (b"", "empty.csv", "empty"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old.xls", "not a CSV or XLSX"),
        (b"PK\x03\x04 not really a zip", "broken.xlsx", "could not be opened"),
        ("Что;Дата\nПикет;2023-01-01\n".encode(), "other.csv", "missing"),
    ],
)
def test_a_file_that_cannot_be_read_is_a_400_on_file(world, api_as, content, name, words):
    response = post(api_as(world.coordinator), world.lead, content, name=name)

    assert response.status_code == 400
    assert words in response.json()["file"][0]


def test_a_member_gets_403_and_an_outsider_404(world, api_as):
    content = sheets.csv_bytes()
    assert post(api_as(world.member), world.lead, content).status_code == 403
    assert post(api_as(world.outsider), world.lead, content).status_code == 404
    assert post(api_as(world.coordinator), world.other_group, content).status_code == 404
    assert not PermitApplication.objects.filter(title="Пикет против сноса сквера у театра").exists()


def test_an_import_writes_only_into_the_named_group(world, api_as):
    """Nothing in the file can name another group: every row becomes the named group's application,
    and another group's private authority is not found."""
    from permits.models import Authority

    Authority.objects.create(
        name="Private office", jurisdiction=world.application.authority.jurisdiction, organization=world.other_group
    )
    rows = [sheets.row(**{**dict(zip(sheets.HEADER, sheets.GOOD[2], strict=True)), "authority": "Private office"})]
    client = api_as(world.coordinator)

    response = post(client, world.lead, sheets.csv_bytes(rows))
    assert by_row(response)[2]["status"] == "refused"
    assert not world.other_group.led_applications.exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_template_names_every_column(world, api_as, fmt):
    response = api_as(world.member).get(f"/api/v1/imports/template.{fmt}")

    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if fmt == "csv":
        assert body.decode("utf-8-sig").startswith('"Title","Event type","Starts at"')
    else:
        assert body[:2] == b"PK"


def test_the_api_needs_a_login(world, api_client):
    assert api_client.post("/api/v1/imports/", {}).status_code == 401


def test_the_reasons_are_in_the_readers_language(world, api_as):
    """The first two need this branch's ru catalogue entries (translations merged)."""
    world.coordinator.language = "ru"
    world.coordinator.save()

    response = api_as(world.coordinator).post(
        "/api/v1/imports/",
        {
            "organization": world.lead.pk,
            "file": SimpleUploadedFile("h.csv", sheets.csv_bytes(sheets.BAD[:3])),
            "dry_run": "true",
        },
        format="multipart",
        HTTP_ACCEPT_LANGUAGE="ru",
    )

    rows = by_row(response)
    assert "Для отказа нужно указать хотя бы одно основание." in rows[4]["reason"]  # the verb's own words
    assert "нет «Акимат города Атлантиды»" in rows[2]["reason"]
    assert "«31.02.2023»" in rows[3]["reason"]
    assert "не дата" in rows[3]["reason"]


def test_an_xlsx_formula_refuses_its_row_and_merged_cells_the_file(world, api_as):
    client = api_as(world.coordinator)

    def add_formula(sheet):
        sheet["G3"] = "=DATE(2021,2,20)"

    rows = by_row(post(client, world.lead, sheets.xlsx_bytes(edit=add_formula), name="h.xlsx", dry_run=True))
    assert rows[3]["status"] == "refused"
    assert "“Filed on” holds a formula" in rows[3]["reason"]
    assert rows[2]["status"] == rows[4]["status"] == "ok"

    merged = post(client, world.lead, sheets.xlsx_bytes(edit=lambda s: s.merge_cells("A2:A3")), name="h.xlsx")
    assert merged.status_code == 400
    assert "merged cells (A2:A3)" in merged.json()["file"][0]


def test_values_too_long_refuse_their_row_only(world, api_as):
    values = dict(zip(sheets.HEADER, sheets.GOOD[0], strict=True))
    rows = [
        sheets.row(**{**values, "appeal_case_number": "9" * 101}),
        sheets.row(**{**values, "title": "Т" * 201}),
        sheets.GOOD[1],
    ]

    outcome = by_row(post(api_as(world.coordinator), world.lead, sheets.csv_bytes(rows)))

    assert [r["status"] for r in outcome.values()] == ["refused", "refused", "ok"]
    assert "longer than 100 characters" in outcome[2]["reason"]
    assert outcome[3]["reason"].startswith("Title:")
    assert not PermitApplication.objects.filter(title=values["title"]).exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"dry_run": "false"}, "file"),
        ({"file": "history.csv"}, "dry_run"),
        ({"file": "history.csv", "dry_run": "maybe"}, "dry_run"),
        ({"file": "history.csv", "dry_run": "true", "organization": "Feminita"}, "organization"),
    ],
)
def test_a_missing_or_bad_field_is_a_400_naming_it(world, api_as, fields, field):
    data = {"organization": world.lead.pk, **fields}
    if "file" in data:
        data["file"] = SimpleUploadedFile("history.csv", sheets.csv_bytes())

    response = api_as(world.coordinator).post("/api/v1/imports/", data, format="multipart")

    assert response.status_code == 400
    assert field in response.json()
    assert not PermitApplication.objects.filter(title=sheets.GOOD[0][0]).exists()


def test_a_case_number_without_the_appeals_filing_day_is_refused(world, api_as):
    values = dict(zip(sheets.HEADER, sheets.GOOD[0], strict=True))
    rows = [sheets.row(**{**values, "appeal_filed_on": ""})]

    outcome = by_row(post(api_as(world.coordinator), world.lead, sheets.csv_bytes(rows), dry_run=True))

    assert outcome[2]["status"] == "refused"
    assert "A case number needs the day the appeal was filed" in outcome[2]["reason"]
