"""Forms of the appeal's status card (file it, schedule a hearing, record a hearing's result or the
outcome, withdraw it, change its venue). Kept apart from forms.py so the workspace's editor forms and
these read on their own. They check the input's shape only; the appeal's verbs hold the rules (a day
still to come, not before the refusal, which status allows what), the same for the API and the
admin, and their errors land back on these fields."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from appeals.models import Appeal, AppealOutcome, Venue
from permits.forms import DateTimeLocalInput, PlainDateField


def mark_invalid_fields(form):
    """Bootstrap's red border on each field with an error, those the verb added after is_valid() too."""
    for name in form.errors:
        if name in form.fields:
            widget = form.fields[name].widget
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


class _StatusForm(forms.Form):
    """Small controls, and ids of their own: the workspace holds several forms."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_status_%s")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = "form-select form-select-sm" if select else "form-control form-control-sm"


class _AppealForm(_StatusForm):
    """A form about one appeal."""

    def __init__(self, *args, appeal: Appeal, **kwargs):
        super().__init__(*args, **kwargs)
        self.appeal = appeal


class FileAppealForm(_AppealForm):
    filed_on = PlainDateField(label=_("Filed on"), error_messages={"required": _("Give the day the appeal was filed.")})
    case_number = forms.CharField(
        label=_("Case number"),
        max_length=100,
        required=False,
        help_text=_("If the body gave one; you can add it later."),
    )


class HearingForm(_AppealForm):
    # Not required here: the verb says what is missing (the time, the place), both at once.
    starts_at = forms.DateTimeField(
        label=_("Day and time"),
        required=False,
        widget=DateTimeLocalInput(),
        error_messages={"invalid": _("Enter the day and time of the hearing, e.g. 2022-03-01 10:30.")},
    )
    place = forms.CharField(label=pgettext_lazy("the place of a hearing", "Where"), max_length=300, required=False)
    notes = forms.CharField(label=_("Notes"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class HearingResultForm(_StatusForm):
    result = forms.CharField(
        label=_("What happened"),
        max_length=5000,
        required=False,  # the verb says so when it is empty
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class OutcomeForm(_AppealForm):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("", "—"), *[(value, label) for value, label in AppealOutcome.choices if value]],
        error_messages={
            "required": _("Choose the outcome."),
            "invalid_choice": _("Choose the outcome."),
        },
    )
    decided_on = PlainDateField(
        label=_("Decided on"), error_messages={"required": _("Give the day the appeal was decided.")}
    )


class VenueForm(_AppealForm):
    venue = forms.ChoiceField(
        label=_("Where to appeal"),
        choices=Venue.choices,
        error_messages={"invalid_choice": _("Choose one of the venues.")},
    )
    filing_due_on = PlainDateField(
        label=_("Last day to file"),
        required=False,
        help_text=_("Only for the prosecutor, the ombudsman or the UN committee, for which Ruqsat knows no rule."),
    )

    def __init__(self, *args, appeal: Appeal, **kwargs):
        super().__init__(*args, appeal=appeal, **kwargs)
        # Only a change is offered: the current venue is not among the choices.
        self.fields["venue"].choices = [(value, label) for value, label in Venue.choices if value != appeal.venue]
