"""The workspace's status card: mark the appeal filed, schedule a hearing and record its result,
record the outcome, withdraw it, change its venue. Those who work on the appeal (the API's rule,
Appeal.objects.workable_by) act; a co-organizer reads (403 on a change), an outsider gets 404.
Bad input shows the workspace again with the form open, the error on its field and what was typed."""

import datetime as dt

import lxml.html
import pytest
from django.urls import reverse
from django.utils import timezone

from appeals.models import Appeal, AppealStatus, Hearing
from permits.models import DeadlineKind
from tests.appeals.conftest import ALMATY, assign_by_invitation

pytestmark = pytest.mark.django_db

D = dt.date
IN_A_YEAR = timezone.localdate() + dt.timedelta(days=365)
FILED_ON = D(2021, 12, 1)


def url(name, appeal, *args):
    return reverse(f"appeals:{name}", args=[appeal.pk, *args])


def card(response) -> lxml.html.HtmlElement:
    (section,) = lxml.html.fromstring(response.content.decode()).xpath("//section[contains(@class, 'appeal-status')]")
    return section


def card_text(response) -> str:
    return " ".join(card(response).text_content().split())


def actions(response) -> list[str]:
    return [" ".join(s.text_content().split()) for s in card(response).xpath(".//details/summary")]


def timeline_text(client, appeal) -> str:
    page = client.get(reverse("permits:application_detail", args=[appeal.application_id]))
    return " ".join(lxml.html.fromstring(page.content.decode()).text_content().split())


def file_it(appeal, by, on=FILED_ON, case_number=""):
    appeal = Appeal.objects.get(pk=appeal.pk)
    appeal.file(on=on, case_number=case_number, by=by)
    return appeal


def schedule(appeal, by, starts_at=None, place="Almaty city court, room 4"):
    appeal = Appeal.objects.get(pk=appeal.pk)
    starts_at = starts_at or dt.datetime.combine(IN_A_YEAR, dt.time(10, 30), tzinfo=ALMATY)
    return appeal.schedule_hearing(starts_at=starts_at, place=place, by=by)


# --- what the card offers -----------------------------------------------------------------------------------


def test_an_appeal_in_preparation_offers_filing_the_venue_and_withdrawal_only(world, appeal, login):
    response = login(world.legal).get(url("workspace", appeal))
    assert "Appeal in preparation." in card_text(response)
    assert actions(response) == ["Mark as filed", "Change the venue", "Withdraw the appeal"]


def test_a_filed_appeal_offers_a_hearing_the_outcome_a_correction_and_withdrawal(world, appeal, login):
    file_it(appeal, world.legal, case_number="3-1234/22")
    response = login(world.legal).get(url("workspace", appeal))
    text = card_text(response)
    assert "Filed on 1 Dec 2021" in text and "Case number 3-1234/22" in text
    assert actions(response) == [
        "Schedule the complaint's hearing",  # before a higher authority: not a court hearing
        "Record the outcome",
        "Correct the filing day or case number",
        "Withdraw the appeal",
    ]


def test_a_decided_or_withdrawn_appeal_offers_nothing(world, appeal, login):
    appeal = file_it(appeal, world.legal)
    schedule(appeal, world.legal)
    appeal.refresh_from_db()
    appeal.record_outcome(outcome="upheld", on=D(2022, 1, 20), by=world.legal)
    response = login(world.legal).get(url("workspace", appeal))
    assert actions(response) == []
    assert "Appeal decided: Refusal upheld." in card_text(response)
    assert "Decided on 20 Jan 2022" in card_text(response)
    assert not card(response).xpath(".//form")  # not even the hearing's result


def test_a_co_organizer_reads_the_card_without_any_form(world, appeal, login):
    file_it(appeal, world.legal)
    schedule(appeal, world.legal)
    response = login(world.co_member).get(url("workspace", appeal))
    assert "Almaty city court, room 4" in card_text(response)
    assert actions(response) == [] and not card(response).xpath(".//form")


