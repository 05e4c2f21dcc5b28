"""The application page's Deadlines section: each deadline with its date in the jurisdiction's zone,
days left, overdue in red, the rule's source and the computation, "verify", the disclaimer; a new
date with its reason, marking one done and adding one, with bad input kept on the form."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from permits.models import Deadline, DeadlineKind, RefusalReason, TimelineEntry
from tests.factories import PermitApplicationFactory

pytestmark = pytest.mark.django_db

ALMATY = ZoneInfo("Asia/Almaty")
D = dt.date


def page_url(application):
    return reverse("permits:application_detail", args=[application.pk])


def almaty_march(world, **kwargs):
    """The Almaty case: a march on 8 March 2022, registered 16 Nov 2021."""
    application = PermitApplicationFactory(
        organization=world.lead,
        event_type="march",
        starts_at=dt.datetime(2022, 3, 8, 12, tzinfo=ALMATY),
        ends_at=None,
        **kwargs,
    )
    application.file(on=D(2021, 11, 16), by=world.coordinator)
    return application


def test_each_deadline_shows_its_date_source_computation_and_the_disclaimer(world, login):
    application = almaty_march(world, co_organizers=[world.co_group])
    html = login(world.co_member).get(page_url(application)).content.decode()
    assert 'id="deadlines"' in html
    assert "Authority must answer" in html
    assert "25 Nov 2021" in html
    assert "until the end of the day" in html and "Asia/Almaty" in html
    assert "Law No. 333-VI of 25 May 2020 on peaceful assemblies, Art. 13, p. 1" in html
    assert 'href="https://adilet.zan.kz/rus/docs/Z2000000333"' in html
    assert "7 working days counted from the day after 16 Nov 2021" in html
    assert "Check this date against the current law." in html
    assert ">verify<" in html  # the counting method is only "likely"


def deadline_of(application, kind) -> Deadline:
    return application.deadlines.get(kind=kind)


def override_url(application, deadline):
    return reverse("permits:deadline_override", args=[application.pk, deadline.pk])


def override_data(deadline, **values):
    return {f"deadline-{deadline.pk}-{name}": value for name, value in values.items()}


def test_the_event_shows_its_time_in_the_jurisdictions_zone(world, login):
    application = almaty_march(world)
    world.member.time_zone = "Europe/Berlin"
    world.member.save()
    html = login(world.member).get(page_url(application)).content.decode()
    assert "12:00, Asia/Almaty" in html


def test_an_overdue_deadline_is_marked_in_red_with_the_days_past(world, login):
    application = almaty_march(world)  # the answer was due 25 Nov 2021 and none is recorded
    response = login(world.member).get(page_url(application))
    answer = deadline_of(application, DeadlineKind.AUTHORITY_RESPONSE)
    html = response.content.decode()
    assert f'<li class="deadline deadline-overdue" id="deadline-{answer.pk}">' in html
    assert "days overdue" in html


def test_an_upcoming_deadline_shows_the_days_left(world, login):
    application = PermitApplicationFactory(organization=world.lead)  # 60 days ahead
    application.file(on=dt.date.today())
    html = login(world.member).get(page_url(application)).content.decode()
    assert "days left" in html
    assert "deadline-overdue" not in html


def test_a_new_date_with_a_reason_is_saved_and_shown_with_the_computed_one(world, login):
    application = almaty_march(world)
    answer = deadline_of(application, DeadlineKind.AUTHORITY_RESPONSE)
    data = override_data(answer, due_on="2021-11-26", override_reason="The akimat registered it a day late.")
    response = login(world.member).post(override_url(application, answer), data)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#deadline-{answer.pk}")
    answer.refresh_from_db()
    assert (answer.due_on, answer.original_due_on) == (D(2021, 11, 26), D(2021, 11, 25))
    assert answer.override_reason == "The akimat registered it a day late."
    assert answer.overridden_by == world.member
    assert application.timeline.filter(kind=TimelineEntry.Kind.DEADLINE, details__contains="a day late").exists()
    html = login(world.member).get(page_url(application)).content.decode()
    assert "the computed date was 25 Nov 2021" in html
    assert world.member.display_name in html
    assert "The akimat registered it a day late." in html


def test_a_new_date_without_a_reason_is_refused_on_the_form_and_the_date_typed_is_kept(world, login):
    application = almaty_march(world)
    answer = deadline_of(application, DeadlineKind.AUTHORITY_RESPONSE)
    response = login(world.member).post(
        override_url(application, answer), override_data(answer, due_on="2021-11-29", override_reason="   ")
    )
    assert response.status_code == 200
    form = next(d.override_form for d in response.context["deadlines"] if d.pk == answer.pk)
    assert "override_reason" in form.errors
    html = response.content.decode()
    assert 'value="2021-11-29"' in html
    assert "Say why the date changes" in html
    assert form.fields["override_reason"].widget.attrs.get("autofocus")  # the browser scrolls to it
    answer.refresh_from_db()
    assert answer.due_on == D(2021, 11, 25) and not answer.is_overridden


@pytest.mark.parametrize(
    ("due_on", "message"),
    [
        ("2021-11-10", "cannot be before"),  # before the registration it is counted from
        ("not a date", "Enter a valid date."),
        ("20211-11-26", "Enter a valid date."),
        ("0021-11-26", "between the years"),
        ("", "Give the new date."),
    ],
)
def test_a_bad_new_date_names_the_date_field_and_changes_nothing(world, login, due_on, message):
    application = almaty_march(world)
    answer = deadline_of(application, DeadlineKind.AUTHORITY_RESPONSE)
    response = login(world.member).post(
        override_url(application, answer), override_data(answer, due_on=due_on, override_reason="Because.")
    )
    assert response.status_code == 200
    form = next(d.override_form for d in response.context["deadlines"] if d.pk == answer.pk)
    assert message in " ".join(form.errors["due_on"])
    assert "Because." in response.content.decode()  # the reason typed is kept
    answer.refresh_from_db()
    assert not answer.is_overridden


def test_the_day_of_the_assembly_is_not_changed_here(world, login):
    application = almaty_march(world)
    event = deadline_of(application, DeadlineKind.EVENT)
    response = login(world.member).post(
        override_url(application, event), override_data(event, due_on="2022-03-09", override_reason="Moved.")
    )
    assert response.status_code == 200
    assert "changes with the application" in response.content.decode()
    event.refresh_from_db()
    assert event.due_on == D(2022, 3, 8)


def test_a_changed_date_that_the_application_has_since_outdated_is_flagged(world, login):
    application = almaty_march(world)
    answer = deadline_of(application, DeadlineKind.AUTHORITY_RESPONSE)
    answer.override(due_on=D(2021, 11, 30), reason="Told by phone.", by=world.member)
    application.change_dates(filed_on=D(2021, 11, 17), by=world.member)  # the rule now gives 26 Nov
    html = login(world.member).get(page_url(application)).content.decode()
    assert "the rule now gives 26 Nov 2021" in html


def test_deadlines_closed_by_the_applications_own_verbs_offer_no_mark_done(world, login):
    application = almaty_march(world)
    response = login(world.member).get(page_url(application))
    offered = {d.kind: d.offer_done for d in response.context["deadlines"]}
    assert offered == {"authority_response": False, "latest_filing": False, "event": False}
    assert reverse("permits:application_decide", args=[application.pk]) in response.content.decode()


def test_marking_a_deadline_done(world, login):
    application = almaty_march(world)
    application.refresh_deadlines()
    custom = application.add_custom_deadline(title="Send the revised route", due_on=D(2021, 11, 20))
    client = login(world.member)
    response = client.post(reverse("permits:deadline_done", args=[application.pk, custom.pk]))
    assert response.status_code == 302
    custom.refresh_from_db()
    assert custom.is_done and custom.done_by == world.member
    html = client.get(page_url(application)).content.decode()
    assert f"by {world.member.display_name}" in html


def test_a_custom_deadline_is_added_and_listed(world, login):
    application = almaty_march(world)
    client = login(world.member)
    data = {"custom-deadline-title": "Meeting at the akimat", "custom-deadline-due_on": "2021-11-22"}
    response = client.post(reverse("permits:deadline_add", args=[application.pk]), data)
    assert response.status_code == 302
    custom = application.deadlines.get(kind=DeadlineKind.CUSTOM)
    assert (custom.title, custom.due_on, custom.created_by) == ("Meeting at the akimat", D(2021, 11, 22), world.member)
    html = client.get(page_url(application)).content.decode()
    assert "Meeting at the akimat" in html
    assert "Added by a person; not computed." in html


@pytest.mark.parametrize(
    ("data", "field", "kept"),
    [
        ({"custom-deadline-title": "", "custom-deadline-due_on": "2021-11-22"}, "title", 'value="2021-11-22"'),
        ({"custom-deadline-title": "Hearing prep", "custom-deadline-due_on": ""}, "due_on", 'value="Hearing prep"'),
        ({"custom-deadline-title": "Hearing prep", "custom-deadline-due_on": "32.13.2021"}, "due_on", "Hearing prep"),
        ({"custom-deadline-title": "x" * 201, "custom-deadline-due_on": "2021-11-22"}, "title", "xxxxx"),
    ],
)
def test_a_bad_custom_deadline_names_the_field_and_keeps_what_was_typed(world, login, data, field, kept):
    application = almaty_march(world)
    response = login(world.member).post(reverse("permits:deadline_add", args=[application.pk]), data)
    assert response.status_code == 200
    assert field in response.context["custom_deadline_form"].errors
    assert response.context["custom_deadline_form"].fields[field].widget.attrs.get("autofocus")
    assert kept in response.content.decode()
    assert not application.deadlines.filter(kind=DeadlineKind.CUSTOM).exists()


def test_readers_see_the_deadlines_but_no_forms(world, login):
    application = almaty_march(world, co_organizers=[world.co_group])
    for reader in (world.co_member, world.legal):
        html = login(reader).get(page_url(application)).content.decode()
        assert "Authority must answer" in html
        assert "Change the date" not in html
        assert "Add a deadline" not in html


def test_a_co_organizer_cannot_change_mark_or_add_deadlines(world, login):
    application = almaty_march(world, co_organizers=[world.co_group])
    answer = deadline_of(application, DeadlineKind.AUTHORITY_RESPONSE)
    client = login(world.co_member)
    urls = [
        override_url(application, answer),
        reverse("permits:deadline_done", args=[application.pk, answer.pk]),
        reverse("permits:deadline_add", args=[application.pk]),
    ]
    for url in urls:
        body = {**override_data(answer, due_on="2021-12-01", override_reason="x"), "custom-deadline-title": "x"}
        assert client.post(url, body).status_code == 404, url
    answer.refresh_from_db()
    assert not answer.is_overridden and not answer.is_done
    assert not application.deadlines.filter(kind=DeadlineKind.CUSTOM).exists()


def test_a_deadline_of_another_application_is_a_404(world, login):
    application = almaty_march(world)
    other = almaty_march(world)
    foreign = deadline_of(other, DeadlineKind.AUTHORITY_RESPONSE)
    client = login(world.member)
    assert client.post(override_url(application, foreign), {}).status_code == 404
    assert client.post(reverse("permits:deadline_done", args=[application.pk, foreign.pk])).status_code == 404


def test_get_on_a_deadline_url_goes_back_to_the_page(world, login):
    application = almaty_march(world)
    answer = deadline_of(application, DeadlineKind.AUTHORITY_RESPONSE)
    client = login(world.member)
    assert client.get(override_url(application, answer))["Location"].endswith(f"#deadline-{answer.pk}")
    assert client.get(reverse("permits:deadline_add", args=[application.pk]))["Location"].endswith("#deadlines")
    answer.refresh_from_db()
    assert not answer.is_done


def test_the_page_costs_the_same_queries_however_many_deadlines(world, login, django_assert_num_queries):
    application = almaty_march(world)
    application.record_decision(
        outcome="refused",
        decided_on=D(2021, 11, 26),
        grounds=[{"reason": reason} for reason in RefusalReason.objects.all()[:2]],
    )
    client = login(world.member)
    with CaptureQueriesContext(connection) as few:
        client.get(page_url(application))
    for n in range(8):
        deadline = application.add_custom_deadline(title=f"Step {n}", due_on=D(2021, 12, 1 + n), by=world.member)
        if n % 2:
            deadline.override(due_on=D(2021, 12, 20), reason="Moved", by=world.coordinator)
        else:
            deadline.mark_done(by=world.member)
    with django_assert_num_queries(len(few)):
        client.get(page_url(application))
