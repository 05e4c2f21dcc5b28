"""organizations/ and organizations/{id}/members/ (API.md)."""

import pytest
from allauth.account.models import EmailAddress

from organizations.models import Invitation, Membership, Organization

pytestmark = pytest.mark.django_db

URL = "/api/v1/organizations/"


@pytest.fixture
def sent_after_commit(django_capture_on_commit_callbacks):
    """Run what the request queued for after its commit (the invitation email)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def members(organization) -> str:
    return f"{URL}{organization.pk}/members/"


def test_i_see_my_organizations_with_my_role(api_as, world):
    body = api_as(world.legal).get(URL).json()
    assert body["count"] == 1
    assert body["results"] == [
        {"id": world.lead.pk, "name": "Feminita", "kind": "group", "city": "Almaty", "my_role": "legal"}
    ]


def test_the_creator_becomes_coordinator(api_as, world):
    response = api_as(world.outsider).post(
        URL, {"name": "Шаңырақ", "kind": "initiative", "city": "Алматы"}, format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["my_role"] == "coordinator"
    assert body["name"] == "Шаңырақ"
    organization = Organization.objects.get(pk=body["id"])
    assert organization.is_coordinator(world.outsider)


@pytest.mark.parametrize(
    ("body", "field"),
    [({"name": "", "kind": "group"}, "name"), ({"name": "X", "kind": "party"}, "kind"), ({"kind": "group"}, "name"),
     ({"name": "x" * 201}, "name"), ({"name": "X", "city": ["Almaty"]}, "city")],
)  # fmt: skip
def test_a_bad_organization_is_a_400_naming_the_field(api_as, world, body, field):
    before = Organization.objects.count()
    response = api_as(world.outsider).post(URL, body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert Organization.objects.count() == before


def test_my_role_is_read_only(api_as, world):
    response = api_as(world.outsider).post(URL, {"name": "X", "my_role": "member"}, format="json")
    assert response.json()["my_role"] == "coordinator"


def test_an_organization_i_do_not_belong_to_is_a_404(api_as, world):
    client = api_as(world.outsider)
    assert client.get(f"{URL}{world.lead.pk}/").status_code == 404
    for method in ("get", "post", "put", "patch", "delete"):
        assert getattr(client, method)(members(world.lead)).status_code == 404, method
        assert getattr(client, method)(f"{members(world.lead)}asel/").status_code == 404, method
    assert world.lead.memberships.count() == 3


def test_members_are_listed_with_their_roles(api_as, world):
    body = api_as(world.member).get(members(world.lead)).json()
    assert {(m["username"], m["role"]) for m in body["results"]} == {
        ("asel", "coordinator"),
        ("dana", "member"),
        ("lawyer", "legal"),
    }


NEUTRAL = {
    "detail": "If this person can be reached, they get an invitation. They join the group only when they accept it."
}


def test_adding_a_member_by_username_invites_and_never_enlists(api_as, world, mailoutbox, sent_after_commit):
    with sent_after_commit():
        response = api_as(world.coordinator).post(
            members(world.lead), {"username": "aigerim", "role": "member"}, format="json"
        )
    assert response.status_code == 202, response.json()
    assert response.json() == NEUTRAL  # no real name, no id, no address of the person
    assert world.lead.role_of(world.co_member) is None
    invitation = Invitation.objects.get(organization=world.lead)
    assert (invitation.username, invitation.email, invitation.role) == ("aigerim", world.co_member.email, "member")
    assert [m.to for m in mailoutbox] == [[world.co_member.email]]


def test_an_unknown_username_gets_the_same_answer_and_no_mail(api_as, world, mailoutbox, sent_after_commit):
    client = api_as(world.coordinator)
    with sent_after_commit():
        known = client.post(members(world.lead), {"username": "aigerim"}, format="json")
        unknown = client.post(members(world.lead), {"username": "nobody"}, format="json")
    assert (unknown.status_code, unknown.json()) == (known.status_code, known.json()) == (202, NEUTRAL)
    assert "%(" not in unknown.content.decode()
    assert [m.to for m in mailoutbox] == [[world.co_member.email]]
    assert not Membership.objects.filter(organization=world.lead, user__username="nobody").exists()


def test_the_pending_list_shows_what_the_coordinator_typed_not_the_address(login, world):
    api_client = login(world.coordinator)
    api_client.post(f"/organizations/{world.lead.pk}/members/add/", {"username": "aigerim", "role": "member"})
    page = api_client.get(f"/organizations/{world.lead.pk}/").content.decode()
    assert "@aigerim" in page
    assert world.co_member.email not in page
    assert world.co_member.first_name not in page


def test_inviting_by_email_answers_the_same_and_binds_the_invitation_to_the_address(
    api_as, world, mailoutbox, sent_after_commit
):
    with sent_after_commit():
        response = api_as(world.coordinator).post(
            members(world.lead), {"email": "New.Person@example.org", "role": "legal"}, format="json"
        )
    assert (response.status_code, response.json()) == (202, NEUTRAL)
    invitation = Invitation.objects.get(organization=world.lead)
    assert invitation.email == "New.Person@example.org" and invitation.is_bound
    assert [m.to for m in mailoutbox] == [["New.Person@example.org"]]


def test_inviting_the_same_person_again_replaces_the_pending_invitation(api_as, world):
    client = api_as(world.coordinator)
    client.post(members(world.lead), {"username": "aigerim"}, format="json")
    client.post(members(world.lead), {"username": "AIGERIM"}, format="json")
    assert world.lead.invitations.pending().count() == 1


def test_the_invited_account_joins_only_by_accepting_with_its_verified_address(api_as, client, world):
    api_as(world.coordinator).post(members(world.lead), {"username": "aigerim"}, format="json")
    invitation = Invitation.objects.get(organization=world.lead)
    client.force_login(world.co_member)
    assert client.post(invitation.get_absolute_url()).status_code == 403  # address not verified yet
    assert world.lead.role_of(world.co_member) is None
    EmailAddress.objects.create(user=world.co_member, email=world.co_member.email, verified=True, primary=True)
    assert client.post(invitation.get_absolute_url()).status_code == 302
    assert world.lead.role_of(world.co_member) == "member"


def test_a_member_may_not_add_or_remove_others(api_as, world):
    client = api_as(world.member)
    assert client.post(members(world.lead), {"username": "aigerim"}, format="json").status_code == 403
    assert client.delete(f"{members(world.lead)}lawyer/").status_code == 403
    assert world.lead.memberships.count() == 3
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [({"username": "dana"}, "username"), ({"username": "aigerim", "role": "boss"}, "role"), ({}, "username"),
     ({"username": "aigerim", "email": "a@example.org"}, "username"), ({"email": "not an address"}, "email"),
     ({"username": "ai\x00gerim"}, "username"), ({"username": ["aigerim"]}, "username")],
)  # fmt: skip
def test_a_bad_invitation_is_a_400_naming_the_field(api_as, world, body, field):
    response = api_as(world.coordinator).post(members(world.lead), body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert world.lead.memberships.count() == 3
    assert not Invitation.objects.exists()


def test_a_coordinator_removes_a_member(api_as, world):
    assert api_as(world.coordinator).delete(f"{members(world.lead)}dana/").status_code == 204
    assert world.lead.role_of(world.member) is None


def test_a_member_may_remove_herself(api_as, world):
    assert api_as(world.member).delete(f"{members(world.lead)}dana/").status_code == 204
    assert world.lead.role_of(world.member) is None


def test_the_last_coordinator_cannot_be_removed(api_as, world):
    response = api_as(world.coordinator).delete(f"{members(world.lead)}asel/")
    assert response.status_code == 400
    assert "coordinator" in response.json()["non_field_errors"][0]
    assert world.lead.is_coordinator(world.coordinator)


def test_removing_someone_who_is_not_a_member_is_a_404(api_as, world):
    assert api_as(world.coordinator).delete(f"{members(world.lead)}aigerim/").status_code == 404
    assert api_as(world.coordinator).delete(f"{members(world.lead)}no.such+user@x/").status_code == 404


def test_anonymous_gets_401(api_client, world):
    assert api_client.get(URL).status_code == 401
    assert api_client.post(URL, {"name": "X"}, format="json").status_code == 401
    assert api_client.get(members(world.lead)).status_code == 401
    assert not Membership.objects.filter(organization__name="X").exists()
