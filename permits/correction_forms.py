"""Forms of the correction pages (issue 13): re-classify or replace a document, correct a decision
(DecisionForm and the grounds formset, pre-filled), edit a timeline entry (TimelineEntryForm). They
check the input's shape only; the rules are the model verbs' (Document.replace_file and
reclassify, Decision.correct, TimelineEntry.edit), whose errors land back on these forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from permits.forms import GroundFormSet
from permits.models import Document


class DocumentCorrectionForm(forms.Form):
    # A plain form, not a ModelForm: a ModelForm would put the new file on the instance before the
    # verb runs, and the verb must know the old file to remove it from the disk.
    kind = forms.ChoiceField(label=_("Kind"), choices=Document.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(
        label=_("Replace the file"),
        required=False,
        help_text=_("Optional. The old file is removed from the server at once."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".pdf,.png,.jpg,.jpeg,.docx,.odt"


def ground_formset_for(decision, data=None):
    """The grounds formset, pre-filled with the decision's grounds."""
    initial = [{"reason": g.reason, "quote": g.quote, "note": g.note} for g in decision.grounds.all()]
    return GroundFormSet(data, prefix="grounds", initial=initial)
