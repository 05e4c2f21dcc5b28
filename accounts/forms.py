from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User, time_zone_names


class ProfileForm(forms.ModelForm):
    """Name and preferences. The email address is managed by allauth's email page, so that its
    EmailAddress rows (verification, primary address, log-in by email) stay the source of truth."""

    class Meta:
        model = User
        fields = ["first_name", "last_name", "language", "time_zone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language = self.fields["language"]
        language.choices = [("", _("The browser's language")), *list(language.choices)[1:]]
        # A picker rather than free text; the model's validator still refuses anything else posted.
        self.fields["time_zone"].widget = forms.Select(choices=[(name, name) for name in time_zone_names()])


class DeleteAccountForm(forms.Form):
    """Deleting the account asks for the password again: a session left open on a shared
    computer must not be enough."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account is deleted for good and cannot be restored."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."), code="wrong_password")
        return password
