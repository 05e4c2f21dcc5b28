"""POST applications/{id}/filing/: the Word file, or what is missing with its article, or field
errors — never a 500; only the lead group's editors; a non-draft is a 409."""

import datetime as dt
import io

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from permits.models import Document, FilingDetails
from tests.factories import filed_application
from tests.permits.test_filing import ALMATY, MARCH_ANSWERS, almaty_march_2021, picket

pytestmark = pytest.mark.django_db


def url(application):
    return f"/api/v1/applications/{application.pk}/filing/"


def test_the_march_comes_back_as_a_word_file_and_is_attached(world, api_as):
    march = almaty_march_2021(world)
    response = api_as(world.member).post(url(march), {**MARCH_ANSWERS, "unknown_key": 1}, format="json")
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert response["Content-Disposition"].startswith("attachment;")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "900101400123" in text and "Акимат города Алматы" in text
    assert Document.objects.filter(application=march, kind="filing").count() == 1
    assert not FilingDetails.objects.exists()


def test_remember_keeps_the_details(world, api_as):
    march = almaty_march_2021(world)
    api_as(world.member).post(url(march), {**MARCH_ANSWERS, "remember": True}, format="json")
    assert FilingDetails.objects.get(application=march).organizers[1]["id_number"] == "880202400456"


def test_a_march_without_route_is_400_naming_the_item_and_article(world, api_as):
    march = almaty_march_2021(world)
    response = api_as(world.member).post(url(march), {**MARCH_ANSWERS, "route": ""}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "missing": [
            {
                "item": "route",
                "article": "Art. 12 p. 2",
                "message": "Route is missing; Law 333-VI Art. 12 p. 2 asks for it.",
            }
        ]
    }
    assert not Document.objects.exists()


def test_an_organizer_without_id_number_is_400_in_the_readers_language(world, api_as):
    application = picket(world, starts_at=dt.datetime.now(ALMATY) + dt.timedelta(days=40))
    organizers = [{"name": "Әсел", "address": "Алматы", "phone": "87011234567"}]
    body = {"language": "kk", "organizers": organizers, "order_and_safety": "x", "medical_help": "y"}
    response = api_as(world.member).post(url(application), body, format="json", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 400
    [missing] = response.json()["missing"]
    assert (missing["item"], missing["article"], missing["organizer"]) == ("organizer_id_number", "Art. 10 p. 3", 1)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"starts_at": "not a date"}, "starts_at"),
        ({"expected_participants": -5}, "expected_participants"),
        ({"expected_participants": "many"}, "expected_participants"),
        ({"language": "en"}, "language"),
        ({"event_type": "parade"}, "event_type"),
        ({"organizers": "Aizhan"}, "organizers"),
        ({"organizers": [{"id_number": "123"}]}, "organizers"),
        ({"organizers": [{"phone": "call me"}]}, "organizers"),
        ({"purpose": {"a": 1}}, "purpose"),
        ({"starts_at": "2030-03-08T12:00:00+05:00", "ends_at": "2030-03-08T11:00:00+05:00"}, "ends_at"),
        ({"starts_at": "0001-01-01T00:00:00Z"}, "starts_at"),
    ],
)
def test_malformed_values_are_400_with_field_errors(world, api_as, body, field):
    march = almaty_march_2021(world)
    response = api_as(world.member).post(url(march), {**MARCH_ANSWERS, **body}, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()


def test_a_body_that_is_not_an_object_is_400(world, api_as):
    march = almaty_march_2021(world)
    assert api_as(world.member).post(url(march), [1, 2], format="json").status_code == 400


def test_a_filed_application_is_409(world, api_as):
    application = filed_application(organization=world.lead)
    response = api_as(world.member).post(url(application), MARCH_ANSWERS, format="json")
    assert response.status_code == 409 and "draft" in response.json()["detail"]


def test_strangers_get_404_and_readers_403_and_nothing_is_written(world, api_as):
    march = almaty_march_2021(world)
    assert api_as(world.outsider).post(url(march), MARCH_ANSWERS, format="json").status_code == 404
    assert api_as(world.co_member).post(url(march), MARCH_ANSWERS, format="json").status_code in (403, 404)
    assert api_as(world.legal).post(url(march), MARCH_ANSWERS, format="json").status_code == 403
    assert not Document.objects.exists() and not FilingDetails.objects.exists()


def test_without_credentials_it_is_401(world, api_client):
    march = almaty_march_2021(world)
    assert api_client.post(url(march), MARCH_ANSWERS, format="json").status_code == 401


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3),
    max_leaves=6,
)
KEYS = [
    *MARCH_ANSWERS,
    "event_type",
    "purpose",
    "location",
    "route",
    "starts_at",
    "ends_at",
    "expected_participants",
    "sound_equipment",
    "remember",
]


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(changes=st.dictionaries(st.sampled_from(KEYS), JSON_VALUES, max_size=4))
def test_no_answer_makes_a_server_error(world, api_as, changes):
    march = almaty_march_2021(world)
    response = api_as(world.member).post(url(march), {**MARCH_ANSWERS, **changes}, format="json")
    assert response.status_code in (200, 400), response.content
