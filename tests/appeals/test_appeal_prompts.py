"""Once an appeal is open, the dashboard and the application page stop prompting "consider an
appeal" and say where the appeal stands instead, with a link to it."""

import datetime as dt

import lxml.html
import pytest
from django.urls import reverse
from django.utils import timezone

from tests.appeals.test_views_my_appeals import shown

pytestmark = pytest.mark.django_db


def test_the_dashboard_prompts_an_appeal_only_while_there_is_none(world, refused, login):
    client = login(world.coordinator)
    before = client.get(reverse("dashboard")).content.decode()
    assert "Refused: consider an appeal" in before and "Refused and appealed" not in before


def test_the_dashboard_shows_the_appeal_in_preparation_with_a_link(world, appeal, login):
    html = login(world.coordinator).get(reverse("dashboard")).content.decode()
    assert "Refused: consider an appeal" not in html
    page = lxml.html.fromstring(html)
    (card,) = page.xpath("//div[contains(@class, 'refused-appealed')]/a")
    assert card.get("href") == reverse("appeals:workspace", args=[appeal.pk])
    words = " ".join(card.text_content().split())
    assert "Women's march on 8 March 2022" in words
    assert "Appeal in preparation: the time to file it ended on 28 Feb 2022." in words  # seen after 2022
    assert "Higher authority" in words


def test_the_application_page_leads_to_the_appeal_instead_of_prompting_another(world, appeal, login):
    html = login(world.coordinator).get(reverse("permits:application_detail", args=[appeal.application.pk]))
    html = html.content.decode()
    page = lxml.html.fromstring(html)
    (warning,) = page.xpath("//*[contains(@class, 'warning-appeal-open')]")
    assert " ".join(warning.text_content().split()).startswith(
        "Appeal in preparation: the time to file it ended on 28 Feb 2022."
    )
    assert warning.xpath(".//a/@href") == [reverse("appeals:workspace", args=[appeal.pk])]
    (appeals,) = page.xpath("//section[@id='appeals']")
    buttons = [" ".join(a.text_content().split()) for a in appeals.xpath(".//a[contains(@class, 'btn')]")]
    assert buttons == ["Open another appeal"]
    assert not appeals.xpath(".//a[contains(@class, 'btn-danger')]")


def test_before_an_appeal_the_application_page_prompts_one(world, refused, login):
    application, _decision = refused
    html = login(world.coordinator).get(reverse("permits:application_detail", args=[application.pk]))
    page = lxml.html.fromstring(html.content.decode())
    assert not page.xpath("//*[contains(@class, 'warning-appeal-open')]")
    (button,) = page.xpath("//section[@id='appeals']//a[contains(@class, 'btn-danger')]")
    assert " ".join(button.text_content().split()) == "Open an appeal"


def test_an_appeal_still_in_time_says_by_when_to_file_it(world, appeal, login):
    deadline = appeal.filing_deadline
    deadline.due_on = timezone.localdate() + dt.timedelta(days=10)
    deadline.due_at = timezone.now() + dt.timedelta(days=10)
    deadline.save()
    html = login(world.coordinator).get(reverse("dashboard")).content.decode()
    assert f"Appeal in preparation: file it by {shown(deadline.due_on)}." in " ".join(html.split())
