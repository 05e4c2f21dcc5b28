"""The interview's page: the answers (FilingForm) and the organizers (a formset). The rules each
value must meet are answers.py's, the same the API applies; what is missing is the checker's."""

from django import forms
from django.utils.translation import gettext_lazy as _

from config.dates import validate_plausible_date
from permits.filing import answers as filing_answers
from permits.forms import DateTimeLocalInput, FormSetErrorsMixin
from permits.models import EventType

TEXTAREA = {"rows": 3}


class FilingForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of the document"), choices=filing_answers.FILING_LANGUAGES, widget=forms.RadioSelect
    )
    event_type = forms.ChoiceField(
        label=_("Form of the assembly"),
        choices=[(code, label) for code, label in EventType.choices if code in filing_answers.LEGAL_EVENT_TYPES],
        help_text=_(
            "A picket, meeting or rally is notified (Art. 10); a march or demonstration needs approval (Art. 12)."
        ),
    )
    purpose = forms.CharField(
        label=_("Purpose"), required=False, max_length=filing_answers.MAX_TEXT, widget=forms.Textarea(attrs=TEXTAREA)
    )
    location = forms.CharField(label=_("Place"), required=False, max_length=500)
    route = forms.CharField(
        label=_("Route"),
        required=False,
        max_length=filing_answers.MAX_TEXT,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("For a march or demonstration: where it starts, the streets it takes, where it ends."),
    )
    starts_at = forms.DateTimeField(
        label=_("Starts at"), required=False, widget=DateTimeLocalInput(), validators=[validate_plausible_date]
    )
    ends_at = forms.DateTimeField(
        label=_("Ends at"), required=False, widget=DateTimeLocalInput(), validators=[validate_plausible_date]
    )
    expected_participants = forms.IntegerField(
        label=_("Expected participants"), required=False, min_value=1, max_value=filing_answers.MAX_PARTICIPANTS
    )
    order_and_safety = forms.CharField(
        label=_("Means of keeping public order and safety"),
        required=False,
        max_length=filing_answers.MAX_TEXT,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("e.g. how many stewards, how they are marked, who speaks with the police."),
    )
    medical_help = forms.CharField(
        label=_("Medical help"),
        required=False,
        max_length=filing_answers.MAX_TEXT,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    sound_equipment = forms.CharField(
        label=_("Sound equipment"),
        required=False,
        max_length=filing_answers.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only if you will use any: what, and how loud."),
    )
    remember = forms.BooleanField(
        label=_("Remember the organizers' details and the means of order for this application"),
        required=False,
        help_text=_(
            "Only the lead group's coordinators and members can read them. Unticked, ID numbers, addresses and "
            "phones go into the file only, and anything remembered before is forgotten."
        ),
    )


class OrganizerForm(forms.Form):
    name = forms.CharField(label=_("Full name"), required=False, max_length=200)
    id_number = forms.CharField(
        label=_("ID number (IIN)"),
        required=False,
        max_length=30,
        validators=[filing_answers.validate_id_number],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    address = forms.CharField(label=_("Address of residence"), required=False, max_length=500)
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=40,
        validators=[filing_answers.validate_phone],
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(label=_("Email (optional)"), required=False, max_length=254)


class BaseOrganizerFormSet(FormSetErrorsMixin, forms.BaseFormSet):
    def organizers(self) -> list[dict]:
        return [form.cleaned_data for form in self.forms if form.cleaned_data]


def organizer_formset(data=None, *, organizers=()):
    initial = [organizer.as_dict() for organizer in organizers]
    formset_class = forms.formset_factory(
        OrganizerForm,
        formset=BaseOrganizerFormSet,
        extra=2,
        max_num=filing_answers.MAX_ORGANIZERS,
        validate_max=True,
        absolute_max=filing_answers.MAX_ORGANIZERS + 5,
    )
    return formset_class(data, initial=None if data is not None else initial or None, prefix="organizers")
