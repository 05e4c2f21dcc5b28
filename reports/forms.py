"""The report's filters — one form for the page, the CSV of decisions and the API (whose 400 is this
form's errors) — and the group's statistics-sharing switch."""

from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.functional import lazy
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from config.text import strip_control_characters
from organizations import access
from organizations.models import Organization
from permits.models import Jurisdiction
from reports.services import BY_CHOICES, ReportFilters

EARLIEST_YEAR, LATEST_YEAR = 1900, 2999


def _choose_one_of_the_counts() -> str:
    return _("Choose one of: %(choices)s.") % {"choices": ", ".join(BY_CHOICES)}


# Filled in when the error is shown, in the reader's language: `_(…) % …` in the field's
# definition would be English for good, fixed when the module was imported.
choose_one_of_the_counts = lazy(_choose_one_of_the_counts, str)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class BoundedDateField(forms.DateField):
    widget = DateInput

    def clean(self, value):
        day = super().clean(value)
        if day and not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
            raise forms.ValidationError(
                _("Enter a date between the years %(earliest)d and %(latest)d."),
                code="out_of_range",
                params={"earliest": EARLIEST_YEAR, "latest": LATEST_YEAR},
            )
        return day


class PlainSelect(forms.Select):
    """A <select> written out in Python. Someone in hundreds of groups gets hundreds of options, and
    Django's template per option would make them the slowest part of the reports page."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], mark_safe(" selected") if option["selected"] else "", option["label"])
                for _group, group_options, _index in widget["optgroups"]
                for option in group_options
            ),
        )
        return format_html('<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), options)


class GroupChoiceIterator(ModelChoiceIterator):
    """(id, name) pairs straight from the database, without a model instance per group."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.queryset.values_list("pk", "name")


class GroupChoiceField(forms.ModelChoiceField):
    iterator = GroupChoiceIterator


class ReportFilterForm(forms.Form):
    """`?by=reason|authority|year|event_type&from=YYYY-MM-DD&to=…&jurisdiction=KZ-ALA&organization=<id>`;
    `by` defaults to reason. Only the user's own groups can be chosen."""

    by = forms.ChoiceField(
        label=_("Count by"),
        required=False,
        choices=[
            ("reason", pgettext_lazy("count refusals by", "Reason")),
            ("authority", _("Authority")),
            ("year", _("Year")),
            ("event_type", _("Event type")),
        ],
        error_messages={"invalid_choice": choose_one_of_the_counts()},
    )
    jurisdiction = forms.ModelChoiceField(
        label=_("Jurisdiction"),
        required=False,
        queryset=Jurisdiction.objects.order_by("code"),
        to_field_name="code",
        empty_label=_("Anywhere"),
        widget=PlainSelect,
        error_messages={"invalid_choice": _("There is no jurisdiction with this code.")},
    )
    organization = GroupChoiceField(
        label=_("Group"),
        required=False,
        queryset=Organization.objects.none(),
        empty_label=_("All my groups"),
        widget=PlainSelect,
        error_messages={"invalid_choice": _("Choose one of your groups.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # `from` and `to` are Python keywords: added here rather than as class attributes.
        self.fields["from"] = BoundedDateField(label=_("Decided from"), required=False)
        self.fields["to"] = BoundedDateField(label=_("Decided until"), required=False)
        self.order_fields(["from", "to", "jurisdiction", "organization", "by"])
        self.fields["organization"].queryset = access.organizations_of(user)

    def clean(self):
        data = super().clean()
        start, end = data.get("from"), data.get("to")
        if start and end and end < start:
            self.add_error("to", _("The end of the period is before its start."))
        return data

    @property
    def breakdown(self) -> str:
        """The valid `by`, reason when not given."""
        return (self.cleaned_data.get("by") if self.is_valid() else None) or "reason"

    def filters(self) -> ReportFilters:
        """The valid form's filters (call is_valid() first)."""
        data = self.cleaned_data
        return ReportFilters(
            date_from=data.get("from"),
            date_to=data.get("to"),
            jurisdiction=data.get("jurisdiction"),
            organization=data.get("organization"),
        )


class ShareStatisticsForm(forms.Form):
    share_statistics = forms.BooleanField(
        label=_("Share this group's refusal statistics"),
        required=False,
        help_text=_(
            "Other groups' appeals may then cite how often an authority refused, and on what grounds, "
            "counting this group's refusals (titles, dates and the authority's reasons; never a person's name)."
        ),
    )


class PublishStatisticsForm(forms.Form):
    publish_statistics = forms.BooleanField(
        label=_("Publish our refusals in the public statistics"),
        required=False,
        help_text=_(
            "Anyone may then read, without an account, how many refusals the groups that publish counted by "
            "authority, reason, year and event type, and the authorities' words you published after "
            "redaction. Your group is never named, and no person is. A figure drawn from fewer than 3 groups "
            "or 5 refusals is never shown. Switch it off and your refusals leave the page at once."
        ),
    )


class RevokeLinkForm(forms.Form):
    link = forms.IntegerField(min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)


PUBLISHED_QUOTE_MAX_LENGTH = 5000


class PublishQuoteForm(forms.Form):
    """A coordinator's review of one quote: preview the (edited) redacted text, publish it, or
    withdraw what was published. Publishing refuses a text that still holds a known person's name,
    a phone number, an email address or an ИИН; a word that merely looks like a name is highlighted
    in the preview and left to the coordinator."""

    PREVIEW, PUBLISH, WITHDRAW = "preview", "publish", "withdraw"

    text = forms.CharField(
        label=_("Text to publish"),
        required=False,
        max_length=PUBLISHED_QUOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    action = forms.ChoiceField(
        choices=[(PREVIEW, PREVIEW), (PUBLISH, PUBLISH), (WITHDRAW, WITHDRAW)],
        error_messages={"required": _("Choose to preview, publish or withdraw.")},
    )

    def __init__(self, *args, redactor, **kwargs):
        super().__init__(*args, **kwargs)
        self.redactor = redactor

    def clean_text(self):
        return strip_control_characters(self.cleaned_data["text"])

    def clean(self):
        data = super().clean()
        text, action = data.get("text"), data.get("action")
        if action in (self.PREVIEW, self.PUBLISH) and "text" not in self.errors and not text:
            self.add_error("text", _("Enter the text to publish, or withdraw the quote."))
        elif action == self.PUBLISH and text:
            leaks = self.redactor.leaks(text)
            if leaks:
                self.add_error(
                    "text",
                    _("The text still holds a person's name or contact details: %(found)s. Replace them first.")
                    % {"found": ", ".join(dict.fromkeys(leaks))},
                )
        return data
