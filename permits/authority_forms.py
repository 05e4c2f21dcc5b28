"""Forms for the authorities groups add ("My authority is missing", on the application form) and
for the site editors' review of them (the queue page)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from config.text import single_line
from organizations import access
from permits.models import Authority, Jurisdiction


class MissingAuthorityForm(forms.Form):
    """Adds an authority for the application's lead group, private to it until an editor reviews
    it. Posted with the application form it sits in (prefix "new_authority"): the lead group is
    the one chosen there, or the application's own when editing."""

    # Inside the application's <form>: a `required` here would stop the browser saving the application.
    use_required_attribute = False

    name = forms.CharField(
        label=_("Name of the authority"),
        max_length=300,
        error_messages={"required": _("Give the authority's name.")},
        help_text=_("As on its letters, e.g. Police department of Almaty."),
    )
    jurisdiction = forms.ModelChoiceField(
        label=_("Region or city"),
        queryset=Jurisdiction.objects.order_by("code"),
        error_messages={
            "invalid_choice": _("Choose a region or city from the list."),
            "required": _("Choose a region or city from the list."),
        },
        help_text=_("Its law and calendar count the deadlines."),
    )

    def __init__(self, *args, user, lead=None, **kwargs):
        kwargs.setdefault("prefix", "new_authority")
        super().__init__(*args, **kwargs)
        self.user = user
        self.lead = lead

    def clean_name(self):
        name = single_line(self.cleaned_data["name"]).strip()
        if not name:
            raise forms.ValidationError(_("Give the authority's name."), code="required")
        return name

    def clean(self):
        data = super().clean()
        lead = self.lead
        if lead is None:
            # A new application: the group chosen as lead, if the person may file for it.
            chosen = str(self.data.get("organization") or "")
            leads = access.organizations_of(self.user, access.EDITING_ROLES)
            lead = leads.filter(pk=chosen).first() if chosen.isdigit() else None
        if lead is None:
            raise forms.ValidationError(_("Choose the lead group first: the authority is added for it."))
        self.lead = lead
        name, jurisdiction = data.get("name"), data.get("jurisdiction")
        if (
            name
            and jurisdiction
            and Authority.objects.name_taken(organization_id=lead.pk, jurisdiction=jurisdiction, name=name)
        ):
            self.add_error(
                "name", _("This jurisdiction already has an authority with this name: choose it in the list.")
            )
        return data

    def save(self) -> Authority:
        return Authority.add_for_group(
            organization=self.lead,
            name=self.cleaned_data["name"],
            jurisdiction=self.cleaned_data["jurisdiction"],
            by=self.user,
        )


class AuthorityReviewForm(forms.Form):
    """A site editor's decision on a group's authority in the queue."""

    PUBLISH, MERGE, DECLINE = "publish", "merge", "decline"

    action = forms.ChoiceField(choices=[(PUBLISH, PUBLISH), (MERGE, MERGE), (DECLINE, DECLINE)])
    into = forms.ModelChoiceField(
        label=_("Merge into"),
        queryset=Authority.objects.shared().for_choice(),
        required=False,
        empty_label=_("Choose a shared authority"),
        error_messages={"invalid_choice": _("Choose a shared authority from the list.")},
    )
    note = forms.CharField(
        label=_("Note for the group"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Why it stays private to the group."),
    )

    def __init__(self, *args, authority: Authority, **kwargs):
        kwargs.setdefault("prefix", f"review-{authority.pk}")
        super().__init__(*args, **kwargs)
        self.authority = authority
        self.fields["into"].label_from_instance = lambda a: f"{a.name} ({a.jurisdiction.code})"

    def clean(self):
        data = super().clean()
        if data.get("action") == self.MERGE and not data.get("into") and "into" not in self.errors:
            self.add_error("into", _("Choose the shared authority to merge into."))
        return data

    def apply(self, *, by):
        """Call the editor's verb; its ValidationError (someone else acted first, a name clash) is
        the caller's to show."""
        action = self.cleaned_data["action"]
        if action == self.PUBLISH:
            self.authority.publish(by=by)
        elif action == self.MERGE:
            self.authority.merge_into(self.cleaned_data["into"], by=by)
        else:
            self.authority.decline(by=by, note=self.cleaned_data["note"])
