"""The "Prepare a filing" page: the button on a draft, the interview, what is missing named with
its article beside the field and in the summary, nothing typed lost, the download."""

import datetime as dt

import pytest

from permits.models import Document, FilingDetails
from tests.permits.test_filing import ALMATY, almaty_march_2021, picket

pytestmark = pytest.mark.django_db


def post_data(application, **overrides):
    data = {
        "language": "ru",
        "event_type": application.event_type,
        "purpose": application.purpose,
        "location": application.location,
        "route": application.route,
        "starts_at": application.starts_at.astimezone(ALMATY).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": application.ends_at.astimezone(ALMATY).strftime("%Y-%m-%dT%H:%M"),
        "expected_participants": "1000",
        "order_and_safety": "30 stewards",
        "medical_help": "An ambulance on call",
        "sound_equipment": "",
        "organizers-TOTAL_FORMS": "2",
        "organizers-INITIAL_FORMS": "0",
        "organizers-MIN_NUM_FORMS": "0",
        "organizers-MAX_NUM_FORMS": "20",
        "organizers-0-name": "Aizhan Serikova",
        "organizers-0-id_number": "900101400123",
        "organizers-0-address": "Almaty, Abay street 10",
        "organizers-0-phone": "+7 701 111 22 33",
        "organizers-0-email": "",
        "organizers-1-name": "",
        "organizers-1-id_number": "",
        "organizers-1-address": "",
        "organizers-1-phone": "",
        "organizers-1-email": "",
    }
    data.update(overrides)
    return data


def url(application):
    return f"/applications/{application.pk}/filing/"


def test_a_draft_offers_the_button_and_the_page_shows_regime_and_deadline(world, login):
    march = almaty_march_2021(world)
    client = login(world.member)
    assert url(march).encode() in client.get(f"/applications/{march.pk}/").content
    page = client.get(url(march)).content.decode()
    assert "Art. 12 p. 2" in page  # the application for approval's article
    assert "verify" in page
    assert "has passed" in page  # 2021's last day to file
    assert "not legal advice" in page


def test_the_page_writes_the_file_and_attaches_it(world, login):
    march = almaty_march_2021(world)
    response = login(world.member).post(url(march), post_data(march))
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert "attachment" in response["Content-Disposition"]
    assert Document.objects.filter(application=march, kind="filing").count() == 1
    assert not FilingDetails.objects.exists()


def test_a_missing_route_is_named_with_its_article_and_nothing_typed_is_lost(world, login):
    march = almaty_march_2021(world)
    response = login(world.member).post(url(march), post_data(march, route="", purpose="Typed purpose"))
    page = response.content.decode()
    assert response.status_code == 200 and "missing-summary" in page
    assert "Route is missing; Law 333-VI Art. 12 p. 2 asks for it." in page
    assert "Typed purpose" in page and "900101400123" in page
    assert not Document.objects.exists()


def test_an_organizer_without_id_number_is_named(world, login):
    application = picket(world, starts_at=dt.datetime.now(ALMATY) + dt.timedelta(days=40))
    data = post_data(application, **{"organizers-0-id_number": ""})
    page = login(world.member).post(url(application), data).content.decode()
    assert "Organizer 1: Organizer&#x27;s individual identification number (IIN) is missing" in page
    assert "Art. 10 p. 3" in page


def test_a_malformed_id_number_is_an_error_beside_its_field(world, login):
    march = almaty_march_2021(world)
    page = (
        login(world.member).post(url(march), post_data(march, **{"organizers-0-id_number": "12345"})).content.decode()
    )
    assert "An individual identification number (IIN) has 12 digits." in page
    assert not Document.objects.exists()


def test_remember_keeps_the_details(world, login):
    march = almaty_march_2021(world)
    login(world.member).post(url(march), post_data(march, remember="on"))
    assert FilingDetails.objects.get(application=march).organizers[0]["id_number"] == "900101400123"


@pytest.mark.parametrize("who", ["legal", "co_member", "outsider"])
def test_only_the_lead_groups_editors_reach_the_page(world, login, who):
    march = almaty_march_2021(world)
    client = login(getattr(world, who))
    assert client.get(url(march)).status_code == 404
    assert client.post(url(march), post_data(march)).status_code == 404
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("starts_at", "0001-01-01T00:00"),
        ("ends_at", "9999-12-31T23:59"),
        ("starts_at", "tomorrow"),
        ("expected_participants", "-3"),
        ("language", "en"),
        ("event_type", "other"),
        ("organizers-0-phone", "call me"),
        ("organizers-0-email", "not an address"),
    ],
)
def test_bad_values_are_errors_on_the_page_not_500(world, login, field, value):
    march = almaty_march_2021(world)
    response = login(world.member).post(url(march), post_data(march, **{field: value}))
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    assert not Document.objects.exists()


def test_an_end_before_the_start_is_an_error_beside_the_end(world, login):
    march = almaty_march_2021(world)
    data = post_data(march, starts_at="2030-03-08T12:00", ends_at="2030-03-08T11:00")
    page = login(world.member).post(url(march), data).content.decode()
    assert "The end must be after the start." in page
    assert not Document.objects.exists()
