from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from organizations.models import Invitation, Membership, Organization


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["name", "kind", "city"]


class AddMemberForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username__iexact=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError(
                _("Nobody on Ruqsat has the username “%(username)s”. Check the spelling, or send an invitation."),
                params={"username": username},
            )
        if self.organization.memberships.filter(user=user).exists():
            raise forms.ValidationError(
                _("%(username)s is already a member of this group."), params={"username": user.username}
            )
        self.user = user
        return user.username

    def save(self) -> Membership:
        return self.organization.add_member(user=self.user, role=self.cleaned_data["role"])


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


class TwoFactorPolicyForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["require_two_factor"]

    def __init__(self, *args, coordinator, **kwargs):
        super().__init__(*args, **kwargs)
        self.coordinator = coordinator

    def clean_require_two_factor(self):
        from accounts.two_factor import has_two_factor

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
