"""A refused upload on a phone (issue 13 §8): the page comes back at the top of a long application
page, so the message carries `autofocus` and the browser scrolls to it, without JavaScript."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_refused_upload_sends_the_browser_to_its_message(world, login):
    fake = SimpleUploadedFile("scan.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    response = login(world.member).post(
        reverse("permits:document_upload", args=[world.application.pk]), {"file": fake, "kind": "filing"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    focused = re.findall(r"<[^>]*\bautofocus\b[^>]*>", html)
    assert len(focused) == 1, "one element takes the focus: the upload's message"
    assert 'id="upload-refused"' in focused[0] and 'tabindex="-1"' in focused[0]
    assert html.index('id="upload-refused"') < html.index('name="file"')


def test_the_application_page_takes_no_focus_when_nothing_went_wrong(world, login):
    html = login(world.member).get(reverse("permits:application_detail", args=[world.application.pk])).content.decode()
    assert "autofocus" not in html
