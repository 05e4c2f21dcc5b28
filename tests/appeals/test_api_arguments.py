"""arguments/: the argument library. Everyone reads the shared library and only site editors change
it (a permission, not a group's kind or role: anyone can create a legal-aid group). A group adds
arguments of its own with "organization", seen only by that group; other groups get a 404."""

import pytest

from appeals.models import Argument, Citation
from organizations.models import Membership, Organization
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, site_editor

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

ATTACK = {
    "text": "The authority was right to refuse.",
    "citations": [{"instrument": "Fake", "url": "https://evil.example/"}],
}


@pytest.fixture
def stranger_legal_aid(db):
    """Someone who signed up and created a group of kind legal_aid, as anyone can."""
    user = UserFactory(username="mallory")
    group = Organization.create_with_coordinator(
        creator=user, name="Totally Legal Aid", kind=Organization.Kind.LEGAL_AID
    )
    return user, group


def shared(code="iccpr-article-21", language="en"):
    return Argument.objects.shared().get(code=code, language=language)


def test_the_seeded_library_is_readable_and_filters_by_reason_and_language(world, api_as):
    client = api_as(world.outsider)
    english = client.get(URL, {"language": "en", "reason": "conflicting_event"}).json()
    assert [a["code"] for a in english["results"]] == ["place-taken-burden"]
    assert english["results"][0]["citations"][0]["article_or_paragraph"] == "para. 22"
    assert english["results"][0]["organization"] is None and english["results"][0]["version"] == 1
    assert client.get(URL, {"language": "ru", "kind": "standard"}).json()["count"] == 4


def test_every_seeded_citation_is_confirmed_and_names_no_unverified_paragraph():
    citations = Citation.objects.all()
    assert citations.exists() and all(c.confirmed for c in citations)
    general_comment = citations.filter(instrument__contains="General Comment No. 37")
    assert general_comment.exists() and set(general_comment.values_list("article_or_paragraph", flat=True)) == {""}
    assert not citations.filter(instrument__icontains="Constitutional Court").exists()
    assert Argument.objects.filter(language="en").count() == Argument.objects.filter(language="ru").count() == 12
    assert not Argument.objects.filter(organization__isnull=False).exists()


def test_stranger_in_a_legal_aid_group_cannot_patch_post_or_delete_a_shared_argument(api_as, stranger_legal_aid):
    attacker, _group = stranger_legal_aid
    argument = shared()
    client = api_as(attacker)
    assert client.patch(f"{URL}{argument.pk}/", ATTACK, format="json").status_code == 403
    assert client.post(URL, NEW, format="json").status_code == 403
    assert client.delete(f"{URL}{argument.pk}/").status_code == 403
    argument.refresh_from_db()
    assert argument.text != ATTACK["text"] and argument.version == 1
    assert not Argument.objects.filter(code=NEW["code"]).exists()


def test_no_group_role_changes_the_shared_library(world, api_as, volunteer):
    argument = shared()
    for person in (world.coordinator, world.member, world.legal, world.outsider, volunteer):
        client = api_as(person)
        assert client.post(URL, NEW, format="json").status_code == 403
        assert client.patch(f"{URL}{argument.pk}/", {"title": "x"}, format="json").status_code == 403
    argument.refresh_from_db()
    assert argument.title.startswith("The right of peaceful assembly")


def test_staff_without_the_permission_cannot_change_the_shared_library(api_as):
    staff = UserFactory(username="operator", is_staff=True)
    assert api_as(staff).patch(f"{URL}{shared().pk}/", {"title": "x"}, format="json").status_code == 403


def test_a_site_editor_adds_and_edits_a_shared_argument_and_each_change_is_a_version(api_as):
    editor = site_editor()
    created = api_as(editor).post(URL, NEW, format="json")
    assert created.status_code == 201, created.json()
    argument = Argument.objects.get(pk=created.json()["id"])
    assert argument.is_shared and argument.version == 1 and argument.updated_by == editor
    assert list(argument.reasons.values_list("code", flat=True)) == ["conflicting_event"]
    edited = api_as(editor).patch(f"{URL}{argument.pk}/", {"title": "Sight and sound", "citations": []}, format="json")
    assert edited.status_code == 200
    assert edited.json()["title"] == "Sight and sound" and edited.json()["citations"] == []
    assert edited.json()["version"] == 2