def test_an_assigned_volunteer_gets_the_forms(world, appeal, volunteer, login):
    assign_by_invitation(appeal=appeal, username="gulnar", by=world.coordinator)
    assert "Mark as filed" in actions(login(volunteer).get(url("workspace", appeal)))


# --- filing -------------------------------------------------------------------------------------------------


def test_marking_as_filed_closes_the_filing_deadline_and_writes_the_timeline(world, appeal, login):
    client = login(world.legal)
    response = client.post(url("file", appeal), {"filed_on": "2021-12-01", "case_number": "3-1234/22"})
    assert response.status_code == 302 and response["Location"].endswith("#status-heading")
    appeal.refresh_from_db()
    assert (appeal.status, appeal.filed_on, appeal.case_number) == (AppealStatus.FILED, D(2021, 12, 1), "3-1234/22")
    assert appeal.filing_deadline.is_done
    page = client.get(response["Location"])
    assert "The appeal is marked as filed." in page.content.decode()
    assert "The time to file it ended" not in page.content.decode()  # the red banner is gone
    assert "alert-danger" not in card(page).getparent().xpath("//section[@aria-label='Filing deadline']")[0].get(
        "class"
    )
    assert "Appeal filed: Higher authority (pre-trial complaint)" in timeline_text(client, appeal)


def test_the_dashboard_no_longer_shows_the_filing_deadline_as_missed(world, appeal, login):
    client = login(world.legal)

    def missed():
        # The 2022 march is over: its missed deadline is folded under "Missed", not counted in red.
        context = client.get(reverse("dashboard")).context
        return [d.pk for d in context["overdue_deadlines"] + context["missed_deadlines"]]

    assert appeal.filing_deadline_id in missed()
    client.post(url("file", appeal), {"filed_on": "2021-12-01"})
    assert appeal.filing_deadline_id not in missed()


@pytest.mark.parametrize(
    ("filed_on", "error"),
    [
        ("", "Give the day the appeal was filed."),
        ("1.12.2021x", "Enter a valid date."),
        ("0021-12-01", "Enter a date between the years 1900 and 2999."),
        ("2021-11-01", "An appeal cannot be filed before the refusal of 26 Nov 2021."),
        (IN_A_YEAR.isoformat(), "The appeal cannot have been filed on a day still to come."),
    ],
)
def test_a_bad_filing_day_is_an_error_on_its_field_keeping_what_was_typed(world, appeal, login, filed_on, error):
    response = login(world.legal).post(url("file", appeal), {"filed_on": filed_on, "case_number": "3-1234/22"})
    assert response.status_code == 400
    assert response.context["file_form"].errors["filed_on"] == [error]
    section = card(response)
    (details,) = [d for d in section.xpath(".//details") if "Mark as filed" in d.text_content()]
    assert details.get("open") is not None  # the form is shown open, with its error
    assert error in details.text_content()
    assert section.xpath(".//input[@name='case_number']/@value") == ["3-1234/22"]
    assert section.xpath(".//input[@name='filed_on']/@value") == [filed_on]
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.PREPARING


def test_a_filed_appeal_gets_its_case_number_corrected(world, appeal, login):
    file_it(appeal, world.legal)
    client = login(world.legal)
    response = client.post(url("file", appeal), {"filed_on": "2021-12-01", "case_number": "3-99/22"})
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert (appeal.status, appeal.case_number) == (AppealStatus.FILED, "3-99/22")
    assert "Filing details corrected." in client.get(response["Location"]).content.decode()
    assert "Appeal corrected (Higher authority (pre-trial complaint))" in timeline_text(client, appeal)


# --- hearings -----------------------------------------------------------------------------------------------


