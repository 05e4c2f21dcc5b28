"""The admin lists appeals, drafts and the library; verbs-only fields are read-only and its pages load."""

import pytest
from django.urls import reverse

from appeals.models import Appeal, AppealDraft, Argument, DraftTemplate
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def test_the_admin_pages_load(admin_client, appeal):
    argument = Argument.objects.get(code="iccpr-article-21", language="ru")
    template = DraftTemplate.objects.get(venue="court", language="en")
    for model, obj in ((Appeal, appeal), (AppealDraft, appeal.draft), (Argument, argument), (DraftTemplate, template)):
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        assert admin_client.get(reverse(f"{prefix}_changelist")).status_code == 200
        assert admin_client.get(reverse(f"{prefix}_change", args=[obj.pk])).status_code == 200


def test_status_and_deadlines_are_not_edited_in_the_admin(admin_client, appeal):
    url = reverse("admin:appeals_appeal_change", args=[appeal.pk])
    page = admin_client.get(url).content.decode()
    assert 'name="status"' not in page and 'name="venue"' not in page
    assert admin_client.get(reverse("admin:appeals_appeal_add")).status_code == 403
