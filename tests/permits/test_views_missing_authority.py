""" "My authority is missing" on the New application and edit forms: a plain POST adds the authority
for the lead group (private to it, waiting for an editor), chooses it, and brings the form back
with everything typed — nothing of the application saved or judged yet."""

import pytest
from django.urls import reverse

from permits.models import Authority, Jurisdiction, PermitApplication
from tests.factories import AuthorityFactory, PermitApplicationFactory

pytestmark = pytest.mark.django_db

NEW = reverse("permits:application_create")
NAME = "Police department of Medeu district"


def typed(world, **overrides):
    """A half-filled application (no title yet) and the missing authority."""
    data = {
        "title": "",
        "event_type": "march",
        "organization": world.lead.pk,
        "starts_at": "2030-03-08T12:00",
        "ends_at": "",
        "location": "From Abay Avenue to Republic Square",
        "purpose": "Equal pay",
        "applicants-TOTAL_FORMS": "2",
        "applicants-INITIAL_FORMS": "0",
        "applicants-MIN_NUM_FORMS": "0",
        "applicants-MAX_NUM_FORMS": "50",
        "applicants-0-name": "Айгерим Сейтқали",
        "applicants-1-name": "",
        "new_authority-name": NAME,
        "new_authority-jurisdiction": Jurisdiction.objects.get(code="KZ-ALA").pk,
        "add_authority": "1",
    }
    data.update(overrides)
    return data


def test_the_form_offers_it(world, login):
    page = login(world.member).get(NEW).content.decode()
    assert "My authority is missing" in page and 'name="add_authority"' in page


def test_adding_chooses_it_for_the_lead_group_and_keeps_everything_typed(world, login):
    response = login(world.member).post(NEW, typed(world))
    assert response.status_code == 200
    authority = Authority.objects.get(name=NAME)
    assert authority.organization == world.lead and authority.review_status == Authority.Review.PENDING
    assert authority.created_by == world.member
    form = response.context["form"]
    assert not form.is_bound and not form.errors  # nothing judged: the title is not finished yet
    assert form["authority"].value() == authority.pk
    assert form["location"].value() == "From Abay Avenue to Republic Square"
    assert form["starts_at"].value() == "2030-03-08T12:00"
    page = response.content.decode()
    assert "Айгерим Сейтқали" in page and "Equal pay" in page
    assert f'<option value="{authority.pk}" selected>' in page
    assert not PermitApplication.objects.filter(location__startswith="From Abay").exists()


def test_then_saving_the_application_names_it(world, login):
    client = login(world.member)
    client.post(NEW, typed(world))
    authority = Authority.objects.get(name=NAME)
    data = typed(world, title="March 8", ends_at="2030-03-08T14:00", authority=authority.pk)
    del data["add_authority"]
    response = client.post(NEW, data)
    assert response.status_code == 302
    assert PermitApplication.objects.get(title="March 8").authority == authority


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"new_authority-name": "  "}, "name", "Give the authority"),
        ({"new_authority-jurisdiction": "99999"}, "jurisdiction", "Choose a region or city from the list."),
        ({"new_authority-jurisdiction": "x"}, "jurisdiction", "Choose a region or city from the list."),
        ({"new_authority-name": "Akimat of Almaty city"}, "name", "already has an authority with this name"),
    ],
)
def test_a_bad_authority_names_the_field_adds_nothing_and_keeps_the_application(
    world, login, overrides, field, message
):
    AuthorityFactory()  # the shared Akimat of Almaty city
    before = Authority.objects.count()
    response = login(world.member).post(NEW, typed(world, **overrides))
    assert response.status_code == 200
    assert message in " ".join(response.context["authority_form"].errors[field])
    assert Authority.objects.count() == before
    assert response.context["form"]["location"].value() == "From Abay Avenue to Republic Square"
    assert '<details class="mb-3" id="missing-authority" open>' in response.content.decode()


def test_it_cannot_be_added_for_a_group_the_person_may_not_file_for(world, login):
    for person, group in ((world.outsider, world.lead), (world.legal, world.lead), (world.member, "x")):
        response = login(person).post(NEW, typed(world, organization=getattr(group, "pk", group)))
        assert response.status_code == 200
        assert "Choose the lead group first" in " ".join(response.context["authority_form"].non_field_errors())
    assert not Authority.objects.filter(name=NAME).exists()


def test_the_edit_form_adds_it_for_the_applications_group_only(world, login):
    application = PermitApplicationFactory(organization=world.lead, title="Picket")
    edit = reverse("permits:application_edit", args=[application.pk])
    # The posted "organization" is ignored: the application's own group gets it.
    response = login(world.member).post(edit, typed(world, title="Picket renamed", organization=world.other_group.pk))
    assert response.status_code == 200
    authority = Authority.objects.get(name=NAME)
    assert authority.organization == world.lead
    assert response.context["form"]["title"].value() == "Picket renamed"
    application.refresh_from_db()
    assert application.title == "Picket" and application.authority != authority  # nothing saved yet
    # Another group's member cannot reach the edit form at all.
    assert login(world.outsider).post(edit, typed(world, organization=world.other_group.pk)).status_code == 404
    assert Authority.objects.filter(name=NAME).count() == 1


def test_another_group_cannot_see_or_use_it(world, login):
    login(world.member).post(NEW, typed(world))
    authority = Authority.objects.get(name=NAME)
    page = login(world.outsider).get(NEW).content.decode()
    assert NAME not in page
    data = typed(world, title="Theirs", ends_at="2030-03-08T14:00", organization=world.other_group.pk)
    data["authority"] = authority.pk
    del data["add_authority"]
    response = login(world.outsider).post(NEW, data)
    assert response.status_code == 200 and "authority" in response.context["form"].errors
    assert not PermitApplication.objects.filter(title="Theirs").exists()
