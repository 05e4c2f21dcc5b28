"""The workspace pages beyond the minimal set: the application page's appeals section, plan B
(re-filing from the refused application), click-to-insert of arguments and of the authority's
record (in the browser, and without JavaScript through the conflict-safe save)."""

import datetime as dt

import pytest
from django.urls import reverse

from appeals.drafts import draft_save
from appeals.models import AppealDraft, Argument
from permits.models import PermitApplication, TimelineEntry
from tests.appeals.conftest import almaty_march, refuse

pytestmark = pytest.mark.django_db


def url(name, appeal, *args):
    return reverse(f"appeals:{name}", args=[appeal.pk, *args])


def argument_for(appeal, code="conflicting_event"):
    return Argument.objects.in_language(appeal.language).filter(reasons__code=code).first()


# --- the application page --------------------------------------------------------------------------


def test_the_application_page_offers_an_appeal_against_a_refusal_to_those_who_may_open_one(world, refused, login):
    application, decision = refused
    open_url = reverse("appeals:open", args=[decision.pk])
    page = login(world.member).get(reverse("permits:application_detail", args=[application.pk])).content.decode()
    assert open_url in page and "Open an appeal" in page
    co_page = login(world.co_member).get(reverse("permits:application_detail", args=[application.pk]))
    assert co_page.status_code == 200 and open_url not in co_page.content.decode()


def test_the_application_page_lists_its_appeals_with_status_and_filing_deadline(world, appeal, login):
    page = login(world.co_member).get(reverse("permits:application_detail", args=[appeal.application.pk]))
    html = page.content.decode()
    assert url("workspace", appeal) in html
    assert appeal.get_status_display() in html
    assert "file by" in html


def test_an_approved_application_has_no_appeals_section(world, login):
    application = world.application
    application.file(on=dt.date(2021, 11, 16), by=world.coordinator)
    application.record_decision(outcome="approved", decided_on=dt.date(2021, 11, 20), by=world.coordinator)
    html = login(world.coordinator).get(reverse("permits:application_detail", args=[application.pk])).content.decode()
    assert 'id="appeals"' not in html


# --- plan B ------------------------------------------------------------------------------------------


@pytest.fixture
def late_refusal(world):
    """Refused a week before the event: the complaint cannot be decided in time; an alternative offered."""
    application = almaty_march(world)
    application.route = "From the square along Abai avenue"
    application.purpose = "Women's rights"
    application.expected_participants = 300
    application.save()
    decision = refuse(
        application,
        by=world.coordinator,
        decided_on=dt.date(2022, 3, 1),
        received_on=dt.date(2022, 3, 1),
        alternative_offered="Park named after Gandhi, 12:00–15:00",
    )
    from appeals.services import appeal_open

    appeal = appeal_open(decision=decision, venue="higher_authority", by=world.coordinator, language="en")
    return application, decision, appeal


def test_the_workspace_offers_plan_b_when_the_appeal_cannot_be_decided_before_the_event(world, late_refusal, login):
    application, _decision, appeal = late_refusal
    assert application.remedy_outlook.decided_before_event is not True
    page = login(world.member).get(url("workspace", appeal)).content.decode()
    assert url("plan_b", appeal) in page
    assert "Plan B" in page


def test_no_plan_b_when_the_complaint_is_decided_before_the_event(world, appeal, login):
    outlook = appeal.application.remedy_outlook
    if outlook is None or outlook.decided_before_event is not True:
        pytest.skip("the rules in this jurisdiction give no guaranteed decision before the event")
    page = login(world.member).get(url("workspace", appeal)).content.decode()
    assert url("plan_b", appeal) not in page


def test_plan_b_starts_a_draft_copied_from_the_refused_application(world, late_refusal, login):
    application, _decision, appeal = late_refusal
    before = set(PermitApplication.objects.values_list("pk", flat=True))
    response = login(world.member).post(url("plan_b", appeal))
    (new_pk,) = set(PermitApplication.objects.values_list("pk", flat=True)) - before
    new = PermitApplication.objects.get(pk=new_pk)
    assert response.status_code == 302
    assert response["Location"] == reverse("permits:application_edit", args=[new.pk])
    assert new.status == "draft" and new.filed_on is None
    assert new.organization == application.organization
    assert new.event_type == application.event_type and new.authority == application.authority
    assert new.route == application.route and new.expected_participants == 300
    assert new.starts_at == application.starts_at  # the date is left for the group to change
    assert new.location == "Park named after Gandhi, 12:00–15:00"
    assert "Park named after Gandhi" in new.purpose and "Women's rights" in new.purpose
    assert list(new.applicants.values_list("name", flat=True)) == ["Aruzhan"]
    note = application.timeline.get(kind=TimelineEntry.Kind.NOTE, summary__startswith="Plan B")
    assert reverse("permits:application_detail", args=[new.pk]) in note.details
    # The member does not belong to the co-organizing group: it is not added by them, and they are told.
    assert list(new.co_organizers.all()) == []
    follow = login(world.member).get(response["Location"])
    assert "KazFem" in follow.content.decode()


def test_plan_b_asks_the_co_organizers_the_person_belongs_to_again(world, late_refusal, login):
    _application, _decision, appeal = late_refusal
    from tests.factories import MembershipFactory

    MembershipFactory(user=world.member, organization=world.co_group, role="member")
    login(world.member).post(url("plan_b", appeal))
    new = PermitApplication.objects.order_by("-pk").first()
    # A new application is a new naming: the group's coordinators agree to it (issue 12).
    assert not new.co_organizers.exists()
    assert [i.organization for i in new.co_organizer_invitations.pending()] == [world.co_group]


