"""The calendar address on the profile and on the dashboard (issue 13 §8): a webcal: link that a
calendar app opens as a subscription, and a Copy button (shown by static/js/copy-text.js)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def feed_path(user) -> str:
    return reverse("reminders:calendar_feed", args=[user.calendar_token])


@pytest.mark.parametrize("page", ["profile", "dashboard"])
def test_the_calendar_address_has_a_webcal_link_and_a_copy_button(world, login, settings, page):
    settings.SITE_URL = "http://127.0.0.1:8123"
    html = login(world.member).get(reverse(page)).content.decode()
    path = feed_path(world.member)
    assert f'href="webcal://127.0.0.1:8123{path}"' in html
    assert f">http://127.0.0.1:8123{path}</code>" in html
    assert "data-copy-target=" in html and "Copy the address" in html
    assert "js/copy-text.js" in html


def test_a_user_sees_only_their_own_calendar_address_on_the_dashboard(world, login):
    html = login(world.member).get(reverse("dashboard")).content.decode()
    assert world.coordinator.calendar_token not in html
