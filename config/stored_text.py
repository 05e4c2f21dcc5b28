"""Every free text Ruqsat stores passes config.text's rule, in one place for every model.

A `pre_save` receiver for all models rather than a field class in each app: it covers the page,
the API, the admin and the shell alike, every app's text fields (those added later too, and the
per-language columns django-modeltranslation adds) without a second list of fields to keep in
step, and needs no migration. One-line fields (CharField) lose their line breaks as well: group
names and titles reach email subjects and calendar summaries. Writes that send no signal —
`QuerySet.update()` and `bulk_create()` — clean their text themselves (appeals.drafts.draft_save)
or are covered by the output side (config.text's callers in the exports).
"""

from django.db import models
from django.db.models.signals import pre_save

from config.text import single_line, strip_control_characters


def clean_stored_text(sender, instance, **kwargs):
    for field in sender._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField):
            continue
        # The raw value, not getattr(): django-modeltranslation's descriptor on a translated field
        # answers with (and would write to) the active language's column. A deferred field that was
        # never loaded is not in __dict__ and is not saved either.
        value = instance.__dict__.get(field.attname)
        if not isinstance(value, str):
            continue
        clean = strip_control_characters(value) if isinstance(field, models.TextField) else single_line(value)
        if clean != value:
            instance.__dict__[field.attname] = clean


def connect():
    pre_save.connect(clean_stored_text, dispatch_uid="ruqsat-clean-stored-text")