def test_scheduling_a_hearing_lists_it_in_the_users_zone_and_puts_it_in_due_next(world, appeal, login):
    file_it(appeal, world.legal)
    world.legal.time_zone = "Asia/Almaty"
    world.legal.save(update_fields=["time_zone"])
    client = login(world.legal)
    assert not [d for d in client.get(reverse("dashboard")).context["due_next"] if d.kind == DeadlineKind.HEARING]
    when = f"{IN_A_YEAR.isoformat()}T10:30"
    response = client.post(
        url("hearing_schedule", appeal), {"starts_at": when, "place": "Almaty city court, room 4", "notes": "Bring ID"}
    )
    assert response.status_code == 302
    hearing = Hearing.objects.get(appeal=appeal)
    assert hearing.starts_at == dt.datetime.combine(IN_A_YEAR, dt.time(10, 30), tzinfo=ALMATY)
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.HEARING_SCHEDULED
    page = client.get(response["Location"])
    assert "Hearing scheduled; it is now among the deadlines." in page.content.decode()
    text = card_text(page)
    assert "Almaty city court, room 4" in text and "Bring ID" in text and "10:30" in text
    assert "Times in your time zone, Asia/Almaty." in text
    due_next = client.get(reverse("dashboard")).context["due_next"]
    assert hearing.deadline_id in [d.pk for d in due_next]
    assert "Complaint hearing scheduled for" in timeline_text(client, appeal)


def test_a_hearing_is_shown_in_the_readers_own_time_zone(world, appeal, login):
    file_it(appeal, world.legal)
    schedule(appeal, world.legal, starts_at=dt.datetime(2030, 3, 1, 10, 30, tzinfo=ALMATY))
    world.co_member.time_zone = "Europe/London"
    world.co_member.save(update_fields=["time_zone"])
    text = card_text(login(world.co_member).get(url("workspace", appeal)))
    assert "5:30" in text and "10:30" not in text  # Almaty is 5 hours ahead of London in March
    assert "Europe/London" in text


@pytest.mark.parametrize(
    ("data", "field", "error"),
    [
        ({"starts_at": "", "place": "Court"}, "starts_at", "Give the day and time of the hearing."),
        ({"starts_at": "tomorrow", "place": "Court"}, "starts_at", "Enter the day and time of the hearing, e.g. "),
        ({"starts_at": "0022-03-01T10:30", "place": "Court"}, "starts_at", "Enter a date between the years"),
        ({"starts_at": "2030-03-01T10:30", "place": "  "}, "place", "Say where the hearing takes place."),
    ],
)
def test_a_hearing_needs_its_time_and_place_keeping_what_was_typed(world, appeal, login, data, field, error):
    file_it(appeal, world.legal)
    response = login(world.legal).post(url("hearing_schedule", appeal), {**data, "notes": "Bring ID"})
    assert response.status_code == 400
    assert response.context["hearing_form"].errors[field][0].startswith(error)
    section = card(response)
    (details,) = [d for d in section.xpath(".//details") if "Schedule the complaint's hearing" in d.text_content()]
    assert details.get("open") is not None
    assert [t.strip() for t in section.xpath(".//textarea[@name='notes']/text()")] == ["Bring ID"]
    assert not Hearing.objects.exists()


def test_a_hearing_cannot_be_scheduled_before_filing(world, appeal, login):
    response = login(world.legal).post(url("hearing_schedule", appeal), {"starts_at": "2030-03-01T10:30", "place": "C"})
    assert response.status_code == 400
    assert "A hearing can only be scheduled for a filed appeal; this one is Preparing." in response.content.decode()
    assert not Hearing.objects.exists()


def test_recording_a_hearings_result_closes_its_deadline_and_writes_the_timeline(world, appeal, login):
    file_it(appeal, world.legal)
    hearing = schedule(appeal, world.legal)
    client = login(world.legal)
    field = f"hearing-{hearing.pk}-result"
    empty = client.post(url("hearing_result", appeal, hearing.pk), {field: "  "})
    assert empty.status_code == 400 and "Say what happened at the hearing." in card_text(empty)
    response = client.post(url("hearing_result", appeal, hearing.pk), {field: "Adjourned to January"})
    assert response.status_code == 302
    hearing.refresh_from_db()
    assert hearing.result == "Adjourned to January" and hearing.deadline.is_done
    page = client.get(response["Location"])
    assert "Result: Adjourned to January" in card_text(page)
    assert "Hearing held: Almaty city court, room 4" in timeline_text(client, appeal)


