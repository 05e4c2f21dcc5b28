"""arguments/: the shared argument library. Everyone reads it; legal volunteers (the legal role in a
group, members of a legal-aid organization) add and edit arguments; nobody else changes it."""

import pytest

from appeals.models import Argument, Citation

pytestmark = pytest.mark.django_db

URL = "/api/v1/arguments/"

NEW = {
    "code": "sight-and-sound",
    "kind": "ground",
    "title": "Within sight and sound",
    "text": "The assembly must reach its audience.",
    "reasons": ["conflicting_event"],
    "venues": ["court"],
    "language": "en",
    "citations": [{"instrument": "OSCE/ODIHR Guidelines", "article_or_paragraph": "para. 22", "confirmed": True}],
}


def test_the_seeded_library_is_readable_and_filters_by_reason_and_language(world, api_as):
    client = api_as(world.outsider)
    english = client.get(URL, {"language": "en", "reason": "conflicting_event"}).json()
    assert [a["code"] for a in english["results"]] == ["place-taken-burden"]
    assert english["results"][0]["citations"][0]["article_or_paragraph"] == "para. 22"
    assert client.get(URL, {"language": "ru", "kind": "standard"}).json()["count"] == 4


def test_every_seeded_citation_is_confirmed_and_names_no_unverified_paragraph():
    citations = Citation.objects.all()
    assert citations.exists() and all(c.confirmed for c in citations)
    general_comment = citations.filter(instrument__contains="General Comment No. 37")
    assert general_comment.exists() and set(general_comment.values_list("article_or_paragraph", flat=True)) == {""}
    assert not citations.filter(instrument__icontains="Constitutional Court").exists()
    assert Argument.objects.filter(language="en").count() == Argument.objects.filter(language="ru").count() == 12


def test_a_legal_volunteer_adds_and_edits_an_argument(world, api_as, volunteer):
    created = api_as(volunteer).post(URL, NEW, format="json")
    assert created.status_code == 201, created.json()
    argument = Argument.objects.get(pk=created.json()["id"])
    assert argument.updated_by == volunteer and list(argument.reasons.values_list("code", flat=True)) == [
        "conflicting_event"
    ]
    edited = api_as(world.legal).patch(
        f"{URL}{argument.pk}/", {"title": "Sight and sound", "citations": []}, format="json"
    )
    assert edited.status_code == 200
    assert edited.json()["title"] == "Sight and sound" and edited.json()["citations"] == []


def test_others_read_but_do_not_change_the_library(world, api_as):
    argument = Argument.objects.get(code="iccpr-article-21", language="en")
    for person in (world.coordinator, world.member, world.outsider):
        client = api_as(person)
        assert client.post(URL, NEW, format="json").status_code == 403
        assert client.patch(f"{URL}{argument.pk}/", {"title": "x"}, format="json").status_code == 403
    argument.refresh_from_db()
    assert argument.title.startswith("The right of peaceful assembly")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"venues": ["moon"]}, "venues"),
        ({"reasons": ["not-a-reason"]}, "reasons"),
        ({"language": "fr"}, "language"),
        ({"code": "iccpr-article-21"}, "code"),
        ({"citations": [{"instrument": "", "url": "not a url"}]}, "citations"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_library_input_names_the_field(world, api_as, change, field):
    response = api_as(world.legal).post(URL, {**NEW, **change}, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()


def test_a_made_up_key_is_a_404(world, api_as):
    assert api_as(world.legal).get(f"{URL}not-a-number/").status_code == 404
