"""Who reaches which permit page: outsiders get 404 everywhere, co-organizers read without edit
buttons, the anonymous are sent to log in."""

import pytest
from django.urls import reverse

from permits.models import PermitApplication, Status
from tests.factories import TimelineEntryFactory

pytestmark = pytest.mark.django_db

APPLICATION_ROUTES = [
    "permits:application_detail",
    "permits:application_edit",
    "permits:application_delete",
    "permits:application_file",
    "permits:application_decide",
    "permits:application_withdraw",
    "permits:application_held",
    "permits:application_cancel",
    "permits:timeline_add",
    "permits:document_upload",
]
WRITE_ROUTES = [name for name in APPLICATION_ROUTES if name != "permits:application_detail"]


def snapshot(application):
    application.refresh_from_db()
    return (application.status, application.title, application.timeline.count(), application.documents.count())


@pytest.mark.parametrize("route", APPLICATION_ROUTES)
def test_outsider_gets_404_on_every_application_url_and_changes_nothing(world, login, route):
    client = login(world.outsider)
    url = reverse(route, args=[world.application.pk])
    before = snapshot(world.application)
    assert client.get(url).status_code == 404
    payload = {"title": "Hijacked", "on": "2021-11-20", "filed_on": "2021-11-20", "summary": "x", "kind": "note"}
    assert client.post(url, payload).status_code == 404
    assert snapshot(world.application) == before


@pytest.mark.parametrize("route", WRITE_ROUTES)
def test_co_organizer_member_gets_404_on_every_write_url(world, login, route):
    client = login(world.co_member)
    url = reverse(route, args=[world.application.pk])
    before = snapshot(world.application)
    assert client.get(url).status_code == 404
    assert client.post(url, {"on": "2021-11-20", "filed_on": "2021-11-20"}).status_code == 404
    assert snapshot(world.application) == before


@pytest.mark.parametrize("user_attr", ["co_member", "legal"])
def test_readers_see_the_application_but_no_edit_buttons_or_forms(world, login, user_attr):
    response = login(getattr(world, user_attr)).get(reverse("permits:application_detail", args=[world.application.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert world.application.title in html
    assert reverse("permits:application_edit", args=[world.application.pk]) not in html
    assert reverse("permits:application_file", args=[world.application.pk]) not in html
    assert reverse("permits:timeline_add", args=[world.application.pk]) not in html
    assert reverse("permits:document_upload", args=[world.application.pk]) not in html


def test_the_lead_groups_member_sees_the_edit_buttons(world, login):
    response = login(world.member).get(reverse("permits:application_detail", args=[world.application.pk]))
    html = response.content.decode()
    assert reverse("permits:application_edit", args=[world.application.pk]) in html
    assert reverse("permits:application_file", args=[world.application.pk]) in html


def test_outsider_does_not_see_the_application_in_the_list_or_the_dashboard(world, login):
    TimelineEntryFactory(application=world.application, summary="Secret meeting")
    client = login(world.outsider)
    for url in [reverse("permits:application_list"), reverse("dashboard")]:
        html = client.get(url).content.decode()
        assert world.application.title not in html
        assert "Secret meeting" not in html


def test_unknown_application_id_is_a_404(world, login):
    missing = PermitApplication.objects.order_by("-pk").first().pk + 1
    assert login(world.coordinator).get(reverse("permits:application_detail", args=[missing])).status_code == 404


@pytest.mark.parametrize("route", APPLICATION_ROUTES)
def test_anonymous_is_sent_to_log_in_from_every_application_url(world, client, route):
    url = reverse(route, args=[world.application.pk])
    for response in [client.get(url), client.post(url, {"on": "2021-11-20"})]:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    assert world.application.status == Status.DRAFT


@pytest.mark.parametrize("name", ["dashboard", "permits:application_list", "permits:application_create"])
def test_anonymous_is_sent_to_log_in_from_the_list_pages(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
