"""The law in force at the time (issue 13, item 11): a draft cites an argument as binding only if
the law or ruling it rests on held on the day of the decision appealed; what came later goes under
"Since then", dated. The 2021 Almaty refusal is not argued from the Constitutional Court's
resolution No. 61-NP of 20 January 2025 as if it bound the akimat; a 2026 refusal is."""

import io

import pytest
from django.urls import reverse
from docx import Document

from appeals.drafts import draft_export_docx
from appeals.models import Argument
from appeals.services import appeal_open
from tests.appeals.conftest import D, refuse
from tests.factories import PermitApplicationFactory, site_editor

pytestmark = pytest.mark.django_db

NO_ALTERNATIVE = {
    # language: (the section's heading, the later heading, the argument's title, how the date reads)
    "en": (
        "## No other place or time was offered",
        "## Since then",
        "**Another place or time had to be proposed first.**",
        "Since 20 January 2025:",
    ),
    "ru": (
        "## Другое место или время не предложены",
        "## С тех пор",
        "**Сначала нужно было предложить другое место или время.**",
        "С 20 января 2025 г.:",
    ),
    "kk": (
        "## Басқа орын немесе уақыт ұсынылмады",
        "## Содан бері",
        "**",  # the Kazakh title is checked through the database below
        "2025 жылғы 20 қаңтардан бастап:",
    ),
}


def kazakh_title():
    return Argument.objects.get(code="no-alternative-offered", language="kk").title


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_the_2021_refusal_lists_the_2025_resolution_since_then_not_as_binding(world, refused, language):
    section, later, title, since = NO_ALTERNATIVE[language]
    title = f"**{kazakh_title()}.**" if language == "kk" else title

    text = appeal_open(decision=refused[1], venue="higher_authority", by=world.coordinator, language=language)
    text = text.draft.text

    assert section not in text
    binding, since_then = text.split(f"\n{later}\n")
    assert title not in binding and "61-N" not in binding and "61-Н" not in binding
    assert since_then.index(since) < since_then.index(title)
    assert "2021" in since_then.strip().split("\n\n")[0]  # "…after the decision of 26 November 2021…"


def test_a_2026_refusal_cites_the_2025_resolution_as_binding(world):
    application = PermitApplicationFactory(organization=world.lead, event_type="march")
    application.file(on=D(2026, 2, 2), reference_number="ЗТ-2026", by=world.coordinator)
    decision = refuse(application, by=world.coordinator, decided_on=D(2026, 2, 6), received_on=D(2026, 2, 6))

    text = appeal_open(decision=decision, venue="higher_authority", by=world.coordinator, language="en").draft.text

    section, later, title, _since = NO_ALTERNATIVE["en"]
    assert section in text and later not in text
    assert text.index(section) < text.index(title) < text.index("## The deadline and the urgency")


def test_a_refusal_on_the_resolutions_day_is_already_bound_by_it(world):
    application = PermitApplicationFactory(organization=world.lead, event_type="march")
    application.file(on=D(2025, 1, 13), by=world.coordinator)
    decision = refuse(application, by=world.coordinator, decided_on=D(2025, 1, 20), received_on=D(2025, 1, 22))

    text = appeal_open(decision=decision, venue="higher_authority", by=world.coordinator, language="en").draft.text

    assert "## No other place or time was offered" in text and "## Since then" not in text


def test_the_word_export_of_the_2021_draft_has_the_later_developments_under_their_own_heading(world, refused):
    appeal = appeal_open(decision=refused[1], venue="higher_authority", by=world.coordinator, language="en")

    document = Document(io.BytesIO(draft_export_docx(appeal)[1]))

    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Since then" in headings and "No other place or time was offered" not in headings
    assert "Since 20 January 2025:" in [p.text for p in document.paragraphs]


def test_a_citation_dated_after_the_decision_moves_its_argument_since_then(world, refused):
    argument = Argument.objects.get(code="iccpr-article-21", language="en")
    citation = argument.citations.get()
    citation.in_force_from = D(2022, 1, 1)
    citation.save()

    text = appeal_open(decision=refused[1], venue="higher_authority", by=world.coordinator, language="en").draft.text

    binding, since_then = text.split("\n## Since then\n")
    assert "**The right of peaceful assembly (ICCPR, article 21).**" in since_then
    assert "Since 1 January 2022:" in since_then and "article 21" not in binding.split("## The standards")[-1]


def test_the_seeded_dates_are_in_the_library_api_and_a_site_editor_sets_one(world, api_as):
    client = api_as(world.member)
    listed = client.get("/api/v1/arguments/", {"language": "ru", "kind": "no_alternative"}).json()["results"]
    assert [a["in_force_from"] for a in listed] == ["2025-01-20"]
    toregozhina = client.get("/api/v1/arguments/", {"language": "kk", "kind": "standard"}).json()["results"]
    precedent = next(a for a in toregozhina if a["code"] == "precedent-toregozhina")
    assert [c["in_force_from"] for c in precedent["citations"]] == ["2020-07-23", "2014-10-21"]
    assert precedent["in_force_from"] is None

    argument = Argument.objects.get(code="iccpr-article-21", language="en")
    editor = api_as(site_editor())
    response = editor.patch(f"/api/v1/arguments/{argument.pk}/", {"in_force_from": "2006-04-24"}, format="json")
    assert response.status_code == 200 and response.json()["in_force_from"] == "2006-04-24"
    # A member of a group cannot date the shared library.
    undated = api_as(world.member).patch(f"/api/v1/arguments/{argument.pk}/", {"in_force_from": None}, format="json")
    assert undated.status_code == 403


@pytest.mark.parametrize("bad", ["20 January 2025", "2025-02-30", 20250120, "", ["2025-01-20"], {"day": 1}])
def test_a_date_that_is_not_a_date_is_refused_with_the_field_named(world, api_as, bad):
    argument = Argument.objects.get(code="iccpr-article-21", language="en")
    editor = api_as(site_editor())

    response = editor.patch(f"/api/v1/arguments/{argument.pk}/", {"in_force_from": bad}, format="json")

    assert response.status_code == 400 and "in_force_from" in response.json()
    argument.refresh_from_db()
    assert argument.in_force_from is None and argument.version == 1


def test_the_workspace_marks_an_argument_that_came_after_the_decision(world, refused, login):
    appeal = appeal_open(decision=refused[1], venue="higher_authority", by=world.coordinator, language="en")
    url = reverse("appeals:workspace", args=[appeal.pk])
    assert ", after the decision" not in login(world.member).get(url).content.decode()
    Argument.objects.filter(code="place-taken-burden", language="en").update(in_force_from=D(2023, 5, 2))

    page = login(world.member).get(url).content.decode()

    assert "from 2 May 2023, after the decision" in page
