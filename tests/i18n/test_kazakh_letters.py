"""The nine Kazakh letters (ә ғ қ ң ө ұ ү һ і) and their capitals go in and come out intact: through
the "New application" form and its page, the API (JSON both ways), the CSV export (UTF-8 with a BOM,
for Excel) and the search of the list, the API and the export, where a lower-case word finds the
title written with capitals on SQLite as on PostgreSQL."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from organizations.models import Membership
from permits.models import PermitApplication
from tests.factories import AuthorityFactory, MembershipFactory, OrganizationFactory, PermitApplicationFactory

pytestmark = pytest.mark.django_db

TITLE = "Әйелдер шеруі — Қазақстан, Ұлы Дала, Үміт, Һ, і, ғ, ң, ө"
PLACE = "Алматы, Әуезов ауданы, Ғабит Мүсірепов көшесі, Қоңыраулы алаң, Үйсін, Һ, і, ң, ө"
GROUP = "Қазақстан әйелдері — Ұлы Дала Үміті"
APPLICANTS = ["Әсел Нұрланқызы", "Гүлнұр Өмірзақова"]
LOWER_CASE_WORDS = ["әйелдер", "ұлы дала", "үміт", "әуезов", "нұрланқызы", "өмірзақова"]


@pytest.fixture
def kazakh_group(world):
    group = OrganizationFactory(name=GROUP)
    MembershipFactory(user=world.member, organization=group, role=Membership.Role.MEMBER)
    return group


def form_data(group, **overrides):
    data = {
        "title": TITLE,
        "event_type": "march",
        "organization": group.pk,
        "starts_at": "2027-03-08T12:00",
        "ends_at": "2027-03-08T15:00",
        "location": PLACE,
        "authority": AuthorityFactory().pk,
        "purpose": "Теңдік үшін: әйелдерге қарсы зорлық-зомбылықты тоқтату",
        "reference_number": "ЖТ-Ә-2027/ҚҰ",
        "applicants-TOTAL_FORMS": "2",
        "applicants-INITIAL_FORMS": "0",
        "applicants-MIN_NUM_FORMS": "0",
        "applicants-MAX_NUM_FORMS": "50",
        "applicants-0-name": APPLICANTS[0],
        "applicants-1-name": APPLICANTS[1],
    }
    data.update(overrides)
    return data


def kazakh_application(group) -> PermitApplication:
    return PermitApplicationFactory(
        organization=group, title=TITLE, location=PLACE, applicants=APPLICANTS, reference_number="ЖТ-Ә-2027/ҚҰ"
    )


def test_the_form_stores_and_the_page_shows_every_kazakh_letter(world, login, kazakh_group):
    client = login(world.member)
    response = client.post(reverse("permits:application_create"), form_data(kazakh_group))
    assert response.status_code == 302, response.context["form"].errors if response.context else response

    application = PermitApplication.objects.get(organization=kazakh_group)
    assert (application.title, application.location) == (TITLE, PLACE)
    assert list(application.applicants.values_list("name", flat=True)) == APPLICANTS
    assert application.reference_number == "ЖТ-Ә-2027/ҚҰ"

    page = client.get(response["Location"]).content.decode()
    for text in (TITLE, PLACE, GROUP, *APPLICANTS, "ЖТ-Ә-2027/ҚҰ"):
        assert text in page


def test_the_form_keeps_kazakh_text_when_it_is_sent_back_with_an_error(world, login, kazakh_group):
    response = login(world.member).post(
        reverse("permits:application_create"), form_data(kazakh_group, ends_at="2027-03-08T11:00")
    )
    html = response.content.decode()
    assert response.status_code == 200
    for text in (TITLE, PLACE, *APPLICANTS):
        assert f'value="{text}"' in html
    assert not PermitApplication.objects.filter(organization=kazakh_group).exists()


def test_the_api_takes_and_gives_back_kazakh_letters_as_utf8_json(world, api_as, kazakh_group):
    client = api_as(world.member)
    payload = {
        "title": TITLE,
        "event_type": "march",
        "organization": kazakh_group.pk,
        "applicants": [{"name": name} for name in APPLICANTS],
        "starts_at": "2027-03-08T12:00:00+05:00",
        "ends_at": "2027-03-08T15:00:00+05:00",
        "location": PLACE,
        "authority": AuthorityFactory().pk,
    }
    created = client.post("/api/v1/applications/", payload, format="json")
    assert created.status_code == 201, created.json()

    response = client.get(f"/api/v1/applications/{created.json()['id']}/")
    body = response.json()
    assert (body["title"], body["location"]) == (TITLE, PLACE)
    assert [applicant["name"] for applicant in body["applicants"]] == APPLICANTS
    # The bytes themselves are UTF-8, not \u04d9 escapes a client would have to undo.
    assert TITLE.encode() in response.content
    assert PermitApplication.objects.get(pk=body["id"]).title == TITLE


def gettext_in(language: str, message: str) -> str:
    with translation.override(language):
        return gettext(message)


def csv_rows(response) -> list[list[str]]:
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads the file as UTF-8
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_the_csv_export_keeps_kazakh_letters_and_speaks_kazakh(world, login, kazakh_group):
    application = kazakh_application(kazakh_group)
    world.member.language = "kk"
    world.member.save(update_fields=["language"])

    header, *rows = csv_rows(login(world.member).get(reverse("reports:export_applications")))

    assert header[:2] == [gettext_in("kk", "id"), gettext_in("kk", "title")]
    assert header[1] != "title"  # the Kazakh catalogue was there to read
    row = next(row for row in rows if row[0] == str(application.pk))
    assert row[1] == TITLE
    assert row[header.index(gettext_in("kk", "lead group"))] == GROUP
    assert row[header.index(gettext_in("kk", "place"))] == PLACE


def listed_titles(client, query: str) -> str:
    response = client.get(reverse("permits:application_list"), {"q": query})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("word", LOWER_CASE_WORDS)
def test_a_lower_case_kazakh_word_finds_the_capitalised_title_place_or_applicant(world, login, kazakh_group, word):
    kazakh_application(kazakh_group)
    html = listed_titles(login(world.member), word)
    assert TITLE in html
    assert world.application.title not in html


def test_a_capitalised_query_finds_lower_case_text_and_a_missing_word_finds_nothing(world, login, kazakh_group):
    kazakh_application(kazakh_group)
    client = login(world.member)
    assert TITLE in listed_titles(client, "ШЕРУІ")  # "шеруі" is written in lower case
    assert TITLE in listed_titles(client, "ЖТ-ә-2027")  # a reference number in mixed case
    assert TITLE not in listed_titles(client, "әйелдерге")  # longer than the title's "Әйелдер"


def test_searching_in_russian_ignores_case_too(world, login):
    PermitApplicationFactory(organization=world.lead, title="Шествие за равные права", applicants=["Дана Сергеевна"])
    client = login(world.member)
    assert "Шествие за равные права" in listed_titles(client, "шествие")
    assert "Шествие за равные права" in listed_titles(client, "СЕРГЕЕВНА")


def test_the_api_search_ignores_the_case_of_kazakh_letters(world, api_as, kazakh_group):
    kazakh_application(kazakh_group)
    response = api_as(world.member).get("/api/v1/applications/", {"q": "әйелдер шеруі"})
    assert response.status_code == 200
    assert [row["title"] for row in response.json()["results"]] == [TITLE]


def test_the_export_of_a_search_holds_what_the_search_found(world, login, kazakh_group):
    application = kazakh_application(kazakh_group)
    _header, *rows = csv_rows(login(world.member).get(reverse("reports:export_applications"), {"q": "қазақстан"}))
    assert [row[0] for row in rows] == [str(application.pk)]


def test_a_percent_sign_or_an_underscore_in_the_search_matches_only_itself(world, login, kazakh_group):
    kazakh_application(kazakh_group)
    client = login(world.member)
    assert TITLE not in listed_titles(client, "%")
    assert TITLE not in listed_titles(client, "ә_йелдер")
    assert TITLE in listed_titles(client, "шеруі — қазақстан")
