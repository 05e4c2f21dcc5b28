"""Issue 13's journey, in a browser: a member finds the refusal's "received on" mistyped, corrects it
on the decision card and sees the appeal deadline move and the timeline name the change; then deletes
a wrong scan of an ID card, which leaves the page and the server's disk."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import dateformat, formats, translation
from playwright.sync_api import expect

from permits.models import DeadlineKind, Document
from tests.appeals.conftest import almaty_march, refuse
from tests.e2e.conftest import PHONE, assert_styled, log_in
from tests.factories import PASSWORD, verify_email

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def shown(day: dt.date) -> str:
    with translation.override("en"):
        return dateformat.format(day, formats.get_format("DATE_FORMAT"))


def test_a_member_corrects_the_received_on_date_and_deletes_a_wrong_scan(open_window, shot, world):
    application = almaty_march(world)
    refuse(application, by=world.coordinator, received_on=dt.date(2021, 11, 27))
    old_due = application.deadlines.get(kind=DeadlineKind.APPEAL_FILING).due_on
    scan = Document.objects.create(
        application=application,
        kind=Document.Kind.EVIDENCE,
        title="ID card scan",
        file=SimpleUploadedFile("id.png", PNG),
        size=len(PNG),
        content_type="image/png",
        uploaded_by=world.member,
    )
    stored_name = scan.file.name
    verify_email(world.member)

    dana = open_window(PHONE)
    page = dana.page
    log_in(dana, "dana", PASSWORD, next_path=f"/applications/{application.pk}/")
    assert_styled(page)
    expect(page.get_by_text(shown(old_due)).first).to_be_visible()

    # --- the decision card's "Correct" opens the recorded decision, pre-filled ----------------------
    page.get_by_role("link", name="Correct", exact=True).click()
    expect(page.get_by_role("heading", name="Correct the decision")).to_be_visible()
    received = page.get_by_label("Received on")
    expect(received).to_have_value("2021-11-27")
    received.fill("2021-12-03")
    shot(page, "correct-received-on")
    page.get_by_role("button", name="Save the correction").click()
    expect(page.get_by_role("alert").filter(has_text="The decision is corrected.")).to_be_visible()

    new_due = application.deadlines.get(kind=DeadlineKind.APPEAL_FILING).due_on
    assert new_due > old_due
    expect(page.get_by_text(shown(new_due)).first).to_be_visible()
    expect(page.get_by_text(re.compile(r"Decision corrected: received on: .+ → .+"))).to_be_visible()
    shot(page, "deadline-moved")

    # --- the wrong scan: "Delete", confirmed, gone from the page and the disk ------------------------
    page.locator("#documents").get_by_role("link", name="Delete", exact=True).click()
    expect(page.get_by_role("heading", name="Delete this document?")).to_be_visible()
    page.get_by_role("button", name="Delete the document").click()
    expect(page.get_by_role("alert").filter(has_text="The document is deleted")).to_be_visible()
    expect(page.locator("#documents").get_by_text("ID card scan")).to_have_count(0)
    expect(page.get_by_text("Document deleted: Evidence")).to_be_visible()
    shot(page, "scan-deleted")
    assert not Document.objects.exists()
    assert not scan.file.storage.exists(stored_name)
