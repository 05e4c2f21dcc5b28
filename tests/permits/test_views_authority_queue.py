"""The site editors' queue of authorities groups added: a 404 for anyone else; publish, merge and
decline from the page, each recorded with the editor's name."""

import pytest
from django.urls import reverse

from permits.models import Authority, Jurisdiction
from tests.factories import AuthorityFactory, PermitApplicationFactory, UserFactory, site_editor

pytestmark = pytest.mark.django_db

QUEUE = reverse("permits:authority_queue")
NAME = "Akimat of Medeu district"


@pytest.fixture
def requested(world):
    return Authority.add_for_group(
        organization=world.lead, name=NAME, jurisdiction=Jurisdiction.objects.get(code="KZ-ALA"), by=world.member
    )


def review(requested):
    return reverse("permits:authority_review", args=[requested.pk])


def field(requested, name):
    return f"review-{requested.pk}-{name}"


def test_an_editor_sees_the_pending_ones_with_the_group(world, requested, login):
    declined = Authority.add_for_group(
        organization=world.other_group, name="Police", jurisdiction=requested.jurisdiction, by=world.outsider
    )
    declined.decline(by=site_editor("earlier"))
    page = login(site_editor()).get(QUEUE).content.decode()
    assert NAME in page and "Feminita" in page and "Police" not in page


def test_only_editors_see_the_link_to_it(world, login):
    # Staff editors (those the README has given staff status for the admin): the menu asks no one
    # else's permissions, which would cost every page two queries.
    assert QUEUE in login(site_editor(is_staff=True)).get("/").content.decode()
    assert QUEUE not in login(UserFactory(username="staff_only", is_staff=True)).get("/").content.decode()
    assert QUEUE not in login(world.coordinator).get("/").content.decode()


def test_nobody_else_reaches_the_queue_or_its_actions(world, requested, login, client):
    staff = UserFactory(username="staff", is_staff=True)
    for person in (world.coordinator, world.member, world.outsider, staff):
        assert login(person).get(QUEUE).status_code == 404
        response = login(person).post(review(requested), {field(requested, "action"): "publish"})
        assert response.status_code == 404
        assert login(person).get(review(requested)).status_code == 404
    client.logout()
    assert client.get(QUEUE).status_code == 302  # to the log-in
    requested.refresh_from_db()
    assert requested.organization == world.lead and requested.review_status == Authority.Review.PENDING


def test_an_editor_publishes_from_the_page(world, requested, login):
    editor = site_editor()
    response = login(editor).post(review(requested), {field(requested, "action"): "publish"}, follow=True)
    assert "is published for every group" in response.content.decode()
    requested.refresh_from_db()
    assert requested.organization is None and requested.reviewed_by == editor


def test_an_editor_merges_from_the_page(world, requested, login):
    application = PermitApplicationFactory(organization=world.lead, authority=requested)
    shared = AuthorityFactory()
    response = login(site_editor()).post(
        review(requested), {field(requested, "action"): "merge", field(requested, "into"): shared.pk}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.authority == shared and not Authority.objects.filter(pk=requested.pk).exists()


@pytest.mark.parametrize("into", ["", "x", "99999", "theirs"])
def test_a_merge_without_a_shared_authority_is_an_error_that_changes_nothing(world, requested, login, into):
    if into == "theirs":
        into = Authority.add_for_group(
            organization=world.other_group, name="Police", jurisdiction=requested.jurisdiction, by=world.outsider
        ).pk
    response = login(site_editor()).post(
        review(requested), {field(requested, "action"): "merge", field(requested, "into"): into}
    )
    assert response.status_code == 400
    assert "shared authority" in response.content.decode()
    assert Authority.objects.filter(pk=requested.pk, review_status=Authority.Review.PENDING).exists()


def test_an_editor_declines_with_a_note_and_it_leaves_the_queue(world, requested, login):
    client = login(site_editor())
    client.post(review(requested), {field(requested, "action"): "decline", field(requested, "note"): "Not a body."})
    requested.refresh_from_db()
    assert requested.review_status == Authority.Review.DECLINED and requested.review_note == "Not a body."
    assert [row for row, _form in client.get(QUEUE).context["rows"]] == []
    assert client.post(review(requested), {field(requested, "action"): "publish"}).status_code == 404


def test_publishing_a_name_taken_says_so_on_the_page(world, requested, login):
    Authority.objects.create(name=NAME, jurisdiction=requested.jurisdiction)
    response = login(site_editor()).post(review(requested), {field(requested, "action"): "publish"})
    assert response.status_code == 400 and "merge into it instead" in response.content.decode()
