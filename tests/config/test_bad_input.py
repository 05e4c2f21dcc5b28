"""No input yields a 500 (issue 12, What to build 8): a NUL anywhere in a URL, a query or a form is
a 400 with a clear message before any view or lookup (config/bad_input.py); JSON nested deeper
than any resource is a 400 naming the problem (config/parsers.py); a newline in a group's name
never breaks an email header (config/stored_text.py, config/mail.py). Run on PostgreSQL too:
SQLite stores NUL without complaint, PostgreSQL refuses it in any text, which was the 500."""

import pytest
from django.core import mail
from django.urls import reverse

from config.parsers import MAX_DEPTH, nesting_depth
from organizations.models import Invitation, Organization
from reports.models import ShareLink
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NUL_MESSAGE = "The address or the form contains an invisible NUL character"


def assert_refused_page(response):
    assert response.status_code == 400
    assert NUL_MESSAGE in response.content.decode()


def assert_refused_api(response):
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"].startswith(NUL_MESSAGE)


# --- NUL in a URL ----------------------------------------------------------------------------------


def test_a_nul_in_a_share_link_is_a_400_for_a_stranger_without_an_account(client, world):
    ShareLink.objects.create(organization=world.lead)
    assert_refused_page(client.get("/reports/shared/%00/"))
    assert_refused_page(client.get("/reports/shared/abc%00def/"))


@pytest.mark.parametrize("prefix", ["/organizations/invitations/", "/appeals/invitations/"])
def test_a_nul_in_an_invitation_link_is_a_400_whether_logged_in_or_not(client, world, prefix):
    assert_refused_page(client.get(f"{prefix}%00/"))
    client.force_login(world.member)
    assert_refused_page(client.get(f"{prefix}tok%00en/"))
    assert_refused_page(client.post(f"{prefix}%00/"))


def test_a_nul_in_a_volunteers_name_in_the_url_is_a_400(login, world):
    # The appeal need not exist: the request is refused before the view looks anything up.
    assert_refused_page(login(world.coordinator).post("/appeals/1/volunteers/%00/remove/"))


def test_a_nul_in_a_calendar_feed_address_is_a_400(client, world):
    assert_refused_page(client.get("/calendar/%00.ics"))


def test_a_nul_in_an_api_path_is_a_json_400(api_as, world):
    response = api_as(world.coordinator).delete(f"/api/v1/organizations/{world.lead.pk}/members/%00/")
    assert_refused_api(response)


# A quoted cookie may spell NUL as \000; http.cookies unquotes it into the session key.
NUL_SESSION_COOKIE = 'sessionid="' + "\\000" * 40 + '"'


def test_a_session_cookie_holding_nul_is_a_400_and_the_cookie_is_dropped(client, world):
    response = client.get("/applications/", HTTP_COOKIE=NUL_SESSION_COOKIE)
    assert_refused_page(response)
    assert response.cookies["sessionid"].value == "" and response.cookies["sessionid"]["max-age"] == 0


def test_an_api_token_or_cookie_holding_nul_is_a_json_400(client, world):
    assert_refused_api(client.get("/api/v1/applications/", HTTP_AUTHORIZATION="Token abc\x00def"))
    assert_refused_api(client.get("/api/v1/applications/", HTTP_COOKIE=NUL_SESSION_COOKIE))


def test_a_logged_in_person_refused_for_a_nul_in_the_url_stays_logged_in(login, world):
    client = login(world.member)
    assert_refused_page(client.get("/reports/shared/%00/"))
    assert client.get("/applications/").status_code == 200


# --- NUL in a query string or a form ---------------------------------------------------------------


@pytest.mark.parametrize("query", ["q=%00", "status=%00", "q=march%00", "organization=%00", "%00=1"])
def test_a_nul_in_an_api_filter_is_a_json_400(api_as, world, query):
    assert_refused_api(api_as(world.coordinator).get(f"/api/v1/applications/?{query}"))


def test_a_nul_in_a_page_filter_is_a_400(login, world):
    assert_refused_page(login(world.member).get("/applications/?q=%00"))


def test_a_nul_in_a_form_field_is_a_400_and_saves_nothing(login, world):
    response = login(world.member).post(reverse("organizations:create"), {"name": "Group\x00", "kind": "group"})
    assert_refused_page(response)
    assert not Organization.objects.filter(name__startswith="Group").exists()


def test_a_nul_in_a_multipart_form_is_a_400(login, world):
    url = reverse("organizations:create")
    response = login(world.member).post(url, {"name": "Group", "kind": "group", "city": "Alm\x00aty"})
    assert_refused_page(response)  # the test client posts multipart by default


def test_a_nul_in_an_api_form_body_is_a_json_400(api_as, world):
    response = api_as(world.member).post(
        "/api/v1/organizations/", "name=Gr%00oup&kind=group", content_type="application/x-www-form-urlencoded"
    )
    assert_refused_api(response)


