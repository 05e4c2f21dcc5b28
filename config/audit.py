"""The audit trail: who created, changed or deleted what, and when (django-auditlog).

auditlog writes one LogEntry per create, update and delete of a registered model, with the
request's user as actor (its middleware), and keeps it when the object is gone. This module
registers Ruqsat's models without touching their classes, and stamps each entry with the
application (or group) it belongs to in `additional_data`, so that an application's history can
list its deleted children too.

Registering another model is one line in its app's AppConfig.ready() or in `register_models()`:

    audit.track(Appeal, application="application_id")
    audit.track(AppealDraft, application=lambda draft: draft.appeal.application_id)

`application=` names the attribute holding the application's id (or a callable taking the
instance); `organization=` the same for group-level records. Other keyword arguments go to
auditlog.register (e.g. exclude_fields=["token"] for anything that is a credential).
"""

import contextlib
import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass

from auditlog.context import auditlog_value, set_actor
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from auditlog.signals import post_log
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.db.models import Q
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

Resolver = str | Callable[[models.Model], object]


@dataclass(frozen=True)
class Scope:
    key: str  # "application" or "organization"
    resolve: Resolver


_scopes: dict[type[models.Model], list[Scope]] = {}


def track(
    model,
    *,
    application: Resolver | None = None,
    organization: Resolver | None = None,
    user: Resolver | None = None,
    appeal: Resolver | None = None,
    **options,
):
    """Put `model` in the audit trail, scoped to an application, a group and/or the person a
    record is about (a membership: privacy.user_delete anonymizes those entries), and to the
    appeal it belongs to, if any (a volunteer reads the history of their own appeal only)."""
    given = {"application": application, "organization": organization, "user": user, "appeal": appeal}
    _scopes[model] = [Scope(key, resolver) for key, resolver in given.items() if resolver is not None]
    # updated_at changes with every save and says nothing the entry's timestamp doesn't.
    exclude = [*options.pop("exclude_fields", []), "updated_at"]
    if not auditlog.contains(model):
        auditlog.register(model, exclude_fields=exclude, **options)


def _resolve(instance, resolver: Resolver):
    if callable(resolver):
        return resolver(instance)
    value = instance
    for part in resolver.split("."):
        value = getattr(value, part)
    return value


def _ground_application_id(ground):
    """A refusal ground's application: through its decision, or, when the decision is being
    deleted with it, through the decision's own audit entry."""
    try:
        return ground.decision.application_id
    except ObjectDoesNotExist:
        from permits.models import Decision

        entry = (
            LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(Decision), object_pk=str(ground.decision_id)
            )
            .exclude(additional_data=None)
            .first()
        )
        return (entry.additional_data or {}).get("application") if entry else None


def _stamp_scope(sender, instance, log_entry=None, **kwargs):
    scopes = _scopes.get(sender)
    if not scopes or log_entry is None:
        return
    data = dict(log_entry.additional_data or {})
    for scope in scopes:
        try:
            data[scope.key] = _resolve(instance, scope.resolve)
        except ObjectDoesNotExist:
            data[scope.key] = None
    LogEntry.objects.filter(pk=log_entry.pk).update(additional_data=data)
    log_entry.additional_data = data


def _stamp_m2m_scope(sender, instance, created=False, raw=False, **kwargs):
    """auditlog writes many-to-many changes (co-organizers added or removed) without sending
    post_log: stamp those from the object they changed, which still exists."""
    if not created or raw or instance.additional_data is not None:
        return
    if not any(isinstance(v, dict) and v.get("type") == "m2m" for v in (instance.changes_dict or {}).values()):
        return
    model = instance.content_type.model_class()
    if model not in _scopes:
        return
    obj = model._base_manager.filter(pk=instance.object_pk).first()
    if obj is not None:
        _stamp_scope(model, obj, log_entry=instance)


