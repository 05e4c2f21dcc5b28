"""Operators edit deadline rules and calendar corrections in the admin; deadlines are read-only there."""

import datetime as dt

import pytest
from django.urls import reverse

from permits.models import CalendarOverride, Deadline, DeadlineKind, DeadlineRule, Jurisdiction
from tests.factories import PermitApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def root(client):
    user = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def rule_form(**overrides):
    data = {
        "jurisdiction": Jurisdiction.objects.get(code="KZ").pk,
        "code": "admin-rule",
        "kind": "authority_response",
        "event_types": ["march"],
        # One box per language (django-modeltranslation); English is required, the others fall back to it.
        "description_en": "Typed in the admin.",
        "description_ru": "",
        "description_kk": "",
        "when_missed_en": "",
        "when_missed_ru": "",
        "when_missed_kk": "",
        "count": "7",
        "unit": "working_days",
        "counted_from": "filed_on",
        "roll_forward": "on",
        "valid_from": "2030-01-01",
        "valid_to": "",
        # The citation too: the English box is the one deadlines record (Deadline.rule_source).
        "law_en": "Test law",
        "law_ru": "",
        "law_kk": "",
        "article_en": "",
        "article_ru": "",
        "article_kk": "",
        "paragraph_en": "",
        "paragraph_ru": "",
        "paragraph_kk": "",
        "url": "",
        "status": "confirmed",
        "counting_status": "likely",
        "counting_note": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("url_name", ["deadlinerule", "calendaroverride", "deadline"])
def test_the_deadline_admin_pages_load_and_search(client, root, url_name):
    application = PermitApplicationFactory(event_type="march")
    application.file(on=D(2021, 11, 16))
    CalendarOverride.objects.create(
        jurisdiction=Jurisdiction.objects.get(code="KZ"), date=D(2021, 11, 22), is_working_day=False, note="x"
    )
    changelist = reverse(f"admin:permits_{url_name}_changelist")
    assert client.get(changelist).status_code == 200
    assert client.get(changelist, {"q": "a"}).status_code == 200
    model = {"deadlinerule": DeadlineRule, "calendaroverride": CalendarOverride, "deadline": Deadline}[url_name]
    obj = model.objects.first()
    assert client.get(reverse(f"admin:permits_{url_name}_change", args=[obj.pk])).status_code == 200


def test_an_overlapping_rule_typed_in_the_admin_is_refused_on_its_field_and_not_saved(client, root):
    before = DeadlineRule.objects.count()
    response = client.post(reverse("admin:permits_deadlinerule_add"), rule_form())
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "valid_from" in errors
    assert "approval-response" in errors["valid_from"][0]
    assert DeadlineRule.objects.count() == before


@pytest.mark.parametrize("count", ["0", "-1"])
def test_a_zero_or_negative_count_typed_in_the_admin_is_refused_on_its_field(client, root, count):
    response = client.post(reverse("admin:permits_deadlinerule_add"), rule_form(count=count, event_types=["other"]))
    assert response.status_code == 200
    assert "count" in response.context["adminform"].form.errors


def test_a_rule_with_no_event_type_ticked_is_saved_for_every_event_type(client, root):
    almaty = Jurisdiction.objects.get(code="KZ-ALA")  # has no rules of its own to overlap with
    response = client.post(
        reverse("admin:permits_deadlinerule_add"),
        rule_form(jurisdiction=almaty.pk, kind="latest_filing", counted_from="event_day", code="every-type"),
    )
    assert response.status_code == 302
    assert DeadlineRule.objects.get(code="every-type").event_types == ["march"]
    data = rule_form(jurisdiction=almaty.pk, code="every-type-2", valid_from="")
    del data["event_types"]
    response = client.post(reverse("admin:permits_deadlinerule_add"), data)
    assert response.status_code == 302
    assert DeadlineRule.objects.get(code="every-type-2").event_types == []


def test_a_calendar_correction_records_who_added_it_and_recomputes_on_request(client, root):
    application = PermitApplicationFactory(event_type="march")
    application.file(on=D(2021, 11, 16))
    kz = Jurisdiction.objects.get(code="KZ")
    response = client.post(
        reverse("admin:permits_calendaroverride_add"),
        {"jurisdiction": kz.pk, "date": "2021-11-22", "is_working_day": "", "note": "Decree 42"},
    )
    assert response.status_code == 302
    override = CalendarOverride.objects.get()
    assert override.created_by == root
    response = client.post(
        reverse("admin:permits_calendaroverride_changelist"),
        {"action": "recompute_deadlines", "_selected_action": [override.pk]},
    )
    assert response.status_code == 302
    assert application.deadline(DeadlineKind.AUTHORITY_RESPONSE).due_on == D(2021, 11, 26)


def test_deadlines_cannot_be_added_changed_or_deleted_in_the_admin(client, root):
    application = PermitApplicationFactory(event_type="march")
    application.file(on=D(2021, 11, 16))
    deadline = application.deadline(DeadlineKind.AUTHORITY_RESPONSE)
    assert client.get(reverse("admin:permits_deadline_add")).status_code == 403
    client.post(reverse("admin:permits_deadline_change", args=[deadline.pk]), {"due_on": "2030-01-01"})
    client.post(reverse("admin:permits_deadline_delete", args=[deadline.pk]), {"post": "yes"})
    deadline.refresh_from_db()
    assert deadline.due_on == D(2021, 11, 25)
