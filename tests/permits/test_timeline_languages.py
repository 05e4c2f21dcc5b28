"""The timeline in the reader's language (issue 8): what the system writes (filing, decisions, a
deadline's new date, a status change) is kept as a message and shown in the language of whoever
reads it — on the page, in the API (by Accept-Language) and in data exports — with the authority's
name translated too; what people type is shown as they typed it."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import formats, translation

from permits.models import Authority, DeadlineKind, RefusalReason, TimelineEntry
from privacy.services import user_export
from tests.factories import AuthorityFactory, PermitApplicationFactory, TimelineEntryFactory

pytestmark = pytest.mark.django_db

FILED_ON = dt.date(2021, 11, 16)
AKIMAT = {"en": "Akimat of Almaty city", "ru": "Акимат города Алматы", "kk": "Алматы қаласының әкімдігі"}
FILED = {
    "en": f"Filed with {AKIMAT['en']}",
    "ru": f"Подана: {AKIMAT['ru']}",
    "kk": f"Өтінім берілді: {AKIMAT['kk']}",
}
REFUSED = {"en": f"Refused by {AKIMAT['en']}", "kk": f"{AKIMAT['kk']} бас тартты"}


@pytest.fixture
def filed_in_russian(world):
    """The world's march, filed by a Russian-speaking coordinator while her pages were in Russian;
    the member reading it speaks Kazakh."""
    world.coordinator.language = "ru"
    world.coordinator.save()
    world.member.language = "kk"
    world.member.save()
    with translation.override("ru"):
        world.application.file(on=FILED_ON, by=world.coordinator)
    return world.application.timeline.get(kind=TimelineEntry.Kind.FILED)


def page(client, application):
    return client.get(reverse("permits:application_detail", args=[application.pk])).content.decode()


def timeline_api(client, application, language):
    response = client.get(f"/api/v1/applications/{application.pk}/timeline/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.json()["results"]


def test_a_filing_written_in_russian_reads_in_kazakh_on_a_kazakh_members_page(filed_in_russian, world, login):
    assert world.application.authority.name_kk == AKIMAT["kk"]  # the seeded translation the page uses
    html = page(login(world.member), world.application)
    assert FILED["kk"] in html
    assert FILED["ru"] not in html
    assert AKIMAT["ru"] not in html


def test_the_same_filing_reads_in_english_through_the_api_asked_in_english(filed_in_russian, world, api_as):
    client = api_as(world.member)
    assert [entry["summary"] for entry in timeline_api(client, world.application, "en")] == [FILED["en"]]
    assert [entry["summary"] for entry in timeline_api(client, world.application, "ru")] == [FILED["ru"]]


def test_the_entry_keeps_the_message_untranslated_and_a_record_in_the_sites_language(filed_in_russian, world):
    assert filed_in_russian.message == "Filed with %(authority)s"
    assert filed_in_russian.params["authority"]["pk"] == world.application.authority_id
    # The record (admin search, the fallback) does not depend on the writer's language.
    assert filed_in_russian.summary == FILED["en"]
    assert TimelineEntry.objects.filter(summary__startswith="Filed with").count() == 1


def test_an_authority_with_no_kazakh_name_is_named_in_english_in_a_kazakh_sentence(world, login):
    world.member.language = "kk"
    world.member.save()
    authority = AuthorityFactory(name="Akimat of Turkistan region")
    assert not authority.name_kk
    application = PermitApplicationFactory(organization=world.lead, authority=authority)
    with translation.override("ru"):
        application.file(on=FILED_ON, by=world.coordinator)
    assert "Өтінім берілді: Akimat of Turkistan region" in page(login(world.member), application)


def test_a_renamed_authority_is_named_as_it_is_called_now(filed_in_russian, world):
    Authority.objects.filter(pk=world.application.authority_id).update(name_kk="Алматы қаласы әкімдігі")
    entry = TimelineEntry.objects.get(pk=filed_in_russian.pk)
    with translation.override("kk"):
        assert entry.display_summary() == "Өтінім берілді: Алматы қаласы әкімдігі"


def test_a_refusal_written_in_russian_reads_in_kazakh_and_english(filed_in_russian, world, login, api_as):
    with translation.override("ru"):
        world.application.record_decision(
            outcome="refused",
            decided_on=dt.date(2021, 11, 26),
            grounds=[{"reason": RefusalReason.objects.get(code="repair_works")}],
            by=world.coordinator,
        )
    assert REFUSED["kk"] in page(login(world.member), world.application)
    summaries = [entry["summary"] for entry in timeline_api(api_as(world.member), world.application, "en")]
    assert REFUSED["en"] in summaries


def test_a_typed_note_stays_as_typed_whoever_reads_it(filed_in_russian, world, login, api_as):
    typed = "Встреча в акимате: просили перенести"
    TimelineEntryFactory(application=world.application, kind=TimelineEntry.Kind.MEETING, summary=typed)
    assert typed in page(login(world.member), world.application)
    summaries = [entry["summary"] for entry in timeline_api(api_as(world.member), world.application, "en")]
    assert typed in summaries
    assert TimelineEntry.objects.get(summary=typed).message == ""


def test_a_note_added_on_the_page_stays_as_typed(world, login):
    client = login(world.member)
    typed = "Әкімдікпен кездесу"
    client.post(
        reverse("permits:timeline_add", args=[world.application.pk]),
        {"happened_on": "2021-11-18", "kind": "meeting", "summary": typed, "details": ""},
    )
    entry = world.application.timeline.get()
    assert (entry.summary, entry.message, entry.display_summary()) == (typed, "", typed)


def test_a_status_change_and_its_typed_note_each_read_as_they_should(filed_in_russian, world):
    with translation.override("ru"):
        world.application.withdraw(on=dt.date(2021, 11, 20), note="Мы выбрали другую дату", by=world.coordinator)
    entry = world.application.timeline.get(kind=TimelineEntry.Kind.STATUS)
    with translation.override("en"):
        assert (entry.display_summary(), entry.display_details()) == (
            "Withdrawn by the organizers",
            "Мы выбрали другую дату",
        )


def test_a_deadlines_new_date_is_written_out_in_the_readers_language(filed_in_russian, world):
    deadline = world.application.deadline(DeadlineKind.AUTHORITY_RESPONSE)
    previous, new = deadline.due_on, deadline.due_on + dt.timedelta(days=2)
    with translation.override("ru"):
        deadline.override(due_on=new, reason="Акимат продлил срок", by=world.coordinator)
    entry = world.application.timeline.get(kind=TimelineEntry.Kind.DEADLINE)
    with translation.override("kk"):
        kazakh = entry.display_summary()
        label, old_day, new_day = (
            str(DeadlineKind.AUTHORITY_RESPONSE.label),
            formats.date_format(previous, "DATE_FORMAT"),
            formats.date_format(new, "DATE_FORMAT"),
        )
    assert label in kazakh and old_day in kazakh and new_day in kazakh
    with translation.override("en"):
        assert entry.display_summary() == (
            f"Authority must answer: date changed from {previous:%-d %b %Y} to {new:%-d %b %Y}"
        )
    assert entry.details == "Акимат продлил срок"  # the reason, as typed


def test_the_dashboard_shows_the_latest_entries_in_the_readers_language(filed_in_russian, world, login):
    html = login(world.member).get(reverse("dashboard")).content.decode()
    assert FILED["kk"] in html
    assert FILED["ru"] not in html


def test_a_data_export_gives_the_summary_in_the_language_of_whoever_downloads_it(filed_in_russian, world):
    with translation.override("kk"):
        data = json.loads(user_export(user=world.coordinator))
    assert [entry["summary"] for entry in data["timeline_entries"]] == [FILED["kk"]]


def test_an_entry_whose_stored_parameters_no_longer_fit_shows_its_recorded_text(filed_in_russian):
    TimelineEntry.objects.filter(pk=filed_in_russian.pk).update(params={})
    entry = TimelineEntry.objects.get(pk=filed_in_russian.pk)
    with translation.override("kk"):
        assert entry.display_summary() == FILED["en"]


def test_the_demo_writes_what_the_system_would_have_written_as_messages(db):
    call_command("load_demo", force=True, stdout=StringIO())
    entries = list(TimelineEntry.objects.all())
    written_by_verbs = [e for e in entries if e.kind not in TimelineEntry.MANUAL_KINDS]
    assert {e.kind for e in written_by_verbs} >= {"filed", "decision", "appeal", "status"}
    assert all(e.message for e in written_by_verbs)
    assert not any(e.message for e in entries if e.kind in TimelineEntry.MANUAL_KINDS)
    with translation.override("kk"):
        assert f"Өтінім берілді: {AKIMAT['kk']}" in {e.display_summary() for e in written_by_verbs}
