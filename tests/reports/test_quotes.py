"""A coordinator's review of the authorities' words before a share link shows them: the page
proposes the redacted text, highlights what still looks like a name, publishes what the coordinator
approves; only that text, while the quote is unchanged, reaches the share page (issue 12, item 5)."""

import pytest
from django.urls import reverse

from appeals.services import appeal_open
from reports.models import PublishedQuote, ShareLink
from tests.factories import UserFactory, refused_application

pytestmark = pytest.mark.django_db

# Everything the share page was seen to leak, and an unknown lawyer, in one letter of refusal.
LEAKY_QUOTE = (
    "Рассмотрев заявление Ковалёвой С.А. (копия: Ковалевой Светланы, Kovalyova S.) и гр. Нурлановой А., "
    "а также обращение адвоката Петров И.И. и представителя Иванов Пётр Сергеевич, сообщаем: "
    "на площади проводятся ремонтные работы. Справки: +7 (701) 123-45-67, 8 701 1234567, "
    "s.kovaleva@mail.kz, ИИН 850101300123."
)
LEAKS = (
    "Ковал", "Kovalyova", "Светлан", "Нурланов", "С.А.", "Петров", "И.И.", "Иванов", "Пётр", "Сергеевич",
    "123-45-67", "1234567", "kovaleva@", "850101300123",
)  # fmt: skip


@pytest.fixture
def leaky(world):
    world.coordinator.first_name, world.coordinator.last_name = "Светлана", "Ковалёва"
    world.coordinator.save()
    application = refused_application(
        organization=world.lead, applicants=["Айгерим Нурланова"], by=world.coordinator, reasons=("repair_works",)
    )
    ground = application.decisions.get().grounds.get()
    ground.quote = LEAKY_QUOTE
    ground.save()
    return ground


def quotes_url(organization):
    return reverse("reports:quotes", args=[organization.pk])


def review_url(organization, ground):
    return reverse("reports:quote_review", args=[organization.pk, ground.pk])


def proposed_text(client, organization, ground):
    items = client.get(quotes_url(organization)).context["items"]
    return next(item["form"].initial["text"] for item in items if item["review"].ground == ground)


def shared_page(client, organization):
    link = ShareLink.objects.create(organization=organization)
    client.logout()
    return client.get(link.get_absolute_url()).content.decode()


def test_no_name_phone_email_or_iin_reaches_the_share_page_once_the_proposal_is_published(client, login, world, leaky):
    coordinator = login(world.coordinator)
    text = proposed_text(coordinator, world.lead, leaky)
    response = coordinator.post(review_url(world.lead, leaky), {"action": "publish", "text": text})
    assert response.status_code == 302

    page = shared_page(client, world.lead)

    assert "ремонтные работы" in page  # the authority's words are there…
    for leak in LEAKS:
        assert leak not in page  # …and nobody's name or contact


def test_an_unpublished_quote_is_not_on_the_share_page(client, world, leaky):
    page = shared_page(client, world.lead)
    assert "ремонтные работы" not in page
    assert "No quotes published yet." in page
    assert "Repair or construction works" in page  # the structured facts are


def test_a_quote_changed_after_publishing_is_no_longer_shown(client, login, world, leaky):
    login(world.coordinator).post(review_url(world.lead, leaky), {"action": "publish", "text": "Место занято."})
    leaky.quote = "Место занято. Новый текст Ковалёвой."
    leaky.save()

    page = shared_page(client, world.lead)

    assert "Место занято." not in page
    assert not PublishedQuote.objects.current().exists()


def test_a_text_that_still_names_a_known_person_is_refused_and_kept(login, world, leaky):
    typed = "Отказать Ковалевой; звонить 8 701 1234567."
    response = login(world.coordinator).post(review_url(world.lead, leaky), {"action": "publish", "text": typed})
    assert response.status_code == 400
    page = response.content.decode()
    assert "still holds a person&#x27;s name or contact details" in page
    assert typed in page  # nothing the coordinator typed is lost
    assert not PublishedQuote.objects.exists()


def test_the_preview_highlights_a_leftover_capitalised_name(login, world, leaky):
    typed = "Гражданке Жансае Тлеуберди отказано. <b>жирный</b>"
    response = login(world.coordinator).post(review_url(world.lead, leaky), {"action": "preview", "text": typed})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<mark>Жансае</mark> <mark>Тлеуберди</mark>" in page
    assert "<b>жирный</b>" not in page and "&lt;b&gt;жирный&lt;/b&gt;" in page  # escaped
    assert not PublishedQuote.objects.exists()  # a preview publishes nothing