def register_models():
    """Called once from config.apps.ConfigConfig.ready()."""
    from organizations.models import Invitation, Membership, Organization
    from permits.models import (
        Applicant,
        Authority,
        CalendarOverride,
        CoOrganizer,
        Deadline,
        DeadlineRule,
        Decision,
        Document,
        Jurisdiction,
        PermitApplication,
        RefusalGround,
        RefusalReason,
        TimelineEntry,
    )

    track(PermitApplication, application="pk", organization="organization_id", m2m_fields={"co_organizers"})
    track(Applicant, application="application_id")
    track(CoOrganizer, application="application_id")
    track(TimelineEntry, application="application_id")
    track(Decision, application="application_id")
    track(RefusalGround, application=_ground_application_id)
    # Metadata only: the stored file's path says nothing, and the content is never logged.
    track(Document, application="application_id", exclude_fields=["file"])
    # computation_data is the machine form of `computation`; due_at follows from due_on.
    track(Deadline, application="application_id", appeal="appeal_id", exclude_fields=["computation_data", "due_at"])
    # Operators' rules and calendar corrections move every group's deadlines: who changed them, when.
    track(DeadlineRule)
    track(CalendarOverride)
    # The rest of the reference data site editors change (the library is tracked in appeals.apps).
    track(Jurisdiction)
    track(RefusalReason)
    track(Authority, organization="organization_id")
    track(Organization, organization="pk")
    track(Membership, organization="organization_id", user="user_id")
    # The token is the invitation link's credential: never in the trail.
    track(Invitation, organization="organization_id", exclude_fields=["token"])
    post_log.connect(_stamp_scope, dispatch_uid="config.audit.stamp_scope")
    post_save.connect(_stamp_m2m_scope, sender=LogEntry, dispatch_uid="config.audit.stamp_m2m_scope")


def record_update(instance, changes: dict[str, tuple]):
    """Log a change made with a conditional UPDATE (which sends no signals), e.g. a deadline
    marked done by whoever claimed it first. `changes` maps field names to (old, new)."""
    if not auditlog.contains(type(instance)):
        return None
    entry = LogEntry.objects.log_create(
        instance,
        action=LogEntry.Action.UPDATE,
        changes={name: [str(old), str(new)] for name, (old, new) in changes.items()},
    )
    _stamp_scope(type(instance), instance, log_entry=entry)
    return entry


@contextlib.contextmanager
def acting(user):
    """Name `user` as the actor of the changes made in the block, whichever door they came through
    (a page, the API with a token or a forced log-in, the admin, a command): a verb that takes `by`
    wraps its writes in it. The request's own audit context (auditlog's middleware) is put back
    afterwards, since auditlog's set_actor replaces it without restoring it."""
    if user is None or not getattr(user, "is_authenticated", False):
        yield
        return
    previous = auditlog_value.get(None)
    try:
        with set_actor(user):
            yield
    finally:
        if previous is not None:
            auditlog_value.set(previous)


def by_is_actor(method):
    """Decorate a model verb so that its `by=` keyword is the audit trail's actor (see acting)."""

    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        with acting(kwargs.get("by")):
            return method(*args, **kwargs)

    return wrapper


# --- Reading the trail ---------------------------------------------------------------------------


def application_history(application_id: int, *, hidden_appeal_ids=(), hidden_timeline_ids=()):
    """Every entry about the application and its children, deleted ones included, newest first;
    without those about the appeals in `hidden_appeal_ids` and the timeline entries in
    `hidden_timeline_ids` (those the reader does not see)."""
    content_types = ContentType.objects.get_for_models(*[m for m, s in _scopes.items() if _has(s, "application")])
    entries = LogEntry.objects.filter(
        content_type__in=content_types.values(), additional_data__application=application_id
    )
    hidden = list(hidden_appeal_ids)
    if hidden:
        by_appeal = ContentType.objects.get_for_models(*[m for m, s in _scopes.items() if _has(s, "appeal")])
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
    content_types = ContentType.objects.get_for_models(*[m for m, s in _scopes.items() if _has(s, "organization")])
    return LogEntry.objects.filter(
        content_type__in=content_types.values(), additional_data__organization=organization_id
    )


def _has(scopes, key) -> bool:
    return any(scope.key == key for scope in scopes)


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
