"""appeals/ in the API (API.md): opening, reading, changing, the draft with its 409, the Word file,
revisions, hearings — and the bad inputs, each a clear 400 (or 404 / 403 / 409), never a 5xx."""

import datetime as dt
import io

import pytest
from docx import Document

from appeals.models import Appeal, AppealDraft, DraftRevision
from appeals.services import appeal_open
from tests.appeals.conftest import CONFLICT_QUOTE, WORKS_QUOTE, D, assign_by_invitation

pytestmark = pytest.mark.django_db

APPEALS = "/api/v1/appeals/"


def draft_url(appeal, suffix="draft/"):
    return f"{APPEALS}{appeal.pk}/{suffix}"


# --- opening -------------------------------------------------------------------------------------------


def test_a_coordinator_opens_an_appeal_with_a_volunteer_and_gets_its_deadline(world, refused, volunteer, api_as):
    application, decision = refused
    response = api_as(world.coordinator).post(
        APPEALS,
        {"application": application.pk, "decision": decision.pk, "venue": "higher_authority", "volunteers": ["lawyer"]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "preparing"
    assert body["filing_deadline"] == "2022-02-28"
    assert body["volunteers"] == ["lawyer"]
    assert body["outcome"] == "" and body["created_by"] == "asel"
    appeal = Appeal.objects.get(pk=body["id"])
    assert appeal.draft.version == 1


def test_the_application_may_be_left_out_and_an_appeal_recorded_as_filed(world, refused, api_as):
    response = api_as(world.legal).post(
        APPEALS,
        {"decision": refused[1].pk, "venue": "court", "status": "filed", "filed_on": "2021-12-10", "case_number": "1"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert (response.json()["status"], response.json()["filed_on"]) == ("filed", "2021-12-10")


def test_an_appeal_against_an_approval_is_a_400(world, api_as):
    world.application.file(on=D(2021, 11, 16))
    approval = world.application.record_decision(outcome="approved", decided_on=D(2021, 11, 20))
    response = api_as(world.coordinator).post(APPEALS, {"decision": approval.pk, "venue": "court"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"decision": ["Only a refusal can be appealed; this decision is an approval."]}


def test_an_appeal_against_another_groups_decision_is_refused_as_if_it_did_not_exist(
    world, refused, other_application, api_as
):
    client = api_as(world.coordinator)
    _other, their_decision = other_application
    response = client.post(APPEALS, {"decision": their_decision.pk, "venue": "court"}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "decision": [f"There is no decision with the id {their_decision.pk} among your applications."]
    }
    mixed = client.post(
        APPEALS, {"application": world.application.pk, "decision": 10**9, "venue": "court"}, format="json"
    )
    assert mixed.status_code == 400 and "decision" in mixed.json()
    assert not Appeal.objects.filter(decision=their_decision).exists()


def test_a_decision_of_another_of_my_applications_does_not_fit(world, refused, api_as):
    from tests.factories import PermitApplicationFactory

    second = PermitApplicationFactory(organization=world.lead)
    response = api_as(world.coordinator).post(
        APPEALS, {"application": second.pk, "decision": refused[1].pk, "venue": "court"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"decision": ["This decision belongs to another application."]}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"venue": "supreme_court"}, "venue"),
        ({"venue": "court", "volunteers": ["nobody-at-all"]}, "volunteers"),
        ({"venue": "court", "volunteers": "gulnar"}, "volunteers"),
        ({"venue": "court", "language": "fr"}, "language"),
        ({"venue": "court", "filing_due_on": "2021-12-31"}, "filing_due_on"),
        ({"venue": "ombudsman", "filing_due_on": "0021-12-31"}, "filing_due_on"),
        ({"venue": "court", "status": "decided"}, "status"),
        ({"venue": "court", "decision": "one"}, "decision"),
    ],
)
def test_bad_input_when_opening_names_the_field(world, refused, api_as, body, field):
    payload = {"decision": refused[1].pk, **body}
    response = api_as(world.coordinator).post(APPEALS, payload, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not Appeal.objects.exists()


def test_an_unknown_volunteer_reads_like_one_who_may_not_be_assigned(world, refused, volunteer, api_as):
    client = api_as(world.coordinator)
    for name in ("nobody-at-all", "gulnar", "outsider"):
        body = {"decision": refused[1].pk, "venue": "court", "volunteers": [name]}
        response = client.post(APPEALS, body, format="json")
        assert response.status_code == 400
        message = (
            f"“{name}” cannot be assigned directly: only the legal volunteers of the groups on this application "
            "can. Invite anyone else by email."
        )
        assert response.json() == {"volunteers": [message]}


def test_a_co_organizer_cannot_open_one(world, refused, api_as):
    response = api_as(world.co_member).post(APPEALS, {"decision": refused[1].pk, "venue": "court"}, format="json")
    assert response.status_code == 400
    assert "application" in response.json()


# --- reading and changing ----------------------------------------------------------------------------------


def test_the_list_shows_what_i_see_and_mine_orders_by_the_nearest_deadline(world, refused, other_application, api_as):
    higher = appeal_open(decision=refused[1], venue="higher_authority", by=world.coordinator)
    court = appeal_open(decision=refused[1], venue="court", by=world.coordinator)
    appeal_open(decision=other_application[1], venue="court", by=world.outsider)
    client = api_as(world.member)
    listed = client.get(APPEALS).json()
    assert listed["count"] == 2
    mine = client.get(APPEALS, {"mine": "1"}).json()
    assert [a["id"] for a in mine["results"]] == [court.pk, higher.pk]
    assert client.get(APPEALS, {"application": world.application.pk, "status": "preparing"}).json()["count"] == 2
    assert client.get(APPEALS, {"status": "nonsense"}).status_code == 400


def test_an_outsider_gets_404_everywhere(world, appeal, api_as):
    client = api_as(world.outsider)
    for url in (f"{APPEALS}{appeal.pk}/", draft_url(appeal), draft_url(appeal, "draft.docx")):
        assert client.get(url).status_code == 404
    assert client.put(draft_url(appeal), {"text": "x", "version": 1}, format="json").status_code == 404
    assert client.patch(f"{APPEALS}{appeal.pk}/", {"case_number": "x"}, format="json").status_code == 404
    assert AppealDraft.objects.get(pk=appeal.draft.pk).version == 1


def test_patch_files_the_appeal_and_sets_volunteers(world, appeal, volunteer, api_as):
    client = api_as(world.coordinator)
    response = client.patch(
        f"{APPEALS}{appeal.pk}/", {"filed_on": "2021-12-01", "volunteers": ["lawyer"]}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "filed"
    assert response.json()["volunteers"] == ["lawyer"]
    response = client.patch(f"{APPEALS}{appeal.pk}/", {"volunteers": ["lawyer", "gulnar"]}, format="json")
    assert response.status_code == 400  # a legal-aid lawyer outside the groups is invited, not enlisted
    assert list(appeal.volunteers.values_list("username", flat=True)) == ["lawyer"]


def test_patch_refuses_a_filing_or_decision_day_still_to_come_and_changes_nothing(world, appeal, api_as):
    client = api_as(world.coordinator)
    tomorrow = (dt.date.today() + dt.timedelta(days=2)).isoformat()

    response = client.patch(f"{APPEALS}{appeal.pk}/", {"filed_on": tomorrow}, format="json")

    assert response.status_code == 400
    assert "filed_on" in response.json()
    appeal.refresh_from_db()
    assert (appeal.status, appeal.filed_on) == ("preparing", None)
    assert client.patch(f"{APPEALS}{appeal.pk}/", {"filed_on": "2021-12-01"}, format="json").status_code == 200
    response = client.patch(f"{APPEALS}{appeal.pk}/", {"outcome": "overturned", "decided_on": tomorrow}, format="json")
    assert response.status_code == 400
    assert "decided_on" in response.json()
    appeal.refresh_from_db()
    assert (appeal.status, appeal.outcome) == ("filed", "")


def test_patch_rejects_moving_the_appeal_or_an_impossible_status(world, appeal, refused, api_as):
    client = api_as(world.coordinator)
    other = appeal_open(decision=refused[1], venue="court", by=world.coordinator)
    assert client.patch(f"{APPEALS}{appeal.pk}/", {"decision": other.decision_id}, format="json").status_code == 200
    response = client.patch(f"{APPEALS}{appeal.pk}/", {"status": "hearing_scheduled"}, format="json")
    assert response.status_code == 400 and "status" in response.json()
    response = client.patch(f"{APPEALS}{appeal.pk}/", {"outcome": "won"}, format="json")
    assert response.status_code == 400 and "outcome" in response.json()


def test_a_volunteer_edits_but_cannot_assign_and_a_co_organizer_only_reads(world, appeal, volunteer, api_as):

    assign_by_invitation(appeal=appeal, username="gulnar", by=world.coordinator)
    client = api_as(volunteer)
    assert client.patch(f"{APPEALS}{appeal.pk}/", {"case_number": "Ж-5"}, format="json").status_code == 200
    assert client.patch(f"{APPEALS}{appeal.pk}/", {"volunteers": []}, format="json").status_code == 403
    reader = api_as(world.co_member)
    assert reader.get(draft_url(appeal)).status_code == 200
    assert reader.put(draft_url(appeal), {"text": "x", "version": 1}, format="json").status_code == 403
    assert reader.patch(f"{APPEALS}{appeal.pk}/", {"case_number": "x"}, format="json").status_code == 403


# --- the draft -----------------------------------------------------------------------------------------------


def test_get_and_put_the_draft(world, appeal, api_as):
    client = api_as(world.legal)
    body = client.get(draft_url(appeal)).json()
    assert body["version"] == 1 and CONFLICT_QUOTE in body["text"]
    response = client.put(draft_url(appeal), {"text": body["text"] + "\nEdited.", "version": 1}, format="json")
    assert response.status_code == 200
    assert response.json()["version"] == 2 and response.json()["updated_by"] == "lawyer"


def test_a_stale_save_gets_409_with_the_current_text_and_nothing_is_lost(world, appeal, api_as):
    first, second = api_as(world.legal), api_as(world.member)
    assert (
        first.put(draft_url(appeal), {"text": "First person's text.", "version": 1}, format="json").status_code == 200
    )
    response = second.put(draft_url(appeal), {"text": "Second person's text.", "version": 1}, format="json")
    assert response.status_code == 409
    body = response.json()
    assert (body["text"], body["version"]) == ("First person's text.", 2)
    assert "nothing was saved" in body["detail"]
    assert AppealDraft.objects.get(pk=appeal.draft.pk).text == "First person's text."
    merged = second.put(
        draft_url(appeal), {"text": "First person's text.\nSecond person's text.", "version": 2}, format="json"
    )
    assert merged.status_code == 200 and merged.json()["version"] == 3


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": "x"}, "version"),
        ({"text": "x", "version": None}, "version"),
        ({"text": "x", "version": "latest"}, "version"),
        ({"text": "x", "version": -1}, "version"),
        ({"text": "x", "version": 10**20}, "version"),
        ({"version": 1}, "text"),
        ({"text": "x" * 200_001, "version": 1}, "text"),
    ],
)
def test_a_save_without_a_usable_version_or_text_is_a_400(world, appeal, api_as, body, field):
    response = api_as(world.legal).put(draft_url(appeal), body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert AppealDraft.objects.get(pk=appeal.draft.pk).version == 1


def test_a_missing_version_says_what_to_send(world, appeal, api_as):
    response = api_as(world.legal).put(draft_url(appeal), {"text": "x"}, format="json")
    assert response.json() == {"version": ["Send the version your text is based on (the number you loaded)."]}


def test_the_word_file_downloads_and_an_empty_draft_is_a_400(world, appeal, api_as):
    client = api_as(world.legal)
    response = client.get(draft_url(appeal, "draft.docx"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert response["Content-Disposition"] == f'attachment; filename="appeal-{appeal.pk}-v1.docx"'
    document = Document(io.BytesIO(response.content))
    assert WORKS_QUOTE in [p.text for p in document.paragraphs]
    client.put(draft_url(appeal), {"text": "", "version": 1}, format="json")
    empty = client.get(draft_url(appeal, "draft.docx"))
    assert empty.status_code == 400
    assert empty.json() == {
        "non_field_errors": ["The draft is empty: write it, or restore an earlier version, before exporting it."]
    }


def test_revisions_regenerate_restore_and_compare(world, appeal, api_as):
    client = api_as(world.legal)
    client.put(draft_url(appeal), {"text": "Edited by hand.", "version": 1}, format="json")
    proposal = client.post(draft_url(appeal, "draft/regenerate/"))
    assert proposal.status_code == 201 and proposal.json()["proposal"] is True
    assert AppealDraft.objects.get(pk=appeal.draft.pk).text == "Edited by hand."
    revisions = client.get(draft_url(appeal, "draft/revisions/")).json()
    assert [r["version"] for r in revisions["results"]] == [None, 2, 1]
    first = DraftRevision.objects.get(draft=appeal.draft, version=1)
    detail = client.get(draft_url(appeal, f"draft/revisions/{first.pk}/")).json()
    assert CONFLICT_QUOTE in detail["text"]
    compared = client.get(draft_url(appeal, "draft/compare/"), {"old": first.pk}).json()
    assert compared["new"] == "current text (version 2)" and "+Edited by hand." in compared["unified"]
    stale = client.post(draft_url(appeal, "draft/restore/"), {"revision": proposal.json()["id"], "version": 1})
    assert stale.status_code == 409 and stale.json()["text"] == "Edited by hand."
    adopted = client.post(draft_url(appeal, "draft/restore/"), {"revision": proposal.json()["id"], "version": 2})
    assert adopted.status_code == 200 and adopted.json()["version"] == 3
    assert client.post(draft_url(appeal, "draft/restore/"), {"revision": 10**9, "version": 3}).status_code == 400
    assert client.get(draft_url(appeal, "draft/compare/"), {"old": "x"}).status_code == 400
    assert client.get(draft_url(appeal, "draft/revisions/999999/")).status_code == 404


def test_hearings_are_scheduled_on_a_filed_appeal(world, appeal, api_as):
    client = api_as(world.legal)
    url = draft_url(appeal, "hearings/")
    early = client.post(url, {"starts_at": "2021-12-20T10:00:00+06:00", "place": "Court"}, format="json")
    assert early.status_code == 400 and "non_field_errors" in early.json()
    client.patch(f"{APPEALS}{appeal.pk}/", {"status": "filed"}, format="json")
    created = client.post(url, {"starts_at": "2021-12-20T10:00:00+06:00", "place": "Court"}, format="json")
    assert created.status_code == 201, created.json()
    assert client.get(f"{APPEALS}{appeal.pk}/").json()["status"] == "hearing_scheduled"
    assert client.get(url).json()["count"] == 1
    assert client.post(url, {"place": "Court"}, format="json").status_code == 400


def test_the_schema_documents_the_appeal_routes(api_as, world):
    schema = api_as(world.member).get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    for route in ("/api/v1/appeals/{appeal_pk}/draft/", "/api/v1/appeals/{appeal_pk}/draft.docx", "DraftConflict"):
        assert route in schema
