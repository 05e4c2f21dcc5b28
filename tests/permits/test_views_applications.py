"""The applications list, "New application", edit and delete."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from organizations.models import Membership
from permits.models import PermitApplication, Status, TimelineEntry
from tests.factories import AuthorityFactory, MembershipFactory, OrganizationFactory, PermitApplicationFactory

pytestmark = pytest.mark.django_db

NEW = reverse("permits:application_create")


def new_application_data(world, **overrides):
    data = {
        "title": "March 8 march",
        "event_type": "march",
        "organization": world.lead.pk,
        "starts_at": "2022-03-08T12:00",
        "ends_at": "2022-03-08T15:00",
        "location": "From Abay Avenue to Republic Square",
        "authority": AuthorityFactory().pk,
        "applicants-TOTAL_FORMS": "3",
        "applicants-INITIAL_FORMS": "0",
        "applicants-MIN_NUM_FORMS": "0",
        "applicants-MAX_NUM_FORMS": "50",
        "applicants-0-name": "Айгерим Сейтқали",
        "applicants-1-name": "",
        "applicants-2-name": "Dana K.",
    }
    data.update(overrides)
    return data


def test_a_member_creates_a_draft_with_applicants_in_order(world, login):
    response = login(world.member).post(NEW, new_application_data(world))
    application = PermitApplication.objects.get(title="March 8 march")
    assert response.status_code == 302
    assert response["Location"] == reverse("permits:application_detail", args=[application.pk])
    assert application.status == Status.DRAFT
    assert application.created_by == world.member
    assert list(application.applicants.values_list("name", flat=True)) == ["Айгерим Сейтқали", "Dana K."]
    local_start = timezone.localtime(application.starts_at)
    assert (local_start.date(), local_start.hour) == (dt.date(2022, 3, 8), 12)


def test_giving_a_filing_date_creates_the_application_filed(world, login):
    login(world.member).post(
        NEW, new_application_data(world, filed_on="2021-11-16", reference_number="ЖТ-123", channel="online")
    )
    application = PermitApplication.objects.get(title="March 8 march")
    assert application.status == Status.FILED
    assert application.filed_on == dt.date(2021, 11, 16)
    assert application.reference_number == "ЖТ-123"
    assert application.timeline.filter(kind=TimelineEntry.Kind.FILED).exists()


def test_co_organizers_are_named_from_the_users_other_groups_and_asked_unless_she_coordinates_them(world, login):
    MembershipFactory(user=world.member, organization=world.co_group)
    coordinated = OrganizationFactory(name="Dana's own group")
    MembershipFactory(user=world.member, organization=coordinated, role="coordinator")
    login(world.member).post(NEW, new_application_data(world, co_organizers=[world.co_group.pk, coordinated.pk]))
    application = PermitApplication.objects.get(title="March 8 march")
    assert list(application.co_organizers.all()) == [coordinated]  # she speaks for the group she coordinates
    assert [i.organization for i in application.co_organizer_invitations.pending()] == [world.co_group]


def test_the_new_application_page_preselects_the_only_lead_group(world, login):
    form = login(world.member).get(NEW).context["form"]
    assert form.initial["organization"] == world.lead.pk
    assert form["organization"].value() == world.lead.pk


def test_a_user_without_a_group_is_told_to_create_one(db, login):
    from tests.factories import UserFactory

    response = login(UserFactory()).get(NEW)
    assert response.status_code == 200
    assert reverse("organizations:list") in response.content.decode()
    assert 'name="title"' not in response.content.decode()


def assert_kept(response, **fields):
    """The page came back with the error and with what the user typed."""
    assert response.status_code == 200
    html = response.content.decode()
    for value in fields.values():
        assert str(value) in html
    assert not PermitApplication.objects.filter(title="March 8 march").exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"ends_at": "2022-03-08T11:00"}, "ends_at"),
        ({"event_type": "riot"}, "event_type"),
        ({"starts_at": "2022-02-30T12:00"}, "starts_at"),
        ({"starts_at": "next Tuesday"}, "starts_at"),
        ({"expected_participants": "-5"}, "expected_participants"),
        ({"filed_on": "16/11/2021"}, "filed_on"),
        ({"channel": "pigeon"}, "channel"),
        ({"authority": "999999"}, "authority"),
        ({"title": ""}, "title"),
    ],
)
def test_a_bad_input_names_the_field_and_keeps_everything_typed(world, login, overrides, field):
    response = login(world.member).post(NEW, new_application_data(world, **overrides))
    assert field in response.context["form"].errors
    assert_kept(response, location="From Abay Avenue to Republic Square", applicant="Айгерим Сейтқали")


def test_the_end_before_the_start_says_so(world, login):
    response = login(world.member).post(NEW, new_application_data(world, ends_at="2022-03-08T11:00"))
    assert response.context["form"].errors["ends_at"] == ["The end must be after the start."]


def test_a_group_the_user_is_not_a_member_of_is_refused_as_lead(world, login):
    response = login(world.member).post(NEW, new_application_data(world, organization=world.other_group.pk))
    assert response.context["form"].errors["organization"] == [
        "You can only file for a group in which you are a coordinator or member."
    ]
    assert_kept(response, title="March 8 march")


def test_a_legal_volunteer_cannot_file_for_their_group(world, login):
    response = login(world.legal).post(NEW, new_application_data(world))
    assert "organization" in response.context["form"].errors
    assert not PermitApplication.objects.filter(title="March 8 march").exists()


def test_a_group_the_user_is_not_in_is_refused_as_co_organizer(world, login):
    response = login(world.member).post(NEW, new_application_data(world, co_organizers=[world.other_group.pk]))
    assert response.context["form"].errors["co_organizers"] == [
        "You can only add groups you belong to as co-organizers."
    ]
    assert "You can only add groups you belong to as co-organizers." in response.content.decode()


def test_the_lead_group_cannot_also_co_organize(world, login):
    response = login(world.member).post(NEW, new_application_data(world, co_organizers=[world.lead.pk]))
    assert response.context["form"].errors["co_organizers"] == ["The lead group cannot also be a co-organizer."]
    assert_kept(response, title="March 8 march")


def test_the_applicant_rows_are_kept_including_rows_added_by_script(world, login):
    data = new_application_data(world, ends_at="2022-03-08T11:00")
    data.update({"applicants-TOTAL_FORMS": "5", "applicants-3-name": "", "applicants-4-name": "Added by JS"})
    response = login(world.member).post(NEW, data)
    rows = response.context["applicants"]
    assert [row["name"].value() for row in rows] == ["Айгерим Сейтқали", "", "Dana K.", "", "Added by JS"]


def test_a_malformed_applicants_management_form_is_an_error_not_a_crash(world, login):
    data = new_application_data(world)
    del data["applicants-TOTAL_FORMS"]
    response = login(world.member).post(NEW, data)
    assert response.status_code == 200
    assert response.context["applicants"].non_form_errors()


def test_the_edit_page_shows_the_values_in_html5_formats(world, login):
    application = world.application
    application.starts_at = timezone.make_aware(dt.datetime(2022, 3, 8, 12, 30))
    application.ends_at = timezone.make_aware(dt.datetime(2022, 3, 8, 15, 0))
    application.save()
    html = login(world.member).get(reverse("permits:application_edit", args=[application.pk])).content.decode()
    assert 'type="datetime-local" name="starts_at" value="2022-03-08T12:30"' in html
    assert 'value="Aruzhan"' in html


def test_editing_saves_fields_applicants_and_keeps_co_organizers_the_user_is_not_in(world, login):
    application = world.application
    url = reverse("permits:application_edit", args=[application.pk])
    data = new_application_data(
        world,
        title="Renamed",
        co_organizers=[world.co_group.pk],
        **{
            "applicants-TOTAL_FORMS": "2",
            "applicants-0-name": "Aruzhan",
            "applicants-1-name": "Madina",
            "applicants-2-name": "",
        },
    )
    response = login(world.member).post(url, data)
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.title == "Renamed"
    assert list(application.co_organizers.all()) == [world.co_group]
    assert list(application.applicants.values_list("name", flat=True)) == ["Aruzhan", "Madina"]
    assert application.status == Status.DRAFT


def test_editing_a_draft_with_a_filing_date_files_it_through_the_verb(world, login):
    url = reverse("permits:application_edit", args=[world.application.pk])
    login(world.member).post(url, new_application_data(world, filed_on="2021-11-16"))
    world.application.refresh_from_db()
    assert world.application.status == Status.FILED
    assert world.application.timeline.filter(kind=TimelineEntry.Kind.FILED).count() == 1


def test_a_bad_edit_changes_nothing_and_keeps_what_was_typed(world, login):
    url = reverse("permits:application_edit", args=[world.application.pk])
    response = login(world.member).post(url, new_application_data(world, title="Renamed", ends_at="2020-01-01T00:00"))
    assert "ends_at" in response.context["form"].errors
    assert 'value="Renamed"' in response.content.decode()
    world.application.refresh_from_db()
    assert world.application.title != "Renamed"


def test_a_draft_is_deleted_after_confirmation(world, login):
    url = reverse("permits:application_delete", args=[world.application.pk])
    client = login(world.member)
    assert client.get(url).status_code == 200
    assert PermitApplication.objects.filter(pk=world.application.pk).exists()
    assert client.post(url).status_code == 302
    assert not PermitApplication.objects.filter(pk=world.application.pk).exists()


def test_a_filed_application_cannot_be_deleted(world, login):
    world.application.file(on=dt.date(2021, 11, 16))
    response = login(world.member).post(reverse("permits:application_delete", args=[world.application.pk]))
    assert response.status_code == 200
    assert "Only a draft can be deleted" in response.content.decode()
    assert PermitApplication.objects.filter(pk=world.application.pk).exists()


# --- the list ----------------------------------------------------------------------------------

LIST = reverse("permits:application_list")


def test_the_list_searches_titles_places_and_applicants(world, login):
    PermitApplicationFactory(organization=world.lead, title="Picket at the akimat", location="Akimat square")
    client = login(world.member)
    titles = lambda q: [a.title for a in client.get(LIST, {"q": q}).context["page"].object_list]  # noqa: E731
    assert titles("akimat") == ["Picket at the akimat"]
    assert titles("Aruzhan") == [world.application.title]


def test_the_list_filters_by_status_event_type_and_group(world, login):
    other = PermitApplicationFactory(organization=world.co_group, event_type="picket")
    MembershipFactory(user=world.member, organization=world.co_group, role=Membership.Role.MEMBER)
    client = login(world.member)
    pks = lambda **q: {a.pk for a in client.get(LIST, q).context["page"].object_list}  # noqa: E731
    assert pks() == {world.application.pk, other.pk}
    assert pks(event_type="picket") == {other.pk}
    assert pks(status="draft") == {world.application.pk, other.pk}
    assert pks(status="filed") == set()
    # a group's list includes what it co-organizes
    assert pks(organization=world.co_group.pk) == {world.application.pk, other.pk}
    assert pks(organization=world.lead.pk) == {world.application.pk}


def test_an_unknown_filter_value_is_reported_and_ignored_not_a_crash(world, login):
    response = login(world.member).get(LIST, {"status": "nonsense", "organization": "abc", "page": "zz"})
    assert response.status_code == 200
    assert "status" in response.context["form"].errors
    assert [a.pk for a in response.context["page"].object_list] == [world.application.pk]


def test_a_group_the_user_is_not_in_is_not_a_filter_option(world, login):
    response = login(world.member).get(LIST, {"organization": world.other_group.pk})
    assert "organization" in response.context["form"].errors


def test_the_list_is_paginated_with_the_filters_kept(world, login):
    for _ in range(22):
        PermitApplicationFactory(organization=world.lead, event_type="rally")
    response = login(world.member).get(LIST, {"event_type": "rally"})
    assert len(response.context["page"].object_list) == 20
    assert "?event_type=rally&amp;page=2" in response.content.decode()
    second = login(world.member).get(LIST, {"event_type": "rally", "page": 2})
    assert len(second.context["page"].object_list) == 2


def test_the_list_runs_a_fixed_number_of_queries(world, login, django_assert_max_num_queries):
    for _ in range(10):
        PermitApplicationFactory(organization=world.lead)
    client = login(world.member)
    with django_assert_max_num_queries(12):
        client.get(LIST)


def edit_data_for(application, world, **overrides):
    local = timezone.localtime
    data = new_application_data(
        world,
        title=application.title,
        event_type=application.event_type,
        starts_at=local(application.starts_at).strftime("%Y-%m-%dT%H:%M"),
        ends_at=local(application.ends_at).strftime("%Y-%m-%dT%H:%M"),
        location=application.location,
        authority=application.authority_id,
        filed_on=application.filed_on.isoformat() if application.filed_on else "",
        co_organizers=[world.co_group.pk],
    )
    data.update(overrides)
    return data


def test_moving_the_assembly_recomputes_its_deadlines(world, login):
    application = world.application
    application.file(on=dt.date(2021, 11, 16))
    data = edit_data_for(application, world, starts_at="2022-03-08T12:00", ends_at="2022-03-08T15:00")
    assert login(world.member).post(reverse("permits:application_edit", args=[application.pk]), data).status_code == 302
    event = application.deadlines.get(kind="event")
    assert event.due_on == dt.date(2022, 3, 8)


def test_correcting_the_filing_date_is_recorded_on_the_timeline(world, login):
    application = world.application
    application.file(on=dt.date(2021, 11, 16))
    data = edit_data_for(application, world, filed_on="2021-11-17")
    login(world.member).post(reverse("permits:application_edit", args=[application.pk]), data)
    application.refresh_from_db()
    assert application.filed_on == dt.date(2021, 11, 17)
    assert application.timeline.filter(kind=TimelineEntry.Kind.DEADLINE).exists()


def test_a_filed_application_cannot_lose_its_filing_date(world, login):
    application = world.application
    application.file(on=dt.date(2021, 11, 16))
    data = edit_data_for(application, world, filed_on="")
    response = login(world.member).post(reverse("permits:application_edit", args=[application.pk]), data)
    assert "filed_on" in response.context["form"].errors
    application.refresh_from_db()
    assert (application.filed_on, application.status) == (dt.date(2021, 11, 16), Status.FILED)


def test_an_edit_does_not_overwrite_a_status_changed_meanwhile(world, login):
    from permits.forms import ApplicationForm, applicant_formset
    from permits.views.applications import _save_changes

    application = PermitApplication.objects.get(pk=world.application.pk)
    data = edit_data_for(application, world, title="Renamed")
    form = ApplicationForm(data, instance=application, user=world.member)
    applicants = applicant_formset(data)
    assert form.is_valid() and applicants.is_valid()
    PermitApplication.objects.get(pk=application.pk).file(on=dt.date(2021, 11, 16))  # someone else, meanwhile
    _save_changes(form, applicants, by=world.member)
    stored = PermitApplication.objects.get(pk=application.pk)
    assert (stored.title, stored.status, stored.filed_on) == ("Renamed", Status.FILED, dt.date(2021, 11, 16))
