from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.models import Invitation, Membership, Organization
from organizations.two_factor import has_two_factor


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["name", "kind", "city"]


class AddMemberForm(forms.Form):
    """Invite someone who has a Ruqsat account by username. Never tells whether the account
    exists (Organization.invite): only a name already on the group's member list is refused."""

    username = forms.CharField(label=_("Username"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER)

    def __init__(self, *args, organization, invited_by, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.invited_by = invited_by

    def clean_username(self):
        username = self.cleaned_data["username"].strip().lstrip("@")
        if not username:
            raise forms.ValidationError(_("Type the person's username."), code="required")
        if self.organization.memberships.filter(user__username__iexact=username).exists():
            raise forms.ValidationError(
                _("%(username)s is already a member of this group."), params={"username": username}
            )
        return username

    def save(self) -> Invitation:
        return self.organization.invite(
            by=self.invited_by, username=self.cleaned_data["username"], role=self.cleaned_data["role"]
        )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class InvitationForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["email", "role"]
        labels = {"email": _("Email (optional)")}

    def __init__(self, *args, organization, invited_by, **kwargs):
        # Its own ids: the group page shows it beside AddMemberForm, whose Role field is id_role too
        # (two elements with one id: the Invite form's label would point at the other form's select).
        kwargs.setdefault("auto_id", "id_invitation_%s")
        super().__init__(*args, **kwargs)
        self.instance.organization = organization
        self.instance.invited_by = invited_by

    def save(self, commit=True) -> Invitation:
        # An address goes through Organization.invite, the one rule for inviting a person (a
        # previous pending invitation to it is replaced); without one it is a link to share.
        if self.cleaned_data.get("email"):
            return self.instance.organization.invite(
                by=self.instance.invited_by, role=self.cleaned_data["role"], email=self.cleaned_data["email"]
            )
        return super().save(commit=commit)


class TwoFactorPolicyForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["require_two_factor"]

    def __init__(self, *args, coordinator, **kwargs):
        super().__init__(*args, **kwargs)
        self.coordinator = coordinator

    def clean_require_two_factor(self):

        required = self.cleaned_data["require_two_factor"]
        if required and not has_two_factor(self.coordinator):
            raise forms.ValidationError(
                _("Set up two-factor authentication for yourself first (on your profile page), then require it."),
                code="coordinator_without_two_factor",
            )
        return required


class DeleteGroupForm(forms.Form):
    name = forms.CharField(label=_("Type the group's name to confirm"), max_length=200)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if name != self.organization.name:
            raise forms.ValidationError(
                _("That is not the group's name. Type “%(name)s” exactly."), params={"name": self.organization.name}
            )
        return name
