"""The admin has every permits model, with search and filters, and its pages load."""

import datetime as dt

import pytest
from django.contrib import admin
from django.urls import reverse

from permits import models
from tests.factories import TimelineEntryFactory, UserFactory, refused_application

pytestmark = pytest.mark.django_db

ADMINISTERED = [
    models.Jurisdiction,
    models.Authority,
    models.PermitApplication,
    models.Applicant,
    models.CoOrganizer,
    models.TimelineEntry,
    models.Decision,
    models.RefusalGround,
    models.RefusalReason,
    models.Document,
]


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("model", ADMINISTERED, ids=lambda m: m.__name__)
def test_every_permits_model_has_an_admin_with_search_and_filters(model):
    model_admin = admin.site._registry[model]
    assert model_admin.search_fields
    assert model_admin.list_filter
    assert len(model_admin.list_display) > 1


@pytest.mark.parametrize("model", ADMINISTERED, ids=lambda m: m.__name__)
def test_the_changelist_searches_and_the_change_page_loads(world, admin_client, model):
    application = refused_application(organization=world.lead, co_organizers=[world.co_group], applicants=["Aruzhan"])
    TimelineEntryFactory(application=application, happened_on=dt.date(2021, 11, 18))
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert admin_client.get(changelist).status_code == 200
    assert admin_client.get(changelist, {"q": "a"}).status_code == 200
    obj = model.objects.first()
    if obj is not None:
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        assert admin_client.get(change).status_code == 200


def test_the_application_admin_edits_applicants_co_organizers_and_the_decision_its_grounds():
    inlines = {inline.model for inline in admin.site._registry[models.PermitApplication].inlines}
    assert {models.Applicant, models.CoOrganizer} <= inlines
    assert models.RefusalGround in {inline.model for inline in admin.site._registry[models.Decision].inlines}


def test_status_is_read_only_and_decisions_and_documents_are_not_added_in_the_admin(admin_client):
    assert "status" in admin.site._registry[models.PermitApplication].readonly_fields
    assert admin_client.get(reverse("admin:permits_decision_add")).status_code == 403
    assert admin_client.get(reverse("admin:permits_document_add")).status_code == 403