def test_a_nul_in_a_json_body_names_the_field(api_as, world):
    body = {"name": "Gr\x00oup", "kind": "group"}
    response = api_as(world.member).post("/api/v1/organizations/", body, format="json")
    assert response.status_code == 400
    assert "name" in response.json()
    assert not Organization.objects.filter(name__startswith="Gr").exists()


def test_a_percent_sign_that_is_not_a_nul_is_still_welcome(api_as, world):
    # %2500 decodes to the text "%00", which is harmless: only the character itself is refused.
    assert api_as(world.coordinator).get("/api/v1/applications/?q=%2500").status_code == 200


# --- Deep JSON -------------------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [100_000, 1_000, MAX_DEPTH + 1])
def test_json_nested_too_deep_is_a_400_that_says_so(api_as, world, depth):
    body = "[" * depth + "]" * depth
    response = api_as(world.member).post("/api/v1/organizations/", body, content_type="application/json")
    assert response.status_code == 400
    assert "nested more than 64 levels" in response.json()["detail"]


def test_deep_json_inside_an_object_is_refused_too(api_as, world):
    body = '{"name": "Group", "kind": "group", "city": ' + '{"a": ' * 5_000 + "1" + "}" * 5_000 + "}"
    response = api_as(world.member).post("/api/v1/organizations/", body, content_type="application/json")
    assert response.status_code == 400
    assert "nested more than" in response.json()["detail"]


def test_json_of_ordinary_depth_still_works(api_as, world):
    response = api_as(world.member).post("/api/v1/organizations/", {"name": "Group", "kind": "group"}, format="json")
    assert response.status_code == 201


def test_nesting_depth_counts_arrays_and_objects_without_recursion():
    assert nesting_depth(1) == 0
    assert nesting_depth([]) == 1
    assert nesting_depth({"a": [1, {"b": []}]}) == 4
    deep: list = []
    for _level in range(50_000):
        deep = [deep]
    assert nesting_depth(deep) == 50_001


# --- A newline in a name that reaches an email header ------------------------------------------------


def test_a_newline_in_a_group_name_is_stored_as_one_line_from_the_page_and_the_api(login, api_as, world):
    login(world.member).post(reverse("organizations:create"), {"name": "Page\r\nBcc: x@example.org", "kind": "group"})
    body = {"name": "Api\nBcc: x@example.org", "kind": "group"}
    api_as(world.member).post("/api/v1/organizations/", body, format="json")
    names = set(Organization.objects.filter(name__contains="Bcc").values_list("name", flat=True))
    assert names == {"Page Bcc: x@example.org", "Api Bcc: x@example.org"}


def test_an_invitation_from_a_group_whose_stored_name_holds_a_newline_is_sent_with_a_one_line_subject(login, world):
    # A row stored before the rule: QuerySet.update() sends no pre_save signal.
    Organization.objects.filter(pk=world.lead.pk).update(name="Feminita\nBcc: victim@example.org")
    url = reverse("organizations:invitation_create", args=[world.lead.pk])
    response = login(world.coordinator).post(url, {"role": "member", "email": "zhanna@example.org"})
    assert response.status_code == 302
    assert Invitation.objects.filter(email="zhanna@example.org").exists()
    (message,) = mail.outbox
    assert message.subject == "You are invited to join Feminita Bcc: victim@example.org on Ruqsat"
    assert message.message()["Bcc"] is None and message.recipients() == ["zhanna@example.org"]


def test_an_appeal_invitation_from_such_a_group_is_sent_through_the_api(api_as, world):
    from appeals.services import appeal_open
    from tests.appeals.conftest import almaty_march, refuse

    decision = refuse(almaty_march(world), by=world.coordinator)
    appeal = appeal_open(decision=decision, venue="court", by=world.coordinator, language="en")
    Organization.objects.filter(pk=world.lead.pk).update(name="Feminita\r\nX-Injected: yes")
    response = api_as(world.coordinator).post(
        f"/api/v1/appeals/{appeal.pk}/invitations/", {"email": "lawyer@example.org"}, format="json"
    )
    assert response.status_code == 201, response.content
    (message,) = mail.outbox
    assert "\n" not in message.subject and "\r" not in message.subject
    assert message.message()["X-Injected"] is None


def test_a_name_with_a_control_character_is_stored_without_it(world):
    user = UserFactory(first_name="Айгерим\x07\x1b")
    user.refresh_from_db()
    assert user.first_name == "Айгерим"


def test_a_translated_name_is_cleaned_in_every_language_column_without_copying_languages(world):
    from django.utils import translation

    from permits.models import Authority
    from tests.factories import almaty

    with translation.override("ru"):
        authority = Authority(name="Акимат\x0bгорода\x07", jurisdiction=almaty())
        authority.save()
    stored = Authority.objects.values("name_en", "name_ru", "name_kk").get(pk=authority.pk)
    assert stored["name_ru"] == "Акимат города"
    assert stored["name_kk"] in ("", None)
