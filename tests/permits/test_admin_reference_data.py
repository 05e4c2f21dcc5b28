"""The reference data in the admin: staff read it, but only site editors (the one permission, not
"staff" and not each model's change permission) add, change, delete or publish it."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from appeals.models import Argument, DraftTemplate
from permits.models import Authority, CalendarOverride, DeadlineRule, Jurisdiction, RefusalReason
from tests.factories import UserFactory, site_editor

pytestmark = pytest.mark.django_db

REFERENCE_MODELS = (Argument, DraftTemplate, RefusalReason, Jurisdiction, DeadlineRule, CalendarOverride, Authority)


def admin_url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


def any_row(model):
    if model is CalendarOverride:
        return CalendarOverride.objects.create(
            jurisdiction=Jurisdiction.objects.get(code="KZ"), date="2031-01-02", is_working_day=False
        )
    return model.objects.order_by("pk").first()


@pytest.fixture
def operator(client):
    """Staff given every model permission of the reference data, but not the site editors' one."""
    user = UserFactory(username="operator", is_staff=True)
    codenames = [
        f"{verb}_{model._meta.model_name}" for model in REFERENCE_MODELS for verb in ("add", "change", "delete", "view")
    ]
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", REFERENCE_MODELS, ids=lambda m: m.__name__)
def test_staff_without_the_editors_permission_reads_but_cannot_change_reference_data(operator, model):
    row = any_row(model)
    assert operator.get(admin_url(model, "changelist")).status_code == 200
    page = operator.get(admin_url(model, "change", row.pk))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert operator.post(admin_url(model, "change", row.pk), {}).status_code == 403
    assert operator.get(admin_url(model, "add")).status_code == 403
    assert operator.post(admin_url(model, "delete", row.pk), {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=row.pk).exists()


def test_a_shared_argument_is_not_changed_through_the_operators_admin(operator):
    argument = Argument.objects.get(code="iccpr-article-21", language="en")
    operator.post(admin_url(Argument, "change", argument.pk), {"text": "Rewritten.", "title": "Rewritten"})
    argument.refresh_from_db()
    assert argument.text != "Rewritten." and argument.version == 1


@pytest.mark.parametrize("model", REFERENCE_MODELS, ids=lambda m: m.__name__)
def test_a_site_editor_may_change_reference_data_in_the_admin(client, model):
    client.force_login(site_editor(is_staff=True))
    assert client.get(admin_url(model, "changelist")).status_code == 200
    assert 'name="_save"' in client.get(admin_url(model, "change", any_row(model).pk)).content.decode()
    assert client.get(admin_url(model, "add")).status_code == 200


def test_a_site_editor_publishes_a_groups_own_argument_and_authority(client, world):
    argument = Argument.objects.create(
        code="our-point", kind="standard", title="Ours", text="Our text.", language="en", organization=world.lead
    )
    authority = Authority.objects.create(
        name="Akimat of Medeu district",
        jurisdiction_id=Jurisdiction.objects.get(code="KZ-ALA").pk,
        organization=world.lead,
        review_status="pending",
    )
    client.force_login(site_editor(is_staff=True))
    for model, row in ((Argument, argument), (Authority, authority)):
        response = client.post(admin_url(model, "changelist"), {"action": "publish", "_selected_action": [row.pk]})
        assert response.status_code == 302
        row.refresh_from_db()
        assert row.organization is None
    assert argument.version == 2 and argument.updated_by.username == "editor"  # a change, recorded as a version


def test_staff_without_the_permission_cannot_publish(operator, world):
    argument = Argument.objects.create(
        code="our-point", kind="standard", title="Ours", text="Our text.", language="en", organization=world.lead
    )
    operator.post(admin_url(Argument, "changelist"), {"action": "publish", "_selected_action": [argument.pk]})
    argument.refresh_from_db()
    assert argument.organization == world.lead


def test_staff_without_the_permission_cannot_publish_a_groups_authority(operator, world, client):
    authority = Authority.add_for_group(
        organization=world.lead,
        name="Akimat of Medeu district",
        jurisdiction=Jurisdiction.objects.get(code="KZ-ALA"),
        by=world.member,
    )
    operator.post(admin_url(Authority, "changelist"), {"action": "publish", "_selected_action": [authority.pk]})
    authority.refresh_from_db()
    assert authority.organization == world.lead and authority.review_status == Authority.Review.PENDING
    # The group's own coordinator is no editor either: the admin sends her to its log-in.
    client.force_login(world.coordinator)
    publish = {"action": "publish", "_selected_action": [authority.pk]}
    response = client.post(admin_url(Authority, "changelist"), publish)
    assert response.status_code == 302 and "/login/" in response["Location"]
    editor = site_editor(is_staff=True)
    client.force_login(editor)
    client.post(admin_url(Authority, "changelist"), {"action": "publish", "_selected_action": [authority.pk]})
    authority.refresh_from_db()
    assert authority.organization is None and authority.reviewed_by == editor
