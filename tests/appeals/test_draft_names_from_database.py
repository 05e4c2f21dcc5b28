"""A draft names a refusal's reason and a deadline's rule as the database has them in the draft's
language (issue 14, item 3): the wording around them comes from the catalogues, the names from the
rows, so a site editor's correction of a reason's Russian or Kazakh name reaches the next draft."""

import pytest
from django.utils import translation

from appeals.drafting import format_date
from appeals.drafts import draft_assemble
from appeals.kazakh_cases import MONTH_FORMS, month_in_case
from appeals.models import Appeal
from appeals.services import appeal_open
from permits.models import DeadlineRule, RefusalReason
from tests.appeals.conftest import D

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("ru", "### Основание 1: Другое мероприятие, объявленное акиматом"),
        ("kk", "### 1-негіз: Әкімдік жариялаған іс-шара"),
    ],
)
def test_a_reasons_name_in_a_draft_is_the_one_stored_for_the_drafts_language(world, refused, language, heading):
    reason = RefusalReason.objects.get(code="conflicting_event")
    stored = reason.name_ru if language == "ru" else reason.name_kk
    appeal = appeal_open(decision=refused[1], venue="higher_authority", by=world.coordinator, language=language)
    assert f"1: {stored} (" in appeal.draft.text or f"1-негіз: {stored} (" in appeal.draft.text

    reason.name_ru = "Другое мероприятие, объявленное акиматом"
    reason.name_kk = "Әкімдік жариялаған іс-шара"
    reason.save()
    with translation.override("en"):  # whoever regenerates it reads English pages
        text = draft_assemble(appeal).text

    assert heading in text
    assert stored not in text


def test_a_rules_citation_in_a_draft_is_the_one_stored_for_the_drafts_language(world, refused):
    appeal = appeal_open(decision=refused[1], venue="higher_authority", by=world.coordinator, language="ru")
    rule = DeadlineRule.objects.get(jurisdiction__code="KZ", code="pre-trial-complaint")
    rule.law_ru = "АППК РК"
    rule.save()

    text = draft_assemble(Appeal.objects.get(pk=appeal.pk)).text

    assert "со дня получения отказа, 26 ноября 2021 г. (АППК РК, ст. 92, п. 1); последний день" in text


def test_a_kazakh_date_takes_its_case_on_the_catalogues_month_name():
    assert set(MONTH_FORMS) == {"on", "of", "from", "until"}
    assert all(len(forms) == 12 for forms in MONTH_FORMS.values())
    assert month_in_case(11, "unknown") is None
    assert format_date(D(2021, 11, 26), "kk", "unknown") == "2021 жылғы 26 қараша"
    for month in range(1, 13):
        nominative = format_date(D(2021, month, 1), "kk").split()[-1]
        assert format_date(D(2021, month, 1), "kk", "on").split()[-1].startswith(nominative[:-1]), month
