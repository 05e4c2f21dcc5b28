"""Logging out tells the browser to drop what it keeps of Ruqsat (config/clear_site_data.py): a phone
taken after its owner logged out holds no cached page, no service worker, no offline page."""

import pytest
from django.urls import reverse

from accounts.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

CLEARED = '"cache", "storage"'


def test_logging_out_clears_the_sites_cache_and_storage(client):
    client.force_login(UserFactory())
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == CLEARED
    assert "_auth_user_id" not in client.session


def test_logging_out_everywhere_clears_them_too(client):
    client.force_login(UserFactory())
    response = client.post(reverse("log_out_everywhere"))
    assert response.status_code == 302 and response["Clear-Site-Data"] == CLEARED


def test_deleting_the_account_clears_them_too(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("privacy:account_delete"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302 and response["Clear-Site-Data"] == CLEARED
    assert not User.objects.filter(pk=user.pk).exists()


def test_nothing_is_cleared_while_nobody_logs_out(client):
    user = UserFactory()
    assert "Clear-Site-Data" not in client.get(reverse("account_login"))
    client.force_login(user)
    assert "Clear-Site-Data" not in client.get(reverse("dashboard"))
    # allauth's log-out page only asks; the person is still logged in.
    asked = client.get(reverse("account_logout"))
    assert "Clear-Site-Data" not in asked
    # A wrong password on the deletion form logs nobody out.
    refused = client.post(reverse("privacy:account_delete"), {"password": "not the password", "confirm": "on"})
    assert "Clear-Site-Data" not in refused
    assert client.session["_auth_user_id"] == str(user.pk)
