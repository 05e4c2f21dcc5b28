"""One English word, several meanings: each gets its own msgid (a context), so Russian and Kazakh can
translate each with its own gender or noun. "Filed" is a filed application (заявка: подана), a filed
appeal (жалоба) and, on the timeline, the filing itself; "Cancelled" an application (отменена) and a
reminder (напоминание: отменено); "Draft" a draft application and the appeal's text; "Reference
number" the application's incoming number and the decision's number.

The catalogues get these translations from the translator; here each test gives the Russian
catalogue one translation per context and checks that each place picks its own."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import trans_real

from appeals.forms import DraftForm
from appeals.models import AppealStatus
from permits.forms import FileForm, GroundForm
from permits.models import Decision, PermitApplication, Status, TimelineEntry
from reminders.models import Reminder
from reports.forms import ReportFilterForm

pytestmark = pytest.mark.django_db

RUSSIAN = {
    ("application status", "Filed"): "Подана (заявка)",
    ("appeal status", "Filed"): "Подана (жалоба)",
    ("timeline event", "Filed"): "Подача заявки",
    ("application status", "Withdrawn"): "Отозвана (заявка)",
    ("appeal status", "Withdrawn"): "Отозвана (жалоба)",
    ("application status", "Cancelled"): "Отменена",
    ("reminder status", "Cancelled"): "Отменено",
    ("application status", "Draft"): "Черновик",
    ("appeal draft", "Draft"): "Текст жалобы",
    ("application status", "Refused"): "Отказано (заявка)",
    ("application", "reference number"): "входящий номер",
    ("decision", "reference number"): "номер решения",
    ("application", "Reference number"): "Входящий номер",
    ("decision", "Reference number"): "Номер решения",
    ("refusal ground", "Reason"): "Основание",
    ("count refusals by", "Reason"): "Основание отказа",
}


@pytest.fixture
def russian():
    """Russian active, its catalogue holding RUSSIAN (what was there before is put back)."""
    with translation.override("ru"):
        catalog = trans_real.translation("ru")._catalog._catalogs[0]
        keys = {f"{context}\x04{msgid}": text for (context, msgid), text in RUSSIAN.items()}
        saved = {key: catalog[key] for key in keys if key in catalog}
        catalog.update(keys)
        try:
            yield
        finally:
            for key in keys:
                catalog.pop(key, None)
            catalog.update(saved)


def test_statuses_with_the_same_english_word_translate_each_by_what_they_describe(russian):
    assert str(Status.FILED.label) == "Подана (заявка)"
    assert str(AppealStatus.FILED.label) == "Подана (жалоба)"
    assert str(TimelineEntry.Kind.FILED.label) == "Подача заявки"
    assert str(Status.WITHDRAWN.label) == "Отозвана (заявка)"
    assert str(AppealStatus.WITHDRAWN.label) == "Отозвана (жалоба)"
    assert str(Status.CANCELLED.label) == "Отменена"
    assert str(Reminder.Status.CANCELLED.label) == "Отменено"
    assert str(Status.DRAFT.label) == "Черновик"
    assert str(DraftForm().fields["text"].label) == "Текст жалобы"
    # The application's status, not the decision's outcome (which keeps its own msgid).
    assert str(Status.REFUSED.label) == "Отказано (заявка)"
    assert str(Decision.Outcome.REFUSED.label) != str(Status.REFUSED.label)


def test_the_applications_number_and_the_decisions_number_are_told_apart(russian):
    assert str(PermitApplication._meta.get_field("reference_number").verbose_name) == "входящий номер"
    assert str(Decision._meta.get_field("reference_number").verbose_name) == "номер решения"
    assert str(FileForm().fields["reference_number"].label) == "Входящий номер"
    assert str(GroundForm().fields["reason"].label) == "Основание"
    assert dict(ReportFilterForm.base_fields["by"].choices)["reason"] == "Основание отказа"


def test_the_decision_on_the_application_page_shows_its_own_number_label(world, login, russian):
    application = world.application
    # Filed and decided today: a decision dated on a day still to come is refused (issue 13).
    filed_on = timezone.localdate()
    application.file(on=filed_on, by=world.member)
    application.record_decision(
        outcome="approved", decided_on=filed_on, reference_number="ЗТ-2021-5412", by=world.member
    )
    world.member.language = "ru"
    world.member.save(update_fields=["language"])
    html = login(world.member).get(reverse("permits:application_detail", args=[application.pk])).content.decode()
    assert "Номер решения" in html
    assert "ЗТ-2021-5412" in html


def test_english_words_are_unchanged():
    with translation.override("en"):
        assert [str(Status.FILED.label), str(AppealStatus.FILED.label), str(TimelineEntry.Kind.FILED.label)] == [
            "Filed"
        ] * 3
        assert str(Reminder.Status.CANCELLED.label) == str(Status.CANCELLED.label) == "Cancelled"
        assert str(DraftForm().fields["text"].label) == "Draft"
        assert str(Decision._meta.get_field("reference_number").verbose_name) == "reference number"
