"""The dashboard's "What is next": each application in the one section that says what it waits for —
a filed one under "awaiting the authority's answer" (not again under upcoming), an approved one under
"Approved: upcoming assemblies", a past approved one under neither."""

import datetime as dt

import lxml.html
import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import filed_application

pytestmark = pytest.mark.django_db


def sections(html: str) -> dict[str, list[str]]:
    """Each "What is next" heading with the application titles listed under it."""
    page = lxml.html.fromstring(html)
    shown = {}
    for heading in page.xpath("//h3"):
        group = heading.getnext()
        if group is not None and "list-group" in (group.get("class") or ""):
            titles = group.xpath(".//a//span[contains(@class, 'fw-semibold')]")
            shown[" ".join(heading.text_content().split())] = [t.text_content().strip() for t in titles]
    return shown


def approved(title, *, organization, starts_in_days):
    application = filed_application(
        organization=organization,
        title=title,
        starts_at=timezone.now() + dt.timedelta(days=starts_in_days),
        filed_on=dt.date(2021, 11, 1),
    )
    application.record_decision(outcome="approved", decided_on=dt.date(2021, 11, 5), received_on=dt.date(2021, 11, 5))
    return application


def test_each_application_is_listed_once_in_the_section_that_fits(world, login):
    filed_application(
        organization=world.lead, title="Filed, no answer", starts_at=timezone.now() + dt.timedelta(days=10)
    )
    for title, days in (("Approved, coming", 12), ("Approved, past", -3)):
        approved(title, organization=world.lead, starts_in_days=days)
    shown = sections(login(world.member).get(reverse("dashboard")).content.decode())
    assert shown["Filed, awaiting the authority's answer"] == ["Filed, no answer"]
    assert shown["Approved: upcoming assemblies"] == ["Approved, coming"]
    listed = [title for titles in shown.values() for title in titles]
    assert listed.count("Filed, no answer") == 1
    assert "Approved, past" not in listed
    assert "Upcoming assemblies" not in shown


def test_a_filed_application_is_not_offered_as_an_upcoming_assembly(world, login):
    filed_application(organization=world.lead, title="Only filed", starts_at=timezone.now() + dt.timedelta(days=3))
    shown = sections(login(world.member).get(reverse("dashboard")).content.decode())
    assert "Approved: upcoming assemblies" not in shown
    assert shown["Filed, awaiting the authority's answer"] == ["Only filed"]
