"""Form details the pages rely on: HTML5 dates that round-trip in every language, and verb errors
landing on the right field."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from permits.forms import (
    ApplicationForm,
    DecisionForm,
    FileForm,
    TimelineEntryForm,
    add_validation_error,
    ground_formset,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_date_and_datetime_inputs_render_iso_and_read_it_back_in_every_language(world, language):
    with translation.override(language):
        application = world.application
        application.starts_at = timezone.make_aware(dt.datetime(2022, 3, 8, 12, 30))
        application.filed_on = dt.date(2021, 11, 16)
        form = ApplicationForm(instance=application, user=world.member)
        html = str(form["starts_at"]) + str(form["filed_on"])
        assert 'type="datetime-local"' in html and 'value="2022-03-08T12:30"' in html
        assert 'type="date"' in html and 'value="2021-11-16"' in html
        assert FileForm({"filed_on": "2021-11-16"}).is_valid()


def test_the_lead_group_is_limited_to_groups_the_user_edits_for(world):
    form = ApplicationForm(user=world.legal)
    assert not form.fields["organization"].queryset.exists()
    form = ApplicationForm(user=world.coordinator)
    assert list(form.fields["organization"].queryset) == [world.lead]


def test_a_verb_error_for_a_field_the_form_lacks_goes_to_the_formset_or_the_top():
    form = DecisionForm({"outcome": "refused", "decided_on": "2021-11-26"})
    grounds = ground_formset({"grounds-TOTAL_FORMS": "0", "grounds-INITIAL_FORMS": "0"})
    assert form.is_valid() and grounds.is_valid()
    add_validation_error(
        form,
        ValidationError({"grounds": ["Needs a ground."], "received_on": ["Too early."], "elsewhere": ["Odd."]}),
        elsewhere={"grounds": grounds},
    )
    assert grounds.non_form_errors() == ["Needs a ground."]
    assert form.errors["received_on"] == ["Too early."]
    assert form.non_field_errors() == ["Odd."]


def test_a_plain_verb_error_becomes_a_non_field_error():
    form = FileForm({"filed_on": "2021-11-16"})
    assert form.is_valid()
    add_validation_error(form, ValidationError("Only a draft can be filed."))
    assert form.non_field_errors() == ["Only a draft can be filed."]


def test_the_timeline_form_starts_as_a_note_dated_today():
    form = TimelineEntryForm()
    assert form["kind"].value() == "note"
    assert form["happened_on"].value() == timezone.localdate()
