"""What a draft is assembled from: the shared library, changed only by site editors, and the lead
group's own arguments, never another group's. A draft revision records the code and version of
each argument it used."""

import pytest
from django.urls import reverse

from appeals.drafts import draft_regenerate, draft_restore, draft_save
from appeals.models import Argument, DraftRevision, RevisionOrigin
from appeals.services import appeal_open
from organizations.models import Organization
from permits.models import RefusalReason
from tests.factories import UserFactory, site_editor

pytestmark = pytest.mark.django_db

URL = "/api/v1/arguments/"
ATTACKER_TEXT = "The authority was right to refuse: the assembly was a threat."
FAKE_LINK = "https://evil.example/fake-ruling"

OWN = {
    "code": "our-own-square",
    "kind": "ground",
    "title": "Our own point on the square",
    "text": "The square has hosted our events for ten years.",
    "reasons": ["conflicting_event"],
    "language": "en",
    "citations": [{"instrument": "Our archive", "url": "https://example.org/archive"}],
}


def burden():
    """The shared argument the Almaty case's first ground (a conflicting event) is answered with."""
    return Argument.objects.shared().get(code="place-taken-burden", language="en")


def their_appeal(world, other_application):
    """The other group's appeal, against a refusal for a conflicting event too."""
    _application, decision = other_application
    decision.grounds.update(reason=RefusalReason.objects.get(code="conflicting_event"))
    return appeal_open(decision=decision, venue="higher_authority", by=world.outsider, language="en")


def test_a_strangers_legal_aid_group_cannot_change_what_another_groups_next_draft_says(world, refused, api_as):
    attacker = UserFactory(username="mallory")
    group = Organization.create_with_coordinator(creator=attacker, name="Legal Help", kind=Organization.Kind.LEGAL_AID)
    client = api_as(attacker)
    patch = {"text": ATTACKER_TEXT, "citations": [{"instrument": "Supreme Court", "url": FAKE_LINK}]}
    assert client.patch(f"{URL}{burden().pk}/", patch, format="json").status_code == 403
    assert client.post(URL, {**OWN, "code": "x", "text": ATTACKER_TEXT}, format="json").status_code == 403
    # What the attacker may do: add an argument for their own group. It stays theirs.
    posted = client.post(
        URL,
        {
            **OWN,
            "text": ATTACKER_TEXT,
            "citations": [{"instrument": "Fake", "url": FAKE_LINK}],
            "organization": group.pk,
        },
        format="json",
    )
    assert posted.status_code == 201
    _application, decision = refused
    appeal = appeal_open(decision=decision, venue="higher_authority", by=world.coordinator, language="en")
    proposal = draft_regenerate(appeal=appeal, by=world.legal)
    for text in (appeal.draft.text, proposal.text):
        assert burden().text.strip()[:60] in text
        assert ATTACKER_TEXT not in text and FAKE_LINK not in text


def test_a_groups_own_argument_is_in_its_drafts_and_not_in_another_groups(world, refused, other_application, api_as):
    assert api_as(world.member).post(URL, {**OWN, "organization": world.lead.pk}, format="json").status_code == 201
    _application, decision = refused
    ours = appeal_open(decision=decision, venue="higher_authority", by=world.coordinator, language="en")
    assert OWN["text"] in ours.draft.text and "https://example.org/archive" in ours.draft.text
    used = ours.draft.revisions.get(version=1).arguments_used
    assert {"code": OWN["code"], "version": 1, "shared": False} in used
    # The other group's appeal answers a conflicting event too, and knows nothing of ours.
    theirs = their_appeal(world, other_application)
    assert burden().text.strip()[:60] in theirs.draft.text
    assert OWN["text"] not in theirs.draft.text
    assert OWN["code"] not in [a["code"] for a in theirs.draft.revisions.get(version=1).arguments_used]


def test_a_groups_own_argument_is_offered_on_its_workspace_only(world, refused, other_application, api_as, login):
    own = api_as(world.member).post(URL, {**OWN, "organization": world.lead.pk}, format="json").json()
    theirs = their_appeal(world, other_application)
    page = login(world.outsider).get(reverse("appeals:workspace", args=[theirs.pk])).content.decode()
    assert f'name="argument" value="{burden().pk}"' in page
    assert f'value="{own["id"]}"' not in page and OWN["title"] not in page
    inserted = login(world.outsider).post(
        reverse("appeals:insert", args=[theirs.pk]), {"text": "Kept.", "version": 1, "argument": own["id"]}
    )
    assert inserted.status_code == 400 and OWN["text"] not in inserted.content.decode()


def test_a_site_editors_change_is_in_the_next_draft_which_records_the_new_version(world, appeal, api_as):
    first = appeal.draft.revisions.get(version=1)
    assert {"code": "place-taken-burden", "version": 1, "shared": True} in first.arguments_used
    changed = api_as(site_editor()).patch(
        f"{URL}{burden().pk}/", {"text": "A clearer answer to the conflicting event."}, format="json"
    )
    assert changed.status_code == 200 and changed.json()["version"] == 2
    proposal = draft_regenerate(appeal=appeal, by=world.legal)
    assert "A clearer answer to the conflicting event." in proposal.text
    assert {"code": "place-taken-burden", "version": 2, "shared": True} in proposal.arguments_used
    adopted = draft_restore(draft=appeal.draft, revision=proposal, based_on_version=1, by=world.legal)
    assert adopted.arguments_used == proposal.arguments_used
    edited = draft_save(draft=appeal.draft, text=adopted.text + "\nOne more line.", based_on_version=2, by=world.legal)
    assert edited.origin == RevisionOrigin.EDITED and edited.arguments_used == proposal.arguments_used


def test_the_revisions_api_shows_which_argument_versions_a_draft_used(world, appeal, api_as):
    revisions = api_as(world.legal).get(f"/api/v1/appeals/{appeal.pk}/draft/revisions/").json()["results"]
    (first,) = revisions
    assert {"code": "place-taken-burden", "version": 1, "shared": True} in first["arguments_used"]
    assert first["arguments_used"] == DraftRevision.objects.get(pk=first["id"]).arguments_used


def test_the_revision_page_names_the_argument_versions_it_used(world, appeal, login):
    first = appeal.draft.revisions.get(version=1)
    page = login(world.legal).get(reverse("appeals:revision", args=[appeal.pk, first.pk])).content.decode()
    assert "place-taken-burden (version 1)" in page
