"""File, decide, withdraw, mark held, cancel: each page calls its verb, and every refusal of the
verb comes back on the form."""

import datetime as dt

import pytest
from django.urls import reverse

from permits.models import Decision, RefusalReason, Status, TimelineEntry
from tests.factories import filed_application, refused_application

pytestmark = pytest.mark.django_db


def url(name, application):
    return reverse(f"permits:{name}", args=[application.pk])


def decision_data(**overrides):
    data = {
        "outcome": "refused",
        "decided_on": "2021-11-26",
        "received_on": "2021-11-27",
        "reference_number": "ЗТ-2021-77",
        "conditions": "",
        "alternative_offered": "",
        "grounds-TOTAL_FORMS": "2",
        "grounds-INITIAL_FORMS": "0",
        "grounds-MIN_NUM_FORMS": "0",
        "grounds-MAX_NUM_FORMS": "20",
        "grounds-0-reason": RefusalReason.objects.get(code="conflicting_event").pk,
        "grounds-0-quote": "В указанное время запланировано другое мероприятие",
        "grounds-0-note": "",
        "grounds-1-reason": RefusalReason.objects.get(code="repair_works").pk,
        "grounds-1-quote": "ремонтно-монтажные работы",
        "grounds-1-note": "No works were visible on 8 March",
    }
    data.update(overrides)
    return data


@pytest.fixture
def filed(world):
    world.application.file(on=dt.date(2021, 11, 16), by=world.coordinator)
    return world.application


def test_filing_a_draft_records_the_date_number_and_channel(world, login):
    client = login(world.member)
    assert client.get(url("application_file", world.application)).status_code == 200
    response = client.post(
        url("application_file", world.application),
        {"filed_on": "2021-11-16", "reference_number": "ЖТ-5", "channel": "online"},
    )
    assert response.status_code == 302
    world.application.refresh_from_db()
    assert (world.application.status, world.application.filed_on) == (Status.FILED, dt.date(2021, 11, 16))
    assert (world.application.reference_number, world.application.channel) == ("ЖТ-5", "online")


def test_filing_without_a_date_or_with_a_bad_one_names_the_field(world, login):
    client = login(world.member)
    for bad in ["", "2021-13-01", "yesterday"]:
        response = client.post(url("application_file", world.application), {"filed_on": bad, "reference_number": "K"})
        assert response.status_code == 200
        assert "filed_on" in response.context["form"].errors
        assert 'value="K"' in response.content.decode()
    world.application.refresh_from_db()
    assert world.application.status == Status.DRAFT


def test_filing_twice_shows_the_verbs_refusal_on_the_form(filed, world, login):
    response = login(world.member).post(url("application_file", filed), {"filed_on": "2021-11-17"})
    assert response.status_code == 200
    assert "Only a draft can be filed" in response.content.decode()
    filed.refresh_from_db()
    assert filed.filed_on == dt.date(2021, 11, 16)


def test_a_refusal_with_two_quoted_grounds_is_recorded(filed, world, login):
    client = login(world.member)
    assert client.get(url("application_decide", filed)).status_code == 200
    response = client.post(url("application_decide", filed), decision_data())
    assert response.status_code == 302
    filed.refresh_from_db()
    assert filed.status == Status.REFUSED
    decision = filed.decisions.get()
    assert [(g.reason.code, g.quote) for g in decision.grounds.all()] == [
        ("conflicting_event", "В указанное время запланировано другое мероприятие"),
        ("repair_works", "ремонтно-монтажные работы"),
    ]
    assert decision.recorded_by == world.member
    assert filed.timeline.filter(kind=TimelineEntry.Kind.DECISION).exists()


def test_a_refusal_with_no_ground_is_shown_on_the_form_with_everything_kept(filed, world, login):
    data = decision_data(
        **{"grounds-0-reason": "", "grounds-0-quote": "", "grounds-1-reason": "", "grounds-1-quote": ""}
    )
    data["grounds-1-note"] = ""
    response = login(world.member).post(url("application_decide", filed), data)
    assert response.status_code == 200
    assert response.context["grounds"].non_form_errors() == ["A refusal needs at least one ground."]
    assert "A refusal needs at least one ground." in response.content.decode()
    assert 'value="ЗТ-2021-77"' in response.content.decode()
    filed.refresh_from_db()
    assert filed.status == Status.FILED
    assert not Decision.objects.exists()


