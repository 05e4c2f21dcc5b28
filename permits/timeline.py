"""What the system writes on an application's timeline, kept so that each reader sees it in their
own language (issue 8).

A lifecycle verb (filing, a decision, an appeal's steps, a deadline's new date) describes what
happened with a `TimelineMessage`: the sentence's untranslated msgid, and its parameters as JSON.
The entry stores both (`TimelineEntry.message`, `.params`) and renders them when it is read, with
gettext in the reader's active language. Parameters that are themselves translatable are stored by
reference and resolved at that moment too:

- ``{"date": "2021-11-26"}``: a day, written out in the reader's language ("26 Nov 2021");
- ``{"choice": "appeals.appeal.venue", "value": "court"}``: a code of a model field's choices, shown
  as its label ("Court", "Сот");
- ``{"object": "permits.authority", "pk": 3, "field": "name", "text": "Akimat of Almaty city"}``: a
  row's translated field (django-modeltranslation), or `text` (as recorded) once the row is gone;
- ``{"fields": [["appeals.appeal.filed_on", <parameter>], ...]}``: "filed on: 26 Nov 2021, …", each
  field's verbose name and value in the reader's language;
- anything else (a title, a place, a case number: what people typed) is shown as it is.

What people type themselves (a meeting, a call, a note) has no message: it is shown as typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.utils import translation
from django.utils.functional import Promise

from config.formats import compact_date

ObjectLookup = Callable[[str, Any], Any]


def untranslated(message: str | Promise) -> str:
    """The msgid of a lazy translation (`gettext_lazy("Filed with %(authority)s")`), or the text
    itself. With every translation deactivated gettext answers with the msgid."""
    with translation.override(None):
        return str(message)


# --- parameters -------------------------------------------------------------------------------------


def date_param(day: dt.date) -> dict:
    return {"date": day.isoformat()}


def choice_param(model: type[models.Model], field_name: str, code: str) -> dict:
    """A code of `model.field_name`'s choices (a venue, an outcome, a deadline's kind)."""
    return {"choice": f"{model._meta.label_lower}.{field_name}", "value": code}


def object_param(instance: models.Model, field_name: str = "name") -> dict:
    """A row's translated field, e.g. an authority's name. The text in the site's language is kept
    for when the row is deleted."""
    with translation.override(settings.LANGUAGE_CODE):
        text = str(getattr(instance, field_name))
    return {"object": instance._meta.label_lower, "pk": instance.pk, "field": field_name, "text": text}


def changes_param(model: type[models.Model], changes: Mapping[str, Any]) -> dict:
    """Fields of `model` and their new values, e.g. what a correction changed."""
    return {
        "fields": [
            [f"{model._meta.label_lower}.{name}", _value_param(model._meta.get_field(name), value)]
            for name, value in changes.items()
        ]
    }


def corrections_param(model: type[models.Model], changes: Mapping[str, tuple]) -> dict:
    """Fields of `model` with their old and new values, e.g. what a correction changed: shown as
    "received on: 27 Nov 2021 → 28 Nov 2021"."""
    return {
        "fields": [
            [
                f"{model._meta.label_lower}.{name}",
                _value_param(model._meta.get_field(name), old),
                _value_param(model._meta.get_field(name), new),
            ]
            for name, (old, new) in changes.items()
        ]
    }


def _value_param(model_field, value):
    if value is None:
        return ""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return date_param(value)
    if getattr(model_field, "choices", None):
        return {"choice": f"{model_field.model._meta.label_lower}.{model_field.name}", "value": value}
    return value if isinstance(value, int | float) else str(value)


def _model_field(path: str):
    app_label, model_name, field_name = path.split(".")
    return apps.get_model(app_label, model_name)._meta.get_field(field_name)


def render_param(value, lookup: ObjectLookup | None = None) -> str:
    """One stored parameter, in the active language."""
    if not isinstance(value, dict):
        return value
    if "date" in value:
        return compact_date(dt.date.fromisoformat(value["date"]))
    if "choice" in value:
        labels = dict(_model_field(value["choice"]).flatchoices)
        label = labels.get(value["value"])
        return str(label) if label is not None else str(value["value"])
    if "object" in value:
        instance = (lookup or find_object)(value["object"], value["pk"])
        return str(getattr(instance, value["field"])) if instance is not None else value.get("text", "")
    if "fields" in value:
        return ", ".join(_render_field(path, values, lookup) for path, *values in value["fields"])
    raise ValueError(f"unknown timeline parameter {value!r}")


def _render_field(path: str, values: list, lookup) -> str:
    label = _model_field(path).verbose_name
    if len(values) == 1:  # [path, new] from changes_param
        return f"{label}: {render_param(values[0], lookup)}"
    old, new = (render_param(item, lookup) or "—" for item in values)  # [path, old, new]: corrections_param
    return f"{label}: {old} → {new}"


def find_object(label: str, pk):
    app_label, model_name = label.split(".")
    return apps.get_model(app_label, model_name)._default_manager.filter(pk=pk).first()


# --- messages ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineMessage:
    """A sentence the system writes on a timeline: pass the lazy translation, e.g.
    ``TimelineMessage(_("Filed with %(authority)s"), authority=object_param(authority))``."""

    message: str
    params: dict = field(default_factory=dict)

    def __init__(self, message: str | Promise, /, **params):
        object.__setattr__(self, "message", untranslated(message))
        object.__setattr__(self, "params", params)

    @classmethod
    def stored(cls, message: str, params: Mapping | None) -> TimelineMessage:
        return cls(message, **dict(params or {}))

    def render(self, lookup: ObjectLookup | None = None) -> str | None:
        """The sentence in the active language; None when the stored parameters no longer fit."""
        try:
            values = {name: render_param(value, lookup) for name, value in self.params.items()}
        except (FieldDoesNotExist, LookupError, ObjectDoesNotExist, TypeError, ValueError):
            return None
        # A catalogue entry whose placeholders do not match falls back to the msgid, not to an error.
        for text in (translation.gettext(self.message), self.message):
            try:
                return text % values
            except (KeyError, TypeError, ValueError):
                continue
        return None

    def recorded(self) -> str:
        """The sentence as the entry's `summary` keeps it: in the site's language, whoever wrote it
        and in whatever language, so that the record (admin search, exports of old rows) does not
        depend on the writer."""
        with translation.override(settings.LANGUAGE_CODE):
            return self.render() or self.message

    def __str__(self) -> str:
        return self.render() or self.message
