"""Opening an appeal (appeals.services.appeal_open): the checks, the filing deadline from the rules
for the venue, the timeline, and the first draft assembled from the case and the library."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from appeals.models import Appeal, AppealStatus, DraftRevision, DraftTemplate, RevisionOrigin
from appeals.services import appeal_open
from permits.models import DeadlineKind, DeadlineRule, SourceStatus, TimelineEntry
from tests.appeals.conftest import CONFLICT_QUOTE, WORKS_QUOTE, D, refuse
from tests.factories import PermitApplicationFactory

pytestmark = pytest.mark.django_db


def test_the_almaty_appeal_gets_a_first_draft_quoting_both_grounds_and_citing_article_21(world, appeal):
    draft = appeal.draft
    assert draft.version == 1
    assert f"> {CONFLICT_QUOTE}" in draft.text
    assert f"> {WORKS_QUOTE}" in draft.text
    assert "International Covenant on Civil and Political Rights, art. 21" in draft.text
    assert "General Comment No. 37" in draft.text and "para. 22" in draft.text
    assert "Toregozhina v. Kazakhstan" in draft.text
    # Place taken and no alternative recorded: the Constitutional Court argument, marked "verify",
    # told as a later development, since the resolution (2025) did not bind the akimat in 2021.
    assert "## No other place or time was offered" not in draft.text
    assert "## Since then" in draft.text and "Since 20 January 2025:" in draft.text
    assert "verify its text at adilet.zan.kz" in draft.text.split("## Since then")[1]
    # The facts of the timeline; the internal note stays out.
    assert "Meeting with officials: Meeting at the akimat" in draft.text
    assert "Pressure to withdraw: Officials asked us to withdraw" in draft.text
    assert "registered on 16 November 2021 under No. ЗТ-1234" in draft.text
    assert "Internal note" not in draft.text
    # The deadline and the answer that came a day late.
    assert "the last day is 28 February 2022" in draft.text
    assert "The answer was due by 25 November 2021" in draft.text
    revision = draft.revisions.get()
    assert (revision.version, revision.origin, revision.author) == (1, RevisionOrigin.GENERATED, None)


def test_the_draft_in_russian_comes_from_the_russian_template(world, refused):
    appeal = appeal_open(decision=refused[1], venue="court", by=world.coordinator, language="ru")
    text = appeal.draft.text
    assert text.startswith("В административный суд")
    assert "## Основания отказа и наши возражения" in text
    assert "Международный пакт о гражданских и политических правах, ст. 21" in text
    # The rule's citation is the database's, in Russian (DeadlineRule.law_ru, article_ru, paragraph_ru).
    assert "Срок подачи: один месяц со дня вручения решения, 26 ноября 2021 г. (Административный" in text
    assert "(АППК) от 29 июня 2020 года № 350-VI, ст. 136)" in text


def test_a_kazakh_appeal_without_a_kazakh_template_is_drafted_in_russian_with_a_note(world, refused):
    DraftTemplate.objects.filter(venue="higher_authority", language="kk").delete()
    appeal = appeal_open(decision=refused[1], venue="higher_authority", by=world.coordinator, language="kk")
    assert appeal.language == "ru"
    assert appeal.draft.text.startswith("[Примечание: шаблона на языке")
    assert "Kazakh" in appeal.draft.revisions.get().note or "Қазақша" in appeal.draft.revisions.get().note


def test_the_language_defaults_to_the_openers_own(world, refused):
    world.coordinator.language = "ru"
    world.coordinator.save()
    appeal = appeal_open(decision=refused[1], venue="higher_authority", by=world.coordinator)
    assert appeal.language == "ru"


def test_opening_writes_the_timeline_and_starts_in_preparation(world, appeal):
    assert appeal.status == AppealStatus.PREPARING
    entry = world.application.timeline.get(kind=TimelineEntry.Kind.APPEAL)
    assert entry.summary.startswith("Appeal in preparation: Higher authority")
    assert entry.created_by == world.coordinator


def test_the_higher_authority_deadline_is_the_applications_complaint_deadline_under_art_92(world, appeal):
    deadline = appeal.filing_deadline
    assert deadline.kind == DeadlineKind.APPEAL_FILING
    assert deadline.application == world.application
    assert deadline.appeal == appeal
    assert deadline.due_on == D(2022, 2, 28) == appeal.filing_due_on
    assert "Art. 92, p. 1" in deadline.rule_source
    assert list(appeal.deadlines.all()) == [deadline]


def test_a_court_claim_counts_one_month_from_the_refusal_without_a_complaint(world, refused):
    appeal = appeal_open(decision=refused[1], venue="court", by=world.coordinator, language="en")
    deadline = appeal.filing_deadline
    assert deadline.kind == DeadlineKind.COURT_CLAIM
    # 1 month from 26 Nov 2021 is Sun 26 Dec; the next working day is Mon 27 Dec.
    assert deadline.due_on == D(2021, 12, 27)
    assert "Art. 136" in deadline.rule_source
    assert deadline.source_status == SourceStatus.CONFIRMED
    assert "(the day the decision was received)" in deadline.computation


def test_a_court_claim_after_a_complaint_counts_from_the_decision_on_it(world, refused):
    appeal = appeal_open(
        decision=refused[1],
        venue="court",
        by=world.coordinator,
        complaint_decision_received_on=D(2022, 1, 10),
    )
    assert appeal.filing_due_on == D(2022, 2, 10)
    assert "(the day the decision on the complaint was received)" in appeal.filing_deadline.computation
    appeal.set_complaint_decision_received_on(D(2022, 1, 14), by=world.coordinator)
    assert appeal.filing_deadline.due_on == D(2022, 2, 14)
    assert appeal.deadlines.filter(kind=DeadlineKind.COURT_CLAIM).count() == 1


def test_a_venue_without_a_rule_gets_no_invented_deadline_only_one_a_person_gives(world, refused):
    ombudsman = appeal_open(decision=refused[1], venue="ombudsman", by=world.coordinator)
    assert ombudsman.filing_deadline is None
    assert "[Note: Ruqsat knows no rule for this venue's deadline." in ombudsman.draft.text
    prosecutor = appeal_open(
        decision=refused[1], venue="prosecutor", by=world.coordinator, filing_due_on=D(2021, 12, 20)
    )
    deadline = prosecutor.filing_deadline
    assert (deadline.kind, deadline.due_on, deadline.rule) == (DeadlineKind.CUSTOM, D(2021, 12, 20), None)
    assert deadline.title == "File the appeal: Prosecutor's office"


def test_a_rule_venue_refuses_a_hand_given_deadline(world, refused):
    with pytest.raises(ValidationError) as error:
        appeal_open(decision=refused[1], venue="court", by=world.coordinator, filing_due_on=D(2021, 12, 20))
    assert "filing_due_on" in error.value.message_dict


def test_an_approval_cannot_be_appealed(world):
    application = world.application
    application.file(on=D(2021, 11, 16))
    approval = application.record_decision(outcome="approved", decided_on=D(2021, 11, 20))
    with pytest.raises(ValidationError) as error:
        appeal_open(decision=approval, venue="higher_authority", by=world.coordinator)
    assert error.value.message_dict["decision"] == ["Only a refusal can be appealed; this decision is an approval."]
    assert not Appeal.objects.exists()


def test_only_the_lead_groups_working_roles_open_an_appeal(world, refused, volunteer):
    for person in (world.co_member, world.outsider, volunteer):
        with pytest.raises(ValidationError) as error:
            appeal_open(decision=refused[1], venue="higher_authority", by=person)
        assert "application" in error.value.message_dict
    assert appeal_open(decision=refused[1], venue="higher_authority", by=world.legal).pk


def test_one_live_appeal_per_refusal_and_venue(world, appeal, refused):
    with pytest.raises(ValidationError) as error:
        appeal_open(decision=refused[1], venue="higher_authority", by=world.member)
    assert "venue" in error.value.message_dict
    appeal.withdraw(by=world.coordinator)
    again = appeal_open(decision=refused[1], venue="higher_authority", by=world.member)
    assert again.filing_deadline == appeal.filing_deadline


def test_volunteers_given_at_opening_need_a_coordinator_and_known_names(world, refused, volunteer):
    with pytest.raises(ValidationError) as error:
        appeal_open(decision=refused[1], venue="court", by=world.member, volunteers=["lawyer"])
    assert "volunteers" in error.value.message_dict
    for name in ("nobody-here", "gulnar"):
        with pytest.raises(ValidationError) as error:
            appeal_open(decision=refused[1], venue="court", by=world.coordinator, volunteers=[name])
        assert error.value.message_dict["volunteers"][0].startswith(f"“{name}” cannot be assigned directly")
    assert not Appeal.objects.exists() and not DraftRevision.objects.exists()
    appeal = appeal_open(decision=refused[1], venue="court", by=world.coordinator, volunteers=["lawyer"])
    assert list(appeal.volunteers.all()) == [world.legal]


def test_a_decision_without_an_alternative_only_argues_it_for_place_taken_grounds(world):
    application = PermitApplicationFactory(organization=world.lead, starts_at=dt.datetime(2022, 3, 8, 6, tzinfo=dt.UTC))
    application.file(on=D(2021, 11, 16))
    decision = refuse(application, grounds=[("public_health", "эпидемиологическая ситуация")])
    appeal = appeal_open(decision=decision, venue="higher_authority", by=world.coordinator, language="en")
    assert "No other place or time was offered" not in appeal.draft.text
    assert "A health restriction must be lawful, necessary, proportionate" in appeal.draft.text


def test_an_overridden_court_deadline_whose_rule_is_gone_keeps_its_date_and_asks_to_be_checked(world, refused):
    # One Deadline.apply_plan for applications and appeals: the appeal's copy once kept the stale
    # computed date, so the page did not flag the override as outdated.
    appeal = appeal_open(
        decision=refused[1], venue="court", by=world.coordinator, complaint_decision_received_on=D(2022, 1, 10)
    )
    deadline = appeal.filing_deadline
    deadline.override(due_on=D(2022, 2, 20), reason="The court registered it later", by=world.coordinator)
    assert not deadline.override_outdated
    DeadlineRule.objects.filter(pk=deadline.rule_id).delete()  # an editor removes the rule

    Appeal.objects.get(pk=appeal.pk).sync_deadlines(by=world.coordinator)

    deadline.refresh_from_db()
    assert deadline.due_on == D(2022, 2, 20)
    assert deadline.computed_due_on is None
    assert deadline.override_outdated
