"""Forms of the permit pages. Each validates its input once; the model's clean(), the lifecycle
verbs and permits.services hold the rules they share with the API, and the views put the
ValidationErrors those raise back on these forms (see `add_validation_error`)."""

import json

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from config.dates import is_plausible, out_of_range_error
from organizations import access
from organizations.models import Organization
from permits.models import (
    Authority,
    Decision,
    Document,
    EventType,
    PermitApplication,
    RefusalReason,
    Status,
    TimelineEntry,
)
from permits.models.applications import USUAL_LENGTH, Channel
from permits.uploads import validate_document

# HTML5 inputs send ISO values whatever the page's language, so the widgets render ISO too:
# a localized value ("08.03.2021") in an <input type="date"> would show as empty.
DATE_FORMAT = "%Y-%m-%d"
DATETIME_LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=DATE_FORMAT)


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=DATETIME_LOCAL_FORMAT)


def add_validation_error(form, error: ValidationError, *, elsewhere=None):
    """Put a ValidationError raised by a verb or service on `form`, field by field.

    Errors for a field the form lacks go to `elsewhere[field]` (e.g. a formset) when given, else
    to the form's non-field errors, so no message is lost and no ValueError becomes a 500."""
    elsewhere = elsewhere or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        if field in form.fields or field == NON_FIELD_ERRORS:
            form.add_error(None if field == NON_FIELD_ERRORS else field, errors)
        elif field in elsewhere:
            elsewhere[field].add_non_form_errors(errors)
        else:
            form.add_error(None, errors)


def all_valid(*forms_and_formsets) -> bool:
    """Validate every one (not stopping at the first invalid) so the page shows all errors at once."""
    results = [f.is_valid() for f in forms_and_formsets]
    return all(results)


class FormSetErrorsMixin:
    def add_non_form_errors(self, errors):
        # non_form_errors() is the formset's own ErrorList: extending it shows the errors above the rows.
        self.non_form_errors().extend(errors)


# --- applications ------------------------------------------------------------------------------


