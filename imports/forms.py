from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from imports.reading import read_upload


class HistoryFileForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (CSV or XLSX)"),
        help_text=_("One row per application, under a first row naming the columns as the template does."),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        try:
            self.rows = read_upload(uploaded)
        except ValidationError as refusal:  # a file-level refusal is this field's error
            raise ValidationError(refusal.message_dict["file"]) from None
        uploaded.seek(0)
        return uploaded
