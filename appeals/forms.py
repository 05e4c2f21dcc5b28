"""Forms of the appeal workspace. Each validates its input once; the service the view calls holds
the rules (who may, which venue, the conflict-safe save) and its errors land back on the form."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from appeals.models import MAX_DRAFT_CHARS, Argument, Venue
from appeals.search import MAX_QUERY_CHARS, MIN_QUERY_CHARS
from config.text import strip_control_characters


class OpenAppealForm(forms.Form):
    venue = forms.ChoiceField(label=_("Where to appeal"), choices=Venue.choices)
    language = forms.ChoiceField(
        label=_("Language of the draft"),
        choices=settings.LANGUAGES,
        help_text=_("Kazakh drafts are written in Russian until a Kazakh template exists."),
    )
    filing_due_on = forms.DateField(
        label=_("Last day to file"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Only for the prosecutor, the ombudsman or the UN committee, for which Ruqsat knows no rule."),
    )


class DraftForm(forms.Form):
    text = forms.CharField(
        label=pgettext_lazy("appeal draft", "Draft"),  # the appeal's text, not a draft application
        required=False,
        strip=False,
        max_length=MAX_DRAFT_CHARS,
        widget=forms.Textarea(attrs={"rows": 24, "class": "font-monospace", "spellcheck": "true"}),
    )
    # The version the text was loaded at: the save succeeds only if it is still the current one.
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class VolunteerForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("A legal volunteer of one of the groups on this application. Invite anyone else by email."),
    )


class RestoreForm(forms.Form):
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class InsertForm(DraftForm):
    """The editor's text and version, and what to append to it: one argument of the library, or the
    authority's record. Sent by the Insert buttons (part of the editor's form) when JavaScript is off,
    so what the person typed is kept and the save stays conflict-safe."""

    argument = forms.ModelChoiceField(
        label=_("Argument"),
        queryset=Argument.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("That argument is not in the library for this draft's language.")},
    )
    evidence = forms.BooleanField(label=_("The authority's record"), required=False)

    def __init__(self, *args, appeal, **kwargs):
        super().__init__(*args, **kwargs)
        # The shared library and the lead group's own arguments, never another group's.
        self.fields["argument"].queryset = Argument.objects.for_appeal(appeal).prefetch_related("citations")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("argument") and not cleaned.get("evidence") and "argument" not in self.errors:
            raise forms.ValidationError(_("Choose an argument or the authority's record to insert."))
        return cleaned


class InvitationForm(forms.Form):
    """An address to invite. Only its shape here: appeal_invite_volunteer checks the address (and
    that its owner is not already assigned), so the page and the API say the same."""

    email = forms.CharField(
        label=_("Email address"),
        required=False,
        max_length=254,
        help_text=_("Anyone, even without a Ruqsat account: they see this case only, and join no group."),
    )

    def __init__(self, *args, **kwargs):
        # Its own ids: the volunteers section shows it beside the username form.
        kwargs.setdefault("auto_id", "id_invitation_%s")
        super().__init__(*args, **kwargs)


class SearchForm(forms.Form):
    """The words to find among the authorities' quotes, the timelines and the appeal drafts (appeals/search.py)."""

    q = forms.CharField(
        label=_("Search the authorities' words, timelines and drafts"),
        error_messages={"required": _("Type the words to search for.")},
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )

    def clean_q(self):
        # The limits are checked here rather than by the field's max_length, whose message counts
        # the characters typed: a 10,000-character paste is told what to do instead.
        text = " ".join(strip_control_characters(self.cleaned_data["q"]).split())
        if len(text) < MIN_QUERY_CHARS:
            raise forms.ValidationError(_("Type at least two letters: one matches nearly everything."), code="short")
        if len(text) > MAX_QUERY_CHARS:
            raise forms.ValidationError(
                _("Type at most 200 characters: a few distinctive words of the quote find it best."), code="long"
            )
        return text
