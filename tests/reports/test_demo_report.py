"""The Almaty demo (issue 9, "done when"): the report shows the refusal's two grounds under their
reasons, and the CSV of the coordinator's applications keeps Kazakh and Russian text intact."""

import csv
import io
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from permits.models import Decision, PermitApplication

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", force=True, stdout=StringIO())


def almaty_march():
    return PermitApplication.objects.get(title="Women's march on 8 March 2022", organization__name="Feminita")


def test_the_report_shows_the_almaty_refusals_two_grounds_under_their_reasons(demo, login):
    refusal = Decision.objects.get(application=almaty_march())
    reasons = [ground.reason.name for ground in refusal.grounds.select_related("reason")]
    assert len(reasons) == 2

    page = login(User.objects.get(username="aizhan")).get(reverse("reports:report"), {"by": "reason"})

    assert page.status_code == 200
    chart = page.content.decode().split('id="by-reason"', 1)[1].split("</section>", 1)[0]
    for reason in reasons:
        assert reason in chart


def test_the_demo_applications_csv_keeps_kazakh_and_russian_letters(demo, login):
    march = almaty_march()
    march.location = "Алматы, Шевченко көшесі — ә ғ қ ң ө ұ ү һ і"
    march.save(update_fields=["location"])

    response = login(User.objects.get(username="aizhan")).get(reverse("reports:export_applications"))

    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    cells = {value for row in rows for value in row}
    assert "Алматы, Шевченко көшесі — ә ғ қ ң ө ұ ү һ і" in cells
    assert "Women's march on 8 March 2022" in cells