def test_plan_b_without_an_alternative_keeps_the_place(world, refused, login):
    application, decision = refused
    from appeals.services import appeal_open

    appeal = appeal_open(decision=decision, venue="court", by=world.coordinator, language="en")
    login(world.coordinator).post(url("plan_b", appeal))
    new = PermitApplication.objects.order_by("-pk").first()
    assert new.pk != application.pk and new.location == application.location


def test_plan_b_is_refused_to_those_who_may_not_file_for_the_group(world, late_refusal, login, volunteer):
    _application, _decision, appeal = late_refusal
    from tests.appeals.conftest import assign_by_invitation

    assign_by_invitation(appeal=appeal, username=volunteer.username, by=world.coordinator)
    count = PermitApplication.objects.count()
    assert login(world.legal).post(url("plan_b", appeal)).status_code == 403
    assert login(volunteer).post(url("plan_b", appeal)).status_code == 403
    assert login(world.co_member).post(url("plan_b", appeal)).status_code == 403
    assert login(world.outsider).post(url("plan_b", appeal)).status_code == 404
    assert login(world.member).get(url("plan_b", appeal)).status_code == 405
    assert PermitApplication.objects.count() == count
    page = login(world.legal).get(url("workspace", appeal)).content.decode()
    assert url("plan_b", appeal) not in page


# --- click to insert ---------------------------------------------------------------------------------


def test_each_ground_shows_its_arguments_with_an_insert_button_and_the_script(world, appeal, login):
    page = login(world.legal).get(url("workspace", appeal)).content.decode()
    argument = argument_for(appeal)
    assert f'name="argument" value="{argument.pk}"' in page
    assert 'form="draft-form"' in page and url("insert", appeal) in page
    assert "js/appeal-workspace.js" in page
    assert "<script>" not in page and 'style="' not in page


def test_insert_without_javascript_appends_the_argument_to_what_was_typed(world, appeal, login):
    argument = argument_for(appeal)
    response = login(world.legal).post(
        url("insert", appeal), {"text": "My own opening.", "version": 1, "argument": argument.pk}
    )
    assert response.status_code == 302
    draft = AppealDraft.objects.get(pk=appeal.draft.pk)
    assert draft.version == 2
    assert draft.text.startswith("My own opening.\n\n" + argument.title)
    assert argument.text.strip() in draft.text
    citation = argument.citations.first()
    if citation is not None:
        assert citation.instrument in draft.text


def test_insert_on_a_stale_version_overwrites_nothing_and_shows_both_texts(world, appeal, login):
    draft_save(draft=appeal.draft, text="A colleague's text.", based_on_version=1, by=world.member)
    argument = argument_for(appeal)
    response = login(world.legal).post(url("insert", appeal), {"text": "Mine.", "version": 1, "argument": argument.pk})
    assert response.status_code == 409
    page = response.content.decode()
    assert "A colleague&#x27;s text." in page and "Mine." in page and argument.title in page
    assert AppealDraft.objects.get(pk=appeal.draft.pk).text == "A colleague's text."


def test_insert_with_bad_input_names_the_field_and_keeps_the_text(world, appeal, login):
    client = login(world.legal)
    unknown = client.post(url("insert", appeal), {"text": "Kept words.", "version": 1, "argument": 999999})
    assert unknown.status_code == 400
    assert "argument" in unknown.context["draft_form"].errors and "Kept words." in unknown.content.decode()
    nothing = client.post(url("insert", appeal), {"text": "Kept words.", "version": 1})
    assert nothing.status_code == 400 and "Choose an argument" in nothing.content.decode()
    no_version = client.post(url("insert", appeal), {"text": "Kept words.", "evidence": "1"})
    assert no_version.status_code == 400 and "version" in no_version.context["draft_form"].errors
    assert AppealDraft.objects.get(pk=appeal.draft.pk).version == 1


def test_insert_is_for_those_who_work_on_the_appeal(world, appeal, login, other_application):
    argument = argument_for(appeal)
    data = {"text": "x", "version": 1, "argument": argument.pk}
    assert login(world.co_member).post(url("insert", appeal), data).status_code == 403
    assert login(world.outsider).post(url("insert", appeal), data).status_code == 404
    assert AppealDraft.objects.get(pk=appeal.draft.pk).version == 1


# --- evidence: the authority's record ----------------------------------------------------------------


def test_the_evidence_panel_shows_the_authoritys_record_and_inserts_it(world, refused, login):
    _application, decision = refused
    world.lead.share_statistics = True
    world.lead.save()
    from appeals.services import appeal_open

    appeal = appeal_open(decision=decision, venue="higher_authority", by=world.coordinator, language="en")
    client = login(world.legal)
    page = client.get(url("workspace", appeal)).content.decode()
    assert "refused 1 assembly in 2021" in page
    assert "26 Nov 2021: March" in page
    assert 'name="evidence" value="1"' in page
    response = client.post(url("insert", appeal), {"text": "Start.", "version": 1, "evidence": "1"})
    assert response.status_code == 302
    text = AppealDraft.objects.get(pk=appeal.draft.pk).text
    assert "refused 1 assembly in 2021" in text and "- 26 Nov 2021: March (Conflicting event;" in text


def test_the_evidence_panel_says_so_when_no_group_shares_its_refusals(world, appeal, login):
    page = login(world.legal).get(url("workspace", appeal)).content.decode()
    assert "holds no refusal by" in page
    assert 'name="evidence" value="1"' not in page


def test_a_phone_sees_the_deadline_banner_before_the_panels_and_the_panels_fold(world, appeal, login):
    page = login(world.legal).get(url("workspace", appeal)).content.decode()
    assert page.index('aria-label="Filing deadline"') < page.index("grounds-heading") < page.index("draft-heading")
    assert page.count("data-collapse-narrow") == 2