def test_a_hearings_result_on_a_withdrawn_appeal_is_refused(world, appeal, login):
    file_it(appeal, world.legal)
    hearing = schedule(appeal, world.legal)
    Appeal.objects.get(pk=appeal.pk).withdraw(by=world.legal)
    response = login(world.legal).post(url("hearing_result", appeal, hearing.pk), {f"hearing-{hearing.pk}-result": "x"})
    assert response.status_code == 400
    hearing.refresh_from_db()
    assert hearing.result == ""


def test_another_appeals_hearing_is_a_404(world, appeal, login):
    file_it(appeal, world.legal)
    hearing = schedule(appeal, world.legal)
    other = Appeal.objects.create(application=appeal.application, decision=appeal.decision, venue="court")
    response = login(world.legal).post(url("hearing_result", other, hearing.pk), {"result": "x"})
    assert response.status_code == 404


# --- the outcome --------------------------------------------------------------------------------------------


def test_recording_the_outcome_decides_the_appeal(world, appeal, login):
    file_it(appeal, world.legal)
    client = login(world.legal)
    response = client.post(url("outcome", appeal), {"outcome": "overturned", "decided_on": "2022-01-20"})
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert (appeal.status, appeal.outcome, appeal.decided_on) == (AppealStatus.DECIDED, "overturned", D(2022, 1, 20))
    page = client.get(response["Location"])
    assert "The outcome is recorded." in page.content.decode()
    assert "Appeal decided: Refusal overturned." in card_text(page)
    assert "Appeal decided (Higher authority (pre-trial complaint)): Refusal overturned" in timeline_text(
        client, appeal
    )


@pytest.mark.parametrize(
    ("data", "field", "error"),
    [
        ({"outcome": "", "decided_on": "2022-01-20"}, "outcome", "Choose the outcome."),
        ({"outcome": "won", "decided_on": "2022-01-20"}, "outcome", "Choose the outcome."),
        ({"outcome": "upheld", "decided_on": ""}, "decided_on", "Give the day the appeal was decided."),
        ({"outcome": "upheld", "decided_on": "2021-11-30"}, "decided_on", "The appeal cannot be decided before it"),
        ({"outcome": "upheld", "decided_on": IN_A_YEAR.isoformat()}, "decided_on", "The appeal cannot have been"),
    ],
)
def test_a_bad_outcome_is_an_error_on_its_field_keeping_what_was_typed(world, appeal, login, data, field, error):
    file_it(appeal, world.legal)
    response = login(world.legal).post(url("outcome", appeal), data)
    assert response.status_code == 400
    assert response.context["outcome_form"].errors[field][0].startswith(error)
    section = card(response)
    if data["outcome"] == "upheld":
        assert section.xpath(".//select[@name='outcome']/option[@selected]/@value") == ["upheld"]
    if data["decided_on"]:
        assert section.xpath(".//input[@name='decided_on']/@value") == [data["decided_on"]]
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.FILED


def test_no_outcome_before_filing(world, appeal, login):
    response = login(world.legal).post(url("outcome", appeal), {"outcome": "upheld", "decided_on": "2022-01-20"})
    assert response.status_code == 400
    assert "File the appeal before recording its outcome." in response.content.decode()


# --- withdrawal and the venue -------------------------------------------------------------------------------


def test_withdrawing_closes_the_appeal_and_writes_the_timeline(world, appeal, login):
    client = login(world.legal)
    response = client.post(url("withdraw", appeal))
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.WITHDRAWN
    page = client.get(response["Location"])
    assert "The appeal is withdrawn" in page.content.decode()
    assert actions(page) == []
    assert "Appeal withdrawn: Higher authority (pre-trial complaint)" in timeline_text(client, appeal)


