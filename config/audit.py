"""The audit trail's writing side: who created, changed or deleted what, and when (django-auditlog).

auditlog writes one LogEntry per create, update and delete of a registered model, with the
request's user as actor (its middleware), and keeps it when the object is gone. Each app registers
its own models here from its AppConfig.ready(), without touching their classes, and each entry is
stamped with the application (or group) it belongs to in `additional_data`, so that an
application's history can list its deleted children too:

    audit.track(Appeal, application="application_id")
    audit.track(AppealDraft, application=lambda draft: draft.appeal.application_id)

`application=` names the attribute holding the application's id (or a callable taking the
instance); `organization=` the same for group-level records. Other keyword arguments go to
auditlog.register (e.g. exclude_fields=["token"] for anything that is a credential).

This half knows no app (config is the bottom layer): the verbs of every app name their actor
(`by_is_actor`) and log their conditional updates (`record_update`). Reading the trail — the
history pages, the descriptions, what privacy exports and erases — is the `audit` app, above the
domain apps.
"""

import contextlib
import functools
from collections.abc import Callable
from dataclasses import dataclass

from auditlog.context import auditlog_value, set_actor
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from auditlog.signals import post_log
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models.signals import post_save

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


def scoped_models(key: str) -> list[type[models.Model]]:
    """The registered models whose entries are stamped with `key` ("application", "organization",
    "user", "appeal")."""
    return [model for model, scopes in _scopes.items() if any(scope.key == key for scope in scopes)]


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


def connect():
    """Stamp entries with their scopes; called once from config.apps.ConfigConfig.ready()."""
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