class ApplicationForm(forms.ModelForm):
    """Required fields first, so a phone user can stop after them; the rest are optional."""

    co_organizers = forms.ModelMultipleChoiceField(
        label=_("Co-organizing groups"),
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("You can only add groups you belong to as co-organizers.")},
        help_text=_(
            "A group you coordinate joins at once. Any other group is asked, and becomes a co-organizer only when "
            "one of its coordinators accepts."
        ),
    )

    class Meta:
        model = PermitApplication
        fields = [
            "title",
            "event_type",
            "organization",
            "starts_at",
            "ends_at",
            "location",
            "authority",
            "purpose",
            "route",
            "expected_participants",
            "co_organizers",
            "filed_on",
            "channel",
            "reference_number",
        ]
        labels = {"organization": _("Lead group")}
        help_texts = {
            "filed_on": _("If you give the filing date, the application is recorded as filed."),
        }
        widgets = {
            "starts_at": DateTimeLocalInput(),
            "ends_at": DateTimeLocalInput(),
            "filed_on": DateInput(),
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "route": forms.Textarea(attrs={"rows": 2}),
            "expected_participants": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
        }
        error_messages = {
            "organization": {
                "invalid_choice": _("You can only file for a group in which you are a coordinator or member.")
            },
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        lead_choices = access.organizations_of(user, access.EDITING_ROLES)
        self.fields["organization"].queryset = lead_choices
        self.fields["organization"].empty_label = None if lead_choices.count() == 1 else "—"
        co_choices = Q(pk__in=access.organization_ids(user))
        if self.instance.pk:
            # Keep groups someone else added even when this user is not in them, or saving would drop them.
            co_choices |= Q(pk__in=self.instance.co_organizer_links.values("organization_id"))
            co_choices |= Q(pk__in=self.instance.co_organizer_invitations.open().values("organization_id"))
        self.fields["co_organizers"].queryset = Organization.objects.filter(co_choices)
        # The shared authorities and those the user's groups added (another group's stay private);
        # the model's clean() then holds the lead group to its own.
        authorities = Authority.objects.usable_by(user)
        if self.instance.pk:
            authorities = authorities | Authority.objects.filter(pk=self.instance.authority_id)
        self.fields["authority"].queryset = authorities.for_choice()
        self.fields["authority"].label_from_instance = lambda a: f"{a.name} ({a.jurisdiction.code})"
        # Left empty, "Ends at" is proposed from "Starts at" (clean()): with JavaScript off too.
        self.fields["ends_at"].required = False
        self.fields["ends_at"].help_text = _("Left empty, it is proposed from the start and the type's usual length.")
        # For static/js/application-form.js: the same proposals while the person types.
        self.fields["event_type"].widget.attrs["data-usual-minutes"] = json.dumps(
            {kind: int(length.total_seconds() // 60) for kind, length in USUAL_LENGTH.items()}
        )
        if not self.is_bound and not self.instance.pk:
            self.fields["title"].widget.attrs["autofocus"] = True
        if self.instance.pk:
            # Groups asked and not yet answered stay ticked: saving the form must not withdraw the request.
            named = [*self.instance.co_organizers.values_list("pk", flat=True)]
            named += self.instance.co_organizer_invitations.open().values_list("organization_id", flat=True)
            self.initial.setdefault("co_organizers", named)
            if self.instance.filed_on and not self.instance.is_draft:
                # Correcting the filing date is fine; clearing it would turn a filed application back into a draft.
                self.fields["filed_on"].required = True
                self.fields["filed_on"].help_text = ""
        else:
            # The authority from the lead group's city, never from someone's last application (an
            # Almaty march was offered the Akimat of Astana). The JS updates it when the group changes.
            proposed = {group.pk: Authority.objects.proposed_for(group) for group in lead_choices}
            self.fields["organization"].widget.attrs["data-proposed-authority"] = json.dumps(
                {str(pk): authority.pk for pk, authority in proposed.items() if authority}
            )
            if len(proposed) == 1:
                lead_id, authority = next(iter(proposed.items()))
                self.initial.setdefault("organization", lead_id)
                if authority:
                    self.initial.setdefault("authority", authority.pk)

    @classmethod
    def carried_over(cls, data, *, user, instance=None, **values):
        """An unbound form showing what was posted (and `values`), without judging it: the page
        comes back after "My authority is missing" with everything typed, and no error on a
        field the person has not finished yet."""
        initial = {}
        for name, field in cls.base_fields.items():
            if isinstance(field, forms.ModelMultipleChoiceField):
                initial[name] = data.getlist(name)  # none ticked is a choice too
            elif name in data:
                initial[name] = data.get(name)
        initial.update(values)
        return cls(initial=initial, instance=instance, user=user)

    def clean(self):
        data = super().clean()
        starts_at, event_type = data.get("starts_at"), data.get("event_type")
        if starts_at and not data.get("ends_at") and "ends_at" not in self.errors and not self.instance.pk:
            # Proposed, not saved unseen: the page comes back with the proposal in the field to check.
            proposal = timezone.localtime(starts_at + USUAL_LENGTH.get(event_type, USUAL_LENGTH["other"]))
            self.data = self.data.copy()
            self.data[self.add_prefix("ends_at")] = proposal.strftime(DATETIME_LOCAL_FORMAT)
            self.add_error("ends_at", _("Proposed from the start and the type's usual length: check it and save."))
        elif not data.get("ends_at") and "ends_at" not in self.errors:
            self.add_error("ends_at", forms.Field.default_error_messages["required"])
        return data

    # Shown folded under "More details" on the page; opened when one holds a value or an error.
    MORE_FIELDS = ("purpose", "route", "expected_participants", "channel")

    def more_details_open(self) -> bool:
        if any(name in self.errors for name in self.MORE_FIELDS):
            return True
        if self.is_bound:
            return any(self.data.get(self.add_prefix(name)) for name in self.MORE_FIELDS)
        return any(self[name].value() not in (None, "") for name in self.MORE_FIELDS)

    def offers_co_organizers(self) -> bool:
        """Co-organizers are groups the user also belongs to: worth showing only with more than one."""
        if "co_organizers" in self.errors or self.initial.get("co_organizers"):
            return True
        return self.fields["co_organizers"].queryset.count() > 1


class ApplicantForm(forms.Form):
    name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Full name"), "autocomplete": "off"}),
    )


class BaseApplicantFormSet(FormSetErrorsMixin, forms.BaseFormSet):
    def names(self) -> list[str]:
        return [f.cleaned_data["name"] for f in self.forms if f.cleaned_data.get("name")]


def applicant_formset(data=None, *, names=()):
    """Existing names plus two empty rows (three when there are none) so rows can be added without JavaScript."""
    initial = [{"name": name} for name in names]
    formset_class = forms.formset_factory(
        ApplicantForm,
        formset=BaseApplicantFormSet,
        extra=2 if initial else 3,
        max_num=50,
        validate_max=True,
        absolute_max=60,
    )
    # A bound formset gets no initial: a row whose name equals its initial would count as
    # "unchanged" and be dropped from cleaned_data. Every non-empty row posted is a name.
    return formset_class(data, initial=None if data is not None else initial or None, prefix="applicants")


# --- filtering the list ------------------------------------------------------------------------


class ApplicationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Any status")), *Status.choices])
    organization = forms.ModelChoiceField(
        label=_("Group"), required=False, queryset=Organization.objects.none(), empty_label=_("Any group")
    )
    event_type = forms.ChoiceField(
        label=_("Event type"), required=False, choices=[("", _("Any type")), *EventType.choices]
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = access.organizations_of(user)
        self.fields["q"].widget.attrs.update({"type": "search", "placeholder": _("Title, place, applicant, number")})

    def filter(self, applications):
        """Apply the filters that are valid; an invalid one is reported on the form and ignored."""
        self.is_valid()
        data = self.cleaned_data
        applications = applications.search(data.get("q", ""))
        if data.get("status"):
            applications = applications.filter(status=data["status"])
        if data.get("event_type"):
            applications = applications.filter(event_type=data["event_type"])
        if data.get("organization"):
            organization = data["organization"]
            co_organized = organization.co_organizer_links.values("application_id")
            applications = applications.filter(Q(organization=organization) | Q(pk__in=co_organized))
        return applications


# --- lifecycle ---------------------------------------------------------------------------------


class FileForm(forms.Form):
    filed_on = forms.DateField(
        label=_("Filed on"),
        widget=DateInput(),
        help_text=_("The day the authority registered the filing: its clock starts the next day."),
    )
    reference_number = forms.CharField(
        label=pgettext_lazy("application", "Reference number"),  # the incoming number of the filing
        max_length=100,
        required=False,
        help_text=_("The incoming number the authority gave it."),
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=[("", "—"), *Channel.choices], required=False)


class StatusChangeForm(forms.Form):
    """The date and an optional note of a withdrawal, a held assembly or a cancellation."""

    on = forms.DateField(label=_("Date"), widget=DateInput())
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = [
            "outcome",
            "decided_on",
            "received_on",
            "reference_number",
            "conditions",
            "alternative_offered",
        ]
        widgets = {
            "outcome": forms.RadioSelect,
            "decided_on": DateInput(),
            "received_on": DateInput(),
            "conditions": forms.Textarea(attrs={"rows": 3}),
            "alternative_offered": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = Decision.Outcome.choices  # radio buttons: no "---------" choice

    def _post_clean(self):
        # The verb validates the decision as a whole (Decision.full_clean and the grounds rule);
        # running the model validation here too would report the same error twice.
        pass


class GroundForm(forms.Form):
    reason = forms.ModelChoiceField(
        label=pgettext_lazy("refusal ground", "Reason"), queryset=RefusalReason.objects.all(), required=False
    )
    quote = forms.CharField(
        label=_("The authority's words"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Copy them exactly as written in the decision."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if not data.get("reason") and (data.get("quote") or data.get("note")):
            self.add_error("reason", _("Choose the category this ground falls under."))
        return data


class BaseGroundFormSet(FormSetErrorsMixin, forms.BaseFormSet):
    def grounds(self) -> list[dict]:
        return [
            {"reason": f.cleaned_data["reason"], "quote": f.cleaned_data["quote"], "note": f.cleaned_data["note"]}
            for f in self.forms
            if f.cleaned_data.get("reason")
        ]


GroundFormSet = forms.formset_factory(
    GroundForm, formset=BaseGroundFormSet, extra=2, max_num=20, validate_max=True, absolute_max=30
)


def ground_formset(data=None):
    return GroundFormSet(data, prefix="grounds")


# --- timeline and documents --------------------------------------------------------------------


class TimelineEntryForm(forms.ModelForm):
    class Meta:
        model = TimelineEntry
        fields = ["happened_on", "kind", "summary", "details"]
        widgets = {"happened_on": DateInput(), "details": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        manual = set(TimelineEntry.MANUAL_KINDS)
        self.fields["kind"].choices = [(k, label) for k, label in TimelineEntry.Kind.choices if k in manual]
        self.fields["kind"].initial = TimelineEntry.Kind.NOTE


class DocumentForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = ["file", "kind", "title"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("PDF, PNG, JPEG, DOCX or ODT, at most 20 MB.")
        self.fields["file"].widget.attrs["accept"] = ".pdf,.png,.jpg,.jpeg,.docx,.odt"
        self.fields["title"].required = False
        self.fields["title"].help_text = _("Leave empty to use the file's name.")

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        self.instance.content_type = validate_document(uploaded)
        self.instance.size = uploaded.size
        self.instance.original_name = uploaded.name[:255]
        return uploaded

    def clean(self):
        data = super().clean()
        if not data.get("title") and data.get("file"):
            data["title"] = data["file"].name[:200]
            self.instance.title = data["title"]
        return data


# --- deadlines -----------------------------------------------------------------------------------


class PlainDateField(forms.DateField):
    """A date a person can mean (config.dates, as in the API): a typo like 20211 or 0021 is a clear
    error on the field, never an overflow further down when the due moment is computed."""

    widget = DateInput

    def clean(self, value):
        day = super().clean(value)
        if day is not None and not is_plausible(day):
            raise out_of_range_error()
        return day


class DeadlineOverrideForm(forms.Form):
    """A new date for a deadline and the reason. Both are checked by Deadline.override (the reason is
    required, the date not before the day it is counted from), which the API calls too; the view
    puts its errors on these fields."""

    due_on = PlainDateField(label=_("New date"), required=False)
    override_reason = forms.CharField(
        label=_("Why it changes"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept with the deadline and written on the timeline."),
    )

    def __init__(self, *args, deadline, **kwargs):
        kwargs.setdefault("prefix", f"deadline-{deadline.pk}")
        super().__init__(*args, **kwargs)
        self.deadline = deadline
        if not self.is_bound:
            self.initial.setdefault("due_on", deadline.due_on)


class CustomDeadlineForm(forms.Form):
    """A deadline a person adds (checked by PermitApplication.add_custom_deadline)."""

    prefix = "custom-deadline"

    title = forms.CharField(
        label=_("What is due"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Send the revised route")}),
    )
    due_on = PlainDateField(label=_("Due on"), required=False)
