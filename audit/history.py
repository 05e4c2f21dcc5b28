"""Reading the audit trail: an application's history, a group's entries, and each entry in words a
person reads (field and choice labels, names of related rows, "former member")."""

import datetime as dt
from dataclasses import dataclass

from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from config.audit import scoped_models


def application_history(application_id: int, *, hidden_appeal_ids=(), hidden_timeline_ids=()):
    """Every entry about the application and its children, deleted ones included, newest first;
    without those about the appeals in `hidden_appeal_ids` and the timeline entries in
    `hidden_timeline_ids` (those the reader does not see)."""
    content_types = ContentType.objects.get_for_models(*scoped_models("application"))
    entries = LogEntry.objects.filter(
        content_type__in=content_types.values(), additional_data__application=application_id
    )
    hidden = list(hidden_appeal_ids)
    if hidden:
        by_appeal = ContentType.objects.get_for_models(*scoped_models("appeal"))
        # Spelled out, not .exclude(): a missing key is SQL NULL, and NOT (NULL IN …) drops the row.
        # Entries of these kinds written before they were stamped with their appeal (no key) cannot
        # be told apart: a reader who may not see every appeal of the application gets none of them.
        entries = entries.filter(
            ~Q(content_type__in=by_appeal.values())
            | Q(additional_data__appeal=None)  # a deadline of no particular appeal
            | (Q(additional_data__has_key="appeal") & ~Q(additional_data__appeal__in=hidden))
        )
    hidden_entries = [str(pk) for pk in hidden_timeline_ids]
    if hidden_entries:
        timeline = ContentType.objects.get_for_model(apps.get_model("permits", "TimelineEntry"))
        entries = entries.exclude(content_type=timeline, object_pk__in=hidden_entries)
    return entries.select_related("actor", "content_type").order_by("-timestamp", "-id")


def organization_entries(organization_id: int):
    content_types = ContentType.objects.get_for_models(*scoped_models("organization"))
    return LogEntry.objects.filter(
        content_type__in=content_types.values(), additional_data__organization=organization_id
    )


FORMER_MEMBER = _("former member")
AUTOMATIC = _("Ruqsat (automatic)")


def actor_label(entry) -> str:
    """The actor's name; "former member" once their account is deleted (privacy.user_delete
    leaves actor_email empty rather than NULL for them); automatic work has neither."""
    if entry.actor is not None:
        return entry.actor.display_name
    if entry.actor_email == "":
        return str(FORMER_MEMBER)
    return str(AUTOMATIC)


ACTION_LABELS = {
    LogEntry.Action.CREATE: _("created"),
    LogEntry.Action.UPDATE: _("changed"),
    LogEntry.Action.DELETE: _("deleted"),
}


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryLine:
    entry: LogEntry
    actor: str
    action: str
    kind: str
    changes: list[FieldChange]


def describe(entries) -> list[HistoryLine]:
    """Entries as lines a person reads: field labels, choice labels, names for related rows
    (fetched once per related model), "former member" for a deleted account."""
    entries = list(entries)
    wanted: dict[type[models.Model], set[str]] = {}
    for entry in entries:
        model = entry.content_type.model_class()
        for name, values in (entry.changes_dict or {}).items():
            field = _field(model, name)
            if field is not None and field.many_to_one and isinstance(values, list):
                wanted.setdefault(field.related_model, set()).update(str(v) for v in values if v not in (None, "None"))
    names = {
        related: {str(obj.pk): str(obj) for obj in related._base_manager.filter(pk__in=_ints(pks))}
        for related, pks in wanted.items()
    }
    return [
        HistoryLine(
            entry=entry,
            actor=actor_label(entry),
            action=str(ACTION_LABELS.get(entry.action, "")),
            kind=_kind(entry),
            changes=_changes(entry, names),
        )
        for entry in entries
    ]


def _ints(values) -> list[int]:
    return [int(v) for v in values if str(v).isdigit()]


def _kind(entry) -> str:
    model = entry.content_type.model_class()
    return str(model._meta.verbose_name) if model else entry.content_type.model


def _field(model, name):
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    # A reverse relation shares its name space with fields but has no label of its own.
    return field if hasattr(field, "verbose_name") else None


def _shown(field) -> bool:
    """Fields a person reads in a history: not the id, not bookkeeping timestamps (the entry has its
    own), not reverse relations auditlog lists on creation, not the ordering position."""
    if field is None or field.primary_key or field.name in HIDDEN_FIELDS:
        return False
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return False
    return field.concrete or field.many_to_many


HIDDEN_FIELDS = {"position", "application"}  # the history is the application's own page


def _changes(entry, names) -> list[FieldChange]:
    model = entry.content_type.model_class()
    lines = []
    for name, values in (entry.changes_dict or {}).items():
        field = _field(model, name)
        if not _shown(field):
            continue
        label = str(field.verbose_name)
        if isinstance(values, dict):  # many-to-many: {"type": "m2m", "operation": "add", "objects": [...]}
            objects = ", ".join(values.get("objects", []))
            added = values.get("operation") == "add"
            lines.append(FieldChange(label, "" if added else objects, objects if added else ""))
            continue
        old, new = [*values, "", ""][:2]
        change = FieldChange(label, _value(field, old, names), _value(field, new, names))
        if entry.action == LogEntry.Action.CREATE and not change.new:
            continue  # a new record's empty fields say nothing
        lines.append(change)
    return lines


def _value(field, value, names) -> str:
    value = "" if value in (None, "None") else str(value)
    if not value or field is None:
        return value
    if field.many_to_one:
        found = names.get(field.related_model, {}).get(value)
        if found is not None:
            return found
        if field.related_model is get_user_model():
            return str(FORMER_MEMBER)
        return str(_("deleted (#%(id)s)") % {"id": value})
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.get_internal_type() == "DateTimeField":
        moment = parse_datetime(value)
        if moment is not None:
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment, dt.UTC)
            return date_format(timezone.localtime(moment), "DATETIME_FORMAT")
    if field.get_internal_type() == "DateField":
        day = parse_date(value)
        if day is not None:
            return date_format(day, "DATE_FORMAT")
    return value
