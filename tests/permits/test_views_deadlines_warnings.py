"""What follows from the deadlines, shown on the application page (issue 4 §4), each in a case that
triggers it and one that does not: filed late, the authority's answer overdue and what the law says
follows, the registration facts and their proof, a refusal on the place-taken ground with no
alternative, the appeal deadline at once after a refusal, and whether the remedy can come in time."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from permits.models import Document, RefusalReason
from tests.factories import PermitApplicationFactory, refused_application

pytestmark = pytest.mark.django_db

ALMATY = ZoneInfo("Asia/Almaty")
D = dt.date


def page(client, application) -> str:
    response = client.get(reverse("permits:application_detail", args=[application.pk]))
    assert response.status_code == 200
    return response.content.decode()


def on_8_march_2022(world, event_type="march", **kwargs):
    return PermitApplicationFactory(
        organization=world.lead,
        event_type=event_type,
        starts_at=dt.datetime(2022, 3, 8, 12, tzinfo=ALMATY),
        ends_at=None,
        **kwargs,
    )


def refuse(application, *, on, reasons=("conflicting_event",), alternative=""):
    return application.record_decision(
        outcome="refused",
        decided_on=on,
        received_on=on,
        alternative_offered=alternative,
        grounds=[{"reason": RefusalReason.objects.get(code=code), "quote": "…"} for code in reasons],
    )


# --- filed late ------------------------------------------------------------------------------------
def test_a_filing_after_the_latest_filing_day_is_flagged_as_a_possible_refusal_ground(world, login):
    application = on_8_march_2022(world)
    application.file(on=D(2022, 3, 1))  # the latest filing day was 22 Feb 2022 (Art. 12 p. 1)
    html = page(login(world.member), application)
    assert "warning-filed-late" in html
    assert "Filed late: registered on 1 Mar 2022, after the latest filing day, 22 Feb 2022." in html
    assert "may use this as a ground for refusal" in html
    assert "Art. 12, p. 1" in html


def test_a_filing_in_time_carries_no_late_warning(world, login):
    application = on_8_march_2022(world)
    application.file(on=D(2021, 11, 16))
    assert "warning-filed-late" not in page(login(world.member), application)


# --- the authority's answer overdue ---------------------------------------------------------------
def test_an_overdue_answer_to_a_notification_says_the_assembly_may_be_held_as_notified(world, login):
    application = on_8_march_2022(world, event_type="picket")
    application.file(on=D(2021, 11, 16))  # the answer was due 19 Nov 2021 (3 working days, Art. 11 p. 1)
    html = page(login(world.member), application)
    assert "warning-answer-overdue" in html
    assert "The authority's answer is overdue: it was due by 19 Nov 2021 and none is recorded." in html
    assert "the organizer holds the assembly as notified (Art. 11 p. 1, last sentence)" in html
    assert reverse("permits:application_decide", args=[application.pk]) in html


def test_an_overdue_answer_to_an_application_for_approval_says_silence_is_no_go_ahead(world, login):
    application = on_8_march_2022(world, event_type="march")
    application.file(on=D(2021, 11, 16))
    html = page(login(world.member), application)
    assert "warning-answer-overdue" in html
    assert "Silence is no go-ahead" in html


def test_an_answer_not_yet_due_or_already_given_is_not_overdue(world, login):
    pending = PermitApplicationFactory(organization=world.lead)
    pending.file(on=timezone.localdate())
    assert "warning-answer-overdue" not in page(login(world.member), pending)
    answered = on_8_march_2022(world)
    answered.file(on=D(2021, 11, 16))
    answered.record_decision(outcome="approved", decided_on=D(2021, 11, 20))
    assert "warning-answer-overdue" not in page(login(world.member), answered)


# --- registration: date, incoming number, proof -------------------------------------------------------
def test_the_registration_date_number_and_its_proof_are_shown(world, login):
    application = on_8_march_2022(world)
    application.file(on=D(2021, 11, 16), reference_number="ЖТ-2021-1116")
    proof = Document(application=application, kind="filing", title="Stamped copy", content_type="application/pdf")
    proof.file.save("stamped.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    html = page(login(world.member), application)
    assert "Registered on" in html and "16 Nov 2021" in html
    assert "ЖТ-2021-1116" in html
    assert f'href="{reverse("permits:document_file", args=[proof.pk])}">Stamped copy</a>' in html
    assert "missing-proof" not in html


def test_a_filed_application_without_proof_or_number_prompts_for_them(world, login):
    application = on_8_march_2022(world)
    application.file(on=D(2021, 11, 16))
    response = login(world.member).get(reverse("permits:application_detail", args=[application.pk]))
    html = response.content.decode()
    assert "missing-proof" in html
    assert "Upload the stamped copy or the e-government receipt" in html
    assert "Add the number the authority gave" in html
    assert response.context["document_form"]["kind"].value() == "filing"  # the upload form offers it first


def test_a_reader_is_told_what_proves_registration_without_an_upload_link(world, login):
    application = on_8_march_2022(world, co_organizers=[world.co_group])
    application.file(on=D(2021, 11, 16))
    html = page(login(world.co_member), application)
    assert "missing-proof" in html
    assert "Upload the stamped copy" not in html
    assert "proves when the clock started" in html


def test_a_draft_shows_no_registration_proof_row(world, login):
    html = page(login(world.member), on_8_march_2022(world))
    assert "Not filed yet" in html
    assert "Proof of registration" not in html


# --- place taken / works, no alternative -------------------------------------------------------------
@pytest.mark.parametrize("reason", ["conflicting_event", "repair_works"])
def test_a_place_taken_refusal_without_an_alternative_is_flagged_as_an_appeal_argument(world, login, reason):
    application = on_8_march_2022(world)
    application.file(on=D(2021, 11, 16))
    refuse(application, on=D(2021, 11, 26), reasons=[reason])
    html = page(login(world.member), application)
    assert "warning-place-taken" in html
    assert "normative resolution No. 61-NP of 20 January 2025" in html
    # A 2021 refusal is not argued from a 2025 ruling as if it bound the authority then.
    assert "Since then, the Constitutional Court" in html and "did not bind this earlier decision" in html
    assert "It must first propose another place" not in html


def test_a_place_taken_refusal_after_the_2025_resolution_is_argued_from_it(world, login):
    application = on_8_march_2022(world)
    application.starts_at = application.starts_at.replace(year=2026)
    application.save()
    application.file(on=D(2025, 11, 16))
    refuse(application, on=D(2025, 11, 26), reasons=["conflicting_event"])
    html = page(login(world.member), application)
    assert "It must first propose another place and/or time before refusing on that ground" in html
    assert "Since then" not in html


@pytest.mark.parametrize(
    ("reasons", "alternative"),
    [(["conflicting_event"], "Abai square, same day and time"), (["public_order"], "")],
)
def test_an_alternative_offered_or_another_ground_is_not_flagged(world, login, reasons, alternative):
    application = on_8_march_2022(world)
    application.file(on=D(2021, 11, 16))
    refuse(application, on=D(2021, 11, 26), reasons=reasons, alternative=alternative)
    assert "warning-place-taken" not in page(login(world.member), application)


# --- the answer came late --------------------------------------------------------------------------
def test_a_decision_after_the_answer_deadline_is_an_appeal_argument(world, login):
    late = on_8_march_2022(world)
    late.file(on=D(2021, 11, 16))
    refuse(late, on=D(2021, 11, 26))  # the answer was due 25 Nov 2021
    assert "warning-answered-late" in page(login(world.member), late)
    in_time = on_8_march_2022(world)
    in_time.file(on=D(2021, 11, 16))
    refuse(in_time, on=D(2021, 11, 25))
    assert "warning-answered-late" not in page(login(world.member), in_time)


# --- after a refusal: the appeal deadline at once, and whether the remedy can come in time ------------
def test_the_appeal_deadline_appears_at_once_after_a_refusal(world, login):
    application = refused_application(organization=world.lead)  # refused and received today
    due = application.deadline("appeal_filing")
    html = page(login(world.member), application)
    assert "warning-appeal" in html
    assert "The complaint against the refusal must be filed by" in html
    assert "Art. 92, p. 1" in html
    assert f'href="#deadline-{due.pk}"' in html


def test_a_missed_appeal_deadline_says_what_the_law_allows(world, login):
    application = on_8_march_2022(world)
    application.file(on=D(2021, 11, 16))
    refuse(application, on=D(2021, 11, 26))
    html = page(login(world.member), application)
    assert "The time to file a complaint against the refusal ended on 28 Feb 2022." in html
    assert "may be restored for a good reason" in html


def test_no_appeal_warning_without_a_refusal_or_once_the_complaint_is_filed(world, login):
    approved = on_8_march_2022(world)
    approved.file(on=D(2021, 11, 16))
    approved.record_decision(outcome="approved", decided_on=D(2021, 11, 20))
    assert "warning-appeal" not in page(login(world.member), approved)
    refused = refused_application(organization=world.lead)
    refused.deadline("appeal_filing").mark_done(by=world.member)
    assert "warning-appeal" not in page(login(world.member), refused)


def test_an_event_before_any_complaint_could_be_decided_gets_the_remedy_not_effective_statement(world, login):
    soon = timezone.now() + dt.timedelta(days=10)
    application = refused_application(organization=world.lead, event_type="picket", starts_at=soon, ends_at=None)
    outlook = application.remedy_outlook
    assert outlook.decided_before_event is False  # 20 working days (Art. 100, unconfirmed) outlast 10 days
    html = page(login(world.member), application)
    assert "The remedy is not effective before the assembly." in html
    assert "Art. 100" in html


def test_an_event_far_enough_ahead_gets_no_remedy_statement_but_a_nudge(world, login):
    later = timezone.now() + dt.timedelta(days=120)
    application = refused_application(organization=world.lead, starts_at=later, ends_at=None)
    html = page(login(world.member), application)
    assert "The remedy is not effective" not in html
    assert "file it quickly" in html


def test_a_draft_has_no_warnings(world, login):
    html = page(login(world.member), on_8_march_2022(world))
    for marker in ("warning-appeal", "warning-filed-late", "warning-answer-overdue", "warning-place-taken"):
        assert marker not in html