def test_the_review_page_proposes_the_redacted_text_and_highlights_nothing_it_replaced(login, world, leaky):
    page = login(world.coordinator).get(quotes_url(world.lead)).content.decode()
    preview = page.split('class="quote quote-preview', 1)[1].split("</blockquote>", 1)[0]
    assert "[name]" in preview and "[phone]" in preview and "[email]" in preview and "[IIN]" in preview
    assert "<mark>" not in preview
    assert "Not published" in page


def test_a_coordinator_withdraws_a_published_quote(client, login, world, leaky):
    coordinator = login(world.coordinator)
    coordinator.post(review_url(world.lead, leaky), {"action": "publish", "text": "Место занято."})
    response = coordinator.post(review_url(world.lead, leaky), {"action": "withdraw", "text": ""})
    assert response.status_code == 302
    assert "Место занято." not in shared_page(client, world.lead)


def test_control_characters_are_stripped_and_a_nul_byte_is_refused(login, world, leaky):
    coordinator = login(world.coordinator)
    response = coordinator.post(review_url(world.lead, leaky), {"action": "publish", "text": "Место\x0b занято.\x01"})
    assert response.status_code == 302
    # Word's manual line break (\x0b) is a line break; other control characters go (config/text.py).
    assert PublishedQuote.objects.get().text == "Место\n занято."
    response = coordinator.post(review_url(world.lead, leaky), {"action": "publish", "text": "Место\x00 занято."})
    assert response.status_code == 400


def test_an_unknown_action_or_an_empty_text_is_a_clear_error(login, world, leaky):
    coordinator = login(world.coordinator)
    assert coordinator.post(review_url(world.lead, leaky), {"action": "delete-all", "text": "x"}).status_code == 400
    response = coordinator.post(review_url(world.lead, leaky), {"action": "publish", "text": "  "})
    assert response.status_code == 400
    assert "Enter the text to publish" in response.content.decode()


def test_the_coordinator_of_another_group_cannot_preview_or_publish(login, world, leaky):
    client = login(world.outsider)  # coordinates "Elsewhere"
    assert client.get(quotes_url(world.lead)).status_code == 404
    assert client.post(review_url(world.lead, leaky), {"action": "preview", "text": "x"}).status_code == 404
    assert client.post(review_url(world.lead, leaky), {"action": "publish", "text": "x"}).status_code == 404
    # …nor through their own group, with this group's ground
    assert client.post(review_url(world.other_group, leaky), {"action": "publish", "text": "x"}).status_code == 404
    assert "Ковалёвой" not in client.get(quotes_url(world.other_group)).content.decode()
    assert not PublishedQuote.objects.exists()


def test_a_member_who_is_not_a_coordinator_cannot_publish(login, world, leaky):
    client = login(world.member)
    assert client.get(quotes_url(world.lead)).status_code == 403
    assert client.post(review_url(world.lead, leaky), {"action": "publish", "text": "x"}).status_code == 403
    assert not PublishedQuote.objects.exists()


def test_a_co_organizing_groups_coordinator_cannot_publish_the_lead_groups_quote(login, world, leaky):
    coordinator = UserFactory(username="kazfem_coordinator")
    world.co_group.memberships.create(user=coordinator, role="coordinator")
    response = login(coordinator).post(review_url(world.co_group, leaky), {"action": "publish", "text": "x"})
    assert response.status_code == 404


def test_volunteers_and_co_organizers_names_are_known_to_the_redactor(login, world, leaky):
    volunteer = UserFactory(username="volunteer", first_name="Дархан", last_name="Сейткали")
    appeal = appeal_open(decision=leaky.decision, venue="higher_authority", by=world.coordinator, language="en")
    appeal.volunteer_assignments.create(user=volunteer)
    world.co_member.first_name = "Гульнара"
    world.co_member.save()
    leaky.quote = "Представитель Сейткали Дархан и Гульнаре отказано."
    leaky.save()
    text = proposed_text(login(world.coordinator), world.lead, leaky)
    assert "Сейткали" not in text and "Дархан" not in text and "Гульнар" not in text