def test_a_quote_without_a_reason_asks_for_the_reason_and_keeps_the_quote(filed, world, login):
    data = decision_data(**{"grounds-1-reason": ""})
    response = login(world.member).post(url("application_decide", filed), data)
    assert response.context["grounds"].forms[1].errors["reason"] == ["Choose the category this ground falls under."]
    assert "ремонтно-монтажные работы" in response.content.decode()
    assert not Decision.objects.exists()


def test_an_approval_with_grounds_is_refused_on_the_form(filed, world, login):
    response = login(world.member).post(url("application_decide", filed), decision_data(outcome="approved"))
    assert response.context["grounds"].non_form_errors() == ["Only a refusal has grounds."]


def test_an_approval_with_conditions_needs_the_conditions(filed, world, login):
    data = decision_data(outcome="approved_with_conditions", **{"grounds-TOTAL_FORMS": "0"})
    response = login(world.member).post(url("application_decide", filed), data)
    assert response.context["form"].errors["conditions"] == ["Describe the conditions the authority set."]


def test_received_before_decided_names_the_field(filed, world, login):
    data = decision_data(received_on="2021-11-20")
    response = login(world.member).post(url("application_decide", filed), data)
    assert "received_on" in response.context["form"].errors
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"outcome": "banned"}, "outcome"),
        ({"decided_on": "26.11.2021x"}, "decided_on"),
        ({"decided_on": ""}, "decided_on"),
    ],
)
def test_bad_decision_inputs_name_the_field(filed, world, login, overrides, field):
    response = login(world.member).post(url("application_decide", filed), decision_data(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "ремонтно-монтажные работы" in response.content.decode()


def test_an_unknown_reason_code_in_a_ground_names_the_reason(filed, world, login):
    response = login(world.member).post(url("application_decide", filed), decision_data(**{"grounds-0-reason": "999"}))
    assert "reason" in response.context["grounds"].forms[0].errors


def test_deciding_a_withdrawn_application_is_refused_on_the_form(filed, world, login):
    filed.withdraw(on=dt.date(2021, 11, 20))
    client = login(world.member)
    page = client.get(url("application_decide", filed))
    assert "This is not possible while the application is Withdrawn." in page.content.decode()
    response = client.post(url("application_decide", filed), decision_data())
    assert response.status_code == 200
    assert "A decision can only be recorded on a filed application" in response.content.decode()
    filed.refresh_from_db()
    assert filed.status == Status.WITHDRAWN
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    ("name", "status"),
    [("application_withdraw", Status.WITHDRAWN), ("application_held", Status.HELD)],
)
def test_withdraw_and_held_change_the_status_with_the_note_on_the_timeline(filed, world, login, name, status):
    response = login(world.member).post(url(name, filed), {"on": "2021-11-20", "note": "After a call from the akimat"})
    assert response.status_code == 302
    filed.refresh_from_db()
    assert filed.status == status
    assert filed.timeline.filter(details="After a call from the akimat").exists()


def test_cancelling_a_refused_assembly(world, login):
    application = refused_application(organization=world.lead)
    login(world.member).post(url("application_cancel", application), {"on": "2022-03-08"})
    application.refresh_from_db()
    assert application.status == Status.CANCELLED


def test_a_transition_that_is_not_allowed_is_shown_on_the_form_not_a_500(world, login):
    client = login(world.member)
    response = client.post(url("application_held", world.application), {"on": "2021-11-20", "note": "kept"})
    assert response.status_code == 200
    assert "Only a filed or approved assembly can be marked as held" in response.content.decode()
    assert "kept" in response.content.decode()
    response = client.post(url("application_cancel", world.application), {"on": "2021-11-20"})
    assert "cannot be cancelled" in response.content.decode()
    world.application.refresh_from_db()
    assert world.application.status == Status.DRAFT


def test_a_malformed_status_change_date_names_the_field(filed, world, login):
    response = login(world.member).post(url("application_withdraw", filed), {"on": "20/11", "note": "kept"})
    assert "on" in response.context["form"].errors
    filed.refresh_from_db()
    assert filed.status == Status.FILED


def test_the_application_page_offers_only_the_allowed_actions(world, login):
    client = login(world.member)
    application = filed_application(organization=world.lead)
    html = client.get(url("application_detail", application)).content.decode()
    assert url("application_decide", application) in html
    assert url("application_withdraw", application) in html
    assert url("application_held", application) in html
    assert url("application_file", application) not in html
    assert url("application_cancel", application) not in html
    assert url("application_delete", application) not in html
