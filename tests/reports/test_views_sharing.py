"""A group's sharing page (statistics switch, share links) and the public shared report: counts, the
refusals' facts and the authorities' words as a coordinator published them, never a person's name; a
revoked or made-up link is a 404. The review of quotes: test_quotes.py."""

import pytest
from django.urls import reverse

from reports.models import ShareLink
from reports.redaction import Redactor
from tests.factories import refused_application

pytestmark = pytest.mark.django_db


def sharing_url(world):
    return reverse("reports:sharing", args=[world.lead.pk])


def test_a_coordinator_switches_statistics_sharing_on_and_off(login, world):
    client = login(world.coordinator)
    response = client.post(sharing_url(world), {"share_statistics": "on"})
    assert response.status_code == 302
    world.lead.refresh_from_db()
    assert world.lead.share_statistics
    client.post(sharing_url(world), {})
    world.lead.refresh_from_db()
    assert not world.lead.share_statistics


def test_the_sharing_page_shows_the_switch_and_the_links(login, world):
    link = ShareLink.objects.create(organization=world.lead, created_by=world.coordinator)
    response = login(world.coordinator).get(sharing_url(world))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="share_statistics"' in page
    assert link.get_absolute_url() in page


def test_a_member_who_is_not_a_coordinator_may_not_change_sharing(login, world):
    client = login(world.member)
    assert client.post(sharing_url(world), {"share_statistics": "on"}).status_code == 403
    assert client.post(reverse("reports:link_create", args=[world.lead.pk])).status_code == 403
    world.lead.refresh_from_db()
    assert not world.lead.share_statistics
    assert not ShareLink.objects.exists()


def test_an_outsider_gets_404_on_every_sharing_url(login, world):
    link = ShareLink.objects.create(organization=world.lead, created_by=world.coordinator)
    client = login(world.outsider)
    assert client.get(sharing_url(world)).status_code == 404
    assert client.post(sharing_url(world), {"share_statistics": "on"}).status_code == 404
    assert client.post(reverse("reports:link_create", args=[world.lead.pk])).status_code == 404
    assert client.post(reverse("reports:link_revoke", args=[world.lead.pk]), {"link": link.pk}).status_code == 404
    link.refresh_from_db()
    assert link.is_active
    assert ShareLink.objects.count() == 1


def test_a_coordinator_cannot_revoke_another_groups_link_through_their_own_group(login, world):
    theirs = ShareLink.objects.create(organization=world.other_group, created_by=world.outsider)
    response = login(world.coordinator).post(reverse("reports:link_revoke", args=[world.lead.pk]), {"link": theirs.pk})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_active


def test_a_published_link_is_unguessable_and_opens_without_an_account(client, login, world, refusals):
    login(world.coordinator).post(reverse("reports:link_create", args=[world.lead.pk]))
    link = ShareLink.objects.get()
    assert len(link.token) >= 43  # 32 random bytes
    client.logout()
    response = client.get(link.get_absolute_url())
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    page = response.content.decode()
    assert "Repair or construction works" in page
    assert "Quoted words for repair_works" not in page  # quotes appear once a coordinator publishes them


def test_a_revoked_link_is_a_404(client, login, world, refusals):
    link = ShareLink.objects.create(organization=world.lead, created_by=world.coordinator)
    assert client.get(link.get_absolute_url()).status_code == 200
    login(world.coordinator).post(reverse("reports:link_revoke", args=[world.lead.pk]), {"link": link.pk})
    link.refresh_from_db()
    assert not link.is_active
    client.logout()
    assert client.get(link.get_absolute_url()).status_code == 404


def test_a_made_up_link_is_a_404(client):
    assert client.get(reverse("reports:shared", args=["not-a-real-token"])).status_code == 404


def test_the_shared_report_never_shows_a_persons_name(client, login, world):
    # Names in every place they could leak from: applicants, the members who recorded things, the
    # timeline, and the authority's own words (published as the review page proposes them).
    world.coordinator.first_name, world.coordinator.last_name = "Zhanar", "Kenzhebayeva"
    world.coordinator.save()
    application = refused_application(
        organization=world.lead,
        applicants=["Aruzhan Sadykova"],
        title="March for equal rights",
        by=world.coordinator,
        reasons=("repair_works",),
    )
    ground = application.decisions.get().grounds.get()
    ground.quote = "Заявителю Aruzhan Sadykova (Садыковой) и Кенжебаевой Жанар отказать: ремонт."
    ground.save()
    application.timeline.create(kind="meeting", summary="Meeting with Zhanar Kenzhebayeva", details="secret")
    coordinator = login(world.coordinator)
    items = coordinator.get(reverse("reports:quotes", args=[world.lead.pk])).context["items"]
    proposed = items[0]["form"].initial["text"]
    url = reverse("reports:quote_review", args=[world.lead.pk, ground.pk])
    assert coordinator.post(url, {"action": "publish", "text": proposed}).status_code == 302
    link = ShareLink.objects.create(organization=world.lead, created_by=world.coordinator)
    client.logout()

    page = client.get(link.get_absolute_url()).content.decode()

    assert "ремонт" in page  # the quote is there…
    for name in ("Aruzhan", "Sadykova", "Садыков", "Zhanar", "Жанар", "Kenzhebayeva", "Кенжебаев", "secret"):
        assert name not in page  # …without a single name
    assert world.coordinator.username not in page
    assert "Meeting with" not in page and "March for equal rights" not in page


def test_the_shared_report_is_the_groups_own_refusals_only(client, world, refusals):
    link = ShareLink.objects.create(organization=world.lead, created_by=world.coordinator)
    page = client.get(link.get_absolute_url()).content.decode()
    assert "Public order" not in page  # the refusal Feminita only co-organized
    assert "Late filing" not in page  # another group's


def test_the_shared_report_lists_only_quoted_grounds(client, world):
    application = refused_application(organization=world.lead)
    application.decisions.get().grounds.update(quote="")
    link = ShareLink.objects.create(organization=world.lead)
    response = client.get(link.get_absolute_url())
    assert response.status_code == 200
    assert "No quotes published yet." in response.content.decode()


def test_revoking_twice_is_harmless(world):
    link = ShareLink.objects.create(organization=world.lead)
    assert link.revoke() is True
    assert link.revoke() is False


def test_a_revoke_without_a_link_id_is_a_404(login, world):
    response = login(world.coordinator).post(reverse("reports:link_revoke", args=[world.lead.pk]), {"link": "x"})
    assert response.status_code == 404


def test_applicant_names_in_a_quote_are_blotted_out_but_not_the_authoritys_words():
    text = "Гражданке Sadykova A. и гр. Айгерим отказано, место занято."
    redactor = Redactor(["Aruzhan Sadykova", "Айгерим"])
    assert redactor.redact(text) == "Гражданке [name] и гр. [name] отказано, место занято."
    assert redactor.redact("nothing to hide") == "nothing to hide"