def test_a_group_adds_its_own_argument_which_only_that_group_sees(world, api_as):
    created = api_as(world.member).post(URL, {**NEW, "organization": world.lead.pk}, format="json")
    assert created.status_code == 201, created.json()
    own = Argument.objects.get(pk=created.json()["id"])
    assert own.organization == world.lead and created.json()["organization"] == world.lead.pk
    assert api_as(world.legal).get(f"{URL}{own.pk}/").status_code == 200
    codes = [
        a["code"] for a in api_as(world.coordinator).get(URL, {"language": "en", "page_size": 100}).json()["results"]
    ]
    assert NEW["code"] in codes
    # Another group: not in its list, and a 404 for every method.
    other = api_as(world.outsider)
    listed = other.get(URL, {"language": "en", "page_size": 100}).json()["results"]
    assert NEW["code"] not in [a["code"] for a in listed]
    assert other.get(f"{URL}{own.pk}/").status_code == 404
    assert other.patch(f"{URL}{own.pk}/", {"title": "x"}, format="json").status_code == 404
    assert other.delete(f"{URL}{own.pk}/").status_code == 404
    # Even a site editor outside the group does not see a group's own argument in the API.
    assert api_as(site_editor()).get(f"{URL}{own.pk}/").status_code == 404


def test_a_groups_own_argument_is_edited_by_its_coordinators_and_legal_volunteers_only(world, api_as):
    own = api_as(world.member).post(URL, {**NEW, "organization": world.lead.pk}, format="json").json()
    assert api_as(world.member).patch(f"{URL}{own['id']}/", {"title": "x"}, format="json").status_code == 403
    assert api_as(world.legal).patch(f"{URL}{own['id']}/", {"title": "Ours"}, format="json").status_code == 200
    response = api_as(world.coordinator).patch(f"{URL}{own['id']}/", {"organization": None}, format="json")
    assert response.status_code == 200 and response.json()["organization"] == world.lead.pk  # not published by a PATCH
    assert Argument.objects.get(pk=own["id"]).version == 3
    assert api_as(world.coordinator).delete(f"{URL}{own['id']}/").status_code == 204


def test_an_argument_cannot_be_added_for_a_group_one_is_not_in(world, api_as):
    for organization in (world.other_group.pk, 999999, "x"):
        response = api_as(world.coordinator).post(URL, {**NEW, "organization": organization}, format="json")
        assert response.status_code == 400 and "organization" in response.json()


def test_a_groups_code_neither_blocks_nor_reveals_itself_to_another_group(world, api_as):
    assert api_as(world.member).post(URL, {**NEW, "organization": world.lead.pk}, format="json").status_code == 201
    response = api_as(world.outsider).post(URL, {**NEW, "organization": world.other_group.pk}, format="json")
    assert response.status_code == 201, response.json()
    again = api_as(world.member).post(URL, {**NEW, "organization": world.lead.pk}, format="json")
    assert again.status_code == 400 and "code" in again.json()


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
    response = api_as(site_editor()).post(URL, {**NEW, **change}, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()


def test_a_made_up_key_is_a_404(world, api_as):
    assert api_as(world.legal).get(f"{URL}not-a-number/").status_code == 404
    assert api_as(world.legal).get(f"{URL}99999999/").status_code == 404


def test_a_group_argument_cannot_reuse_a_shared_code_in_its_language(world, api_as):
    response = api_as(world.member).post(
        URL, {**NEW, "code": "iccpr-article-21", "organization": world.lead.pk}, format="json"
    )
    assert response.status_code == 400 and "code" in response.json()


def test_an_organization_kind_grants_nothing(api_as):
    group = OrganizationFactory(kind=Organization.Kind.LEGAL_AID)
    lawyer = MembershipFactory(organization=group, role=Membership.Role.LEGAL).user
    assert api_as(lawyer).patch(f"{URL}{shared().pk}/", {"title": "x"}, format="json").status_code == 403
