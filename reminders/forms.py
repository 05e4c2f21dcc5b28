from crispy_bootstrap5.bootstrap5 import Switch
from crispy_forms.bootstrap import InlineCheckboxes
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from reminders.models import OFFSET_CHOICES, ReminderPreference, offset_label_lazy, validate_offsets
from reminders.telegram_link import telegram_offered, telegram_working


class OffsetsField(forms.MultipleChoiceField):
    """Ticked days before a deadline. Whatever is posted is checked by the model's rule
    (validate_offsets), so a hand-made request with -1 or 4 gets the same clear error."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", [(days, offset_label_lazy(days)) for days in OFFSET_CHOICES])
        super().__init__(**kwargs)

    def to_python(self, value):
        values = super().to_python(value)
        days = []
        for item in values:
            try:
                days.append(int(item.strip()))
            except (TypeError, ValueError):
                raise ValidationError(
                    _("“%(value)s” is not a number of days."), code="invalid", params={"value": item}
                ) from None
        return sorted(set(days), reverse=True)

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        validate_offsets(value)


class ReminderPreferenceForm(forms.ModelForm):
    offsets = OffsetsField(
        label=_("Remind me"),
        required=False,
        help_text=_("Each at 09:00 in your time zone."),
    )

    class Meta:
        model = ReminderPreference
        fields = [
            "wants_reminders",
            "offsets",
            "by_email",
            "in_app",
            "by_telegram",
            "email_events",
            "discreet",
            "digest",
        ]

    def clean_digest(self):
        return self.cleaned_data["digest"] or self.instance.digest

    def save(self, commit=True):
        # by_telegram is left out of the form where the site has no bot: the stored choice stays.
        choices = {name: self.cleaned_data[name] for name in self._meta.fields if name in self.cleaned_data}
        self.instance = ReminderPreference.save_for(self.instance.user, **choices)
        return self.instance

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A page opened before the summary existed posts no "digest": it keeps the person's choice.
        self.fields["digest"].required = False
        if not self.is_bound:
            self.initial["offsets"] = [str(days) for days in self.instance.sorted_offsets]
        channels = ["by_email", "in_app"]
        if not telegram_offered():
            del self.fields["by_telegram"]  # no bot, no channel
        else:
            channels.append("by_telegram")
            if not telegram_working(self.instance.user):
                # Disabled, the field keeps what the person chose before (Django takes the initial
                # value): linking again brings their Telegram reminders back.
                self.fields["by_telegram"].disabled = True
                self.fields["by_telegram"].help_text = _(
                    "Link Telegram on your profile first (again, if it stopped working); "
                    "until then reminders go by email."
                )
        # The days side by side (ten stacked checkboxes are a long scroll on a phone).
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Switch("wants_reminders"),
            InlineCheckboxes("offsets"),
            *channels,
            "email_events",
            "discreet",
            "digest",
        )
