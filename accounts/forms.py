from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.models import User, time_zone_names, validate_api_token_lifetime


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


class ApiTokenForm(forms.Form):
    """A new API token's name and lifetime (accounts.ApiToken.issue checks the lifetime again)."""

    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("Where the token is used, so that you can tell your tokens apart."),
    )
    days = forms.IntegerField(label=_("Expires after (days)"), validators=[validate_api_token_lifetime])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read per form, not at import: the settings may change under tests.
        self.fields["days"].initial = settings.API_TOKEN_LIFETIME_DAYS
        self.fields["days"].widget.attrs.update({"min": 1, "max": settings.API_TOKEN_MAX_LIFETIME_DAYS})
