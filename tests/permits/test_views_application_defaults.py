"""Defaults from the right place (issue 13 §5): the New application form proposes the authority of
the lead group's city — never the one someone else entered last — and "Ends at" from "Starts at"
plus the type's usual length (without JavaScript too); a scan of the filing can be attached."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from permits.models import Authority, Document, PermitApplication
from tests.factories import MembershipFactory, OrganizationFactory, PermitApplicationFactory
from tests.permits.test_views_applications import new_application_data

pytestmark = pytest.mark.django_db

NEW = reverse("permits:application_create")
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_the_authority_is_proposed_from_the_lead_groups_city_not_from_someone_elses_last_entry(world, login):
    world.lead.city = "Almaty"
    world.lead.save()
    astana = Authority.objects.get(name="Akimat of Astana city")
    PermitApplicationFactory(organization=world.lead, authority=astana, created_by=world.coordinator)
    form = login(world.member).get(NEW).context["form"]
    assert form.initial["authority"] == Authority.objects.get(name="Akimat of Almaty city").pk


def test_the_city_is_matched_in_any_of_its_languages(world, login):
    world.lead.city = "алматы"
    world.lead.save()
    assert Authority.objects.proposed_for(world.lead) == Authority.objects.get(name="Akimat of Almaty city")


def test_a_group_without_a_known_city_gets_no_proposal(world, login):
    world.lead.city = ""
    world.lead.save()
    PermitApplicationFactory(organization=world.lead, authority=Authority.objects.get(name="Akimat of Astana city"))
    form = login(world.member).get(NEW).context["form"]
    assert form.initial.get("authority") is None


def test_each_lead_group_carries_its_proposal_for_the_script(world, login):
    shymkent_group = OrganizationFactory(name="Shymkent initiative", city="Shymkent")
    MembershipFactory(user=world.member, organization=shymkent_group)
    world.lead.city = "Almaty"
    world.lead.save()
    html = login(world.member).get(NEW).content.decode()
    almaty = Authority.objects.get(name="Akimat of Almaty city").pk
    shymkent = Authority.objects.get(name="Akimat of Shymkent city").pk
    assert f"&quot;{world.lead.pk}&quot;: {almaty}" in html
    assert f"&quot;{shymkent_group.pk}&quot;: {shymkent}" in html
    assert "js/application-form.js" in html


def test_an_empty_end_is_proposed_from_the_start_and_the_types_usual_length(world, login):
    response = login(world.member).post(NEW, new_application_data(world, ends_at="", event_type="picket"))
    assert response.status_code == 200
    assert not PermitApplication.objects.filter(title="March 8 march").exists()
    form = response.context["form"]
    assert "ends_at" in form.errors
    assert form["ends_at"].value() == "2022-03-08T13:00"  # a picket: one hour
    assert 'value="2022-03-08T13:00"' in response.content.decode()
    # Saved as proposed once the person has seen it.
    login(world.member).post(NEW, new_application_data(world, ends_at="2022-03-08T13:00", event_type="picket"))
    application = PermitApplication.objects.get(title="March 8 march")
    assert timezone.localtime(application.ends_at).hour == 13


def test_the_edit_form_still_requires_an_end(world, login):
    url = reverse("permits:application_edit", args=[world.application.pk])
    response = login(world.member).get(url)
    assert response.status_code == 200
    assert response.context["form"].fields["ends_at"].required is False  # checked in clean()


def test_a_scan_of_the_filing_can_be_attached_on_the_create_form(world, login):
    scan = SimpleUploadedFile("stamped.pdf", PDF_BYTES, content_type="application/pdf")
    data = new_application_data(world, **{"document-file": scan, "document-kind": "filing", "document-title": ""})
    response = login(world.member).post(NEW, data)
    application = PermitApplication.objects.get(title="March 8 march")
    assert response.status_code == 302
    document = application.documents.get()
    assert (document.kind, document.title, document.uploaded_by) == (Document.Kind.FILING, "stamped.pdf", world.member)


def test_a_refused_attachment_saves_nothing_and_keeps_what_was_typed(world, login):
    fake = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")
    data = new_application_data(world, **{"document-file": fake, "document-kind": "filing"})
    response = login(world.member).post(NEW, data)
    assert response.status_code == 200
    assert not PermitApplication.objects.filter(title="March 8 march").exists()
    assert not Document.objects.exists()
    assert response.context["document_form"].errors["file"]
    html = response.content.decode()
    assert "From Abay Avenue to Republic Square" in html and "Айгерим Сейтқали" in html
    assert "Choose the file again" in html


def test_the_new_application_without_a_file_needs_no_attachment(world, login):
    response = login(world.member).post(NEW, new_application_data(world, **{"document-kind": "filing"}))
    assert response.status_code == 302
    assert not Document.objects.exists()


def test_the_usual_lengths_cover_every_event_type():
    from permits.models import EventType
    from permits.models.applications import USUAL_LENGTH

    assert set(USUAL_LENGTH) == set(EventType)
    assert all(dt.timedelta(0) < length <= dt.timedelta(hours=12) for length in USUAL_LENGTH.values())