def test_a_decided_appeal_cannot_be_withdrawn_from_a_stale_page(world, appeal, login):
    appeal = file_it(appeal, world.legal)
    appeal.record_outcome(outcome="dismissed", on=D(2022, 1, 20), by=world.legal)
    response = login(world.legal).post(url("withdraw", appeal), follow=True)
    assert "This appeal is Decided and can no longer be withdrawn." in response.content.decode()
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.DECIDED


def test_changing_the_venue_recomputes_the_filing_deadline(world, appeal, login):
    client = login(world.legal)
    response = client.post(url("venue", appeal), {"venue": "ombudsman", "filing_due_on": "2022-03-01"})
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.venue == "ombudsman"
    assert (appeal.filing_deadline.kind, appeal.filing_deadline.due_on) == (DeadlineKind.CUSTOM, D(2022, 3, 1))
    assert "The venue is changed" in client.get(response["Location"]).content.decode()
    moved = "Appeal moved from Higher authority (pre-trial complaint) to Ombudsman"
    assert moved in timeline_text(client, appeal)


def test_a_bad_venue_is_an_error_keeping_the_date(world, appeal, login):
    response = login(world.legal).post(
        url("venue", appeal), {"venue": "higher_authority", "filing_due_on": "2022-03-01"}
    )
    assert response.status_code == 400
    assert response.context["venue_form"].errors["venue"] == ["Choose one of the venues."]
    assert card(response).xpath(".//input[@name='filing_due_on']/@value") == ["2022-03-01"]


def test_a_venue_taken_by_another_appeal_is_an_error(world, appeal, login):
    Appeal.objects.create(application=appeal.application, decision=appeal.decision, venue="court")
    response = login(world.legal).post(url("venue", appeal), {"venue": "court"})
    assert response.status_code == 400
    assert "There is already an appeal against this refusal to that venue." in card_text(response)


# --- who may ------------------------------------------------------------------------------------------------

ACTIONS = [
    ("file", {"filed_on": "2021-12-01"}),
    ("hearing_schedule", {"starts_at": "2030-03-01T10:30", "place": "Court"}),
    ("outcome", {"outcome": "upheld", "decided_on": "2022-01-20"}),
    ("withdraw", {}),
    ("venue", {"venue": "court"}),
]


@pytest.mark.parametrize(("name", "data"), ACTIONS)
def test_a_co_organizer_who_reads_the_appeal_may_not_change_it(world, appeal, login, name, data):
    if name in ("hearing_schedule", "outcome"):
        file_it(appeal, world.legal)
    before = Appeal.objects.values().get(pk=appeal.pk)
    response = login(world.co_member).post(url(name, appeal), data)
    assert response.status_code == 403
    assert Appeal.objects.values().get(pk=appeal.pk) == before


@pytest.mark.parametrize(("name", "data"), ACTIONS)
def test_an_outsider_gets_404(world, appeal, login, name, data):
    before = Appeal.objects.values().get(pk=appeal.pk)
    assert login(world.outsider).post(url(name, appeal), data).status_code == 404
    assert Appeal.objects.values().get(pk=appeal.pk) == before


def test_a_hearings_result_is_the_workers_alone(world, appeal, login):
    file_it(appeal, world.legal)
    hearing = schedule(appeal, world.legal)
    data = {f"hearing-{hearing.pk}-result": "Adjourned"}
    assert login(world.co_member).post(url("hearing_result", appeal, hearing.pk), data).status_code == 403
    assert login(world.outsider).post(url("hearing_result", appeal, hearing.pk), data).status_code == 404
    hearing.refresh_from_db()
    assert hearing.result == ""


def test_the_status_forms_answer_only_post(world, appeal, login):
    assert login(world.legal).get(url("file", appeal)).status_code == 405
