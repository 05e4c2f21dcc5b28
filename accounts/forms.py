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
