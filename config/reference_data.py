"""The shared reference data (jurisdictions, authorities, refusal reasons, deadline rules, the argument
library and draft templates) kept as YAML files under each app's `reference/` folder, and the sync that
makes the database match them (`manage.py sync_reference_data`, and a migration on a new database).

A file holds the records of one model:

    version: 3                      # the file's own version: raise it with every change
    source: LEGAL.md §2; …          # where the records come from
    model: permits.RefusalReason
    key: [code]                     # the fields that find a record's row (its natural key)
    lookups: {jurisdiction: code}   # a relation is written as the related row's field, e.g. KZ-ALA
    children: {citations: position} # a list of child rows, matched by their place in the list
    defaults: {language: ru}        # fields every record of the file has
    anchors: {…}                    # texts written once (&name) and used by records (*name); not loaded
    records:
      - code: late_filing
        name: {en: Late filing, ru: Несвоевременная подача, kk: …}   # a translated field
        source: …                   # where this one record comes from; not stored

The sync creates the rows that are missing and sets, on the rows that exist, the fields a record
names, to the file's values; a field a record does not name is left alone, so a new column needs
only a new key in the files. It never deletes: a row that is in no file (an editor's or a group's
own addition) stays, and a group's rows (`organization` set) are never matched at all. Every row is
validated (full_clean) before it is saved and the whole sync is one transaction: a bad record stops
it with an error naming the file and the record, and nothing is half-applied. A row with a
`version` (an argument: drafts record which version they cite) goes up by one when it changes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import yaml
from django.apps import apps as installed_apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.db import models, transaction
from django.utils import translation

FILE_KEYS = {"version", "source", "model", "key", "lookups", "children", "defaults", "anchors", "records"}
# A record's provenance note: read by people, stored nowhere.
RECORD_NOTE = "source"


class ReferenceDataError(Exception):
    """A file that cannot be loaded: the message names the file and the record."""


@dataclasses.dataclass
class Change:
    path: str
    record: str
    action: str  # "created" or "updated"
    fields: list[str]

    def __str__(self):
        changed = f": {', '.join(self.fields)}" if self.action == "updated" else ""
        return f"{self.path}: {self.record} {self.action}{changed}"


@dataclasses.dataclass
class SyncReport:
    changes: list[Change] = dataclasses.field(default_factory=list)
    files: list[str] = dataclasses.field(default_factory=list)
    skipped_fields: set[str] = dataclasses.field(default_factory=set)

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def reference_files(app_labels: Iterable[str] | None = None) -> list[Path]:
    """Every app's reference/*.yaml, in the order of INSTALLED_APPS (permits before appeals, so the
    refusal reasons exist before the arguments that answer them), then by name."""
    wanted = set(app_labels) if app_labels is not None else None
    paths = []
    for app_config in installed_apps.get_app_configs():
        if wanted is not None and app_config.label not in wanted:
            continue
        paths += sorted((Path(app_config.path) / "reference").glob("*.yaml"))
    return _dependencies_first(paths)


def sync_reference_data(
    *,
    apps=None,
    app_labels: Iterable[str] | None = None,
    only_fields: dict[str, set[str]] | None = None,
    create_missing: bool = False,
    check: bool = False,
    paths: Iterable[Path] | None = None,
) -> SyncReport:
    """Make the database match the reference files; return what changed (with check=True: what would
    change, leaving the database as it was).

    `apps` is a migration's historical registry; by default the current models (their clean() runs
    too). From a migration, a field the files name that the model does not have yet is skipped: the
    migration that adds it syncs it (see `sync_operation`). `only_fields` ({"permits.RefusalReason":
    {"legal_basis"}}) sets only those fields of rows that exist, and creates no row unless
    `create_missing`. `paths` loads those files instead of the apps' own (a test's edited copies)."""
    historical = apps is not None
    registry = apps or installed_apps
    report = SyncReport()
    with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE), transaction.atomic():
        for path in _dependencies_first(list(paths)) if paths is not None else reference_files(app_labels):
            document = _read(path)
            try:
                model = registry.get_model(document["model"])
            except (LookupError, ValueError):
                if historical:
                    continue  # a model a later migration creates
                raise ReferenceDataError(f"{_relative(path)}: there is no model {document['model']}.") from None
            wanted = _only_for(only_fields, model) if only_fields is not None else None
            if wanted is not None and not wanted and not create_missing:
                continue
            _FileSync(
                path, document, model, report, historical=historical, only=wanted, create_missing=create_missing
            ).run()
            report.files.append(_relative(path))
        if check:
            transaction.set_rollback(True)
    return report


def sync_operation(
    *,
    app_labels: Iterable[str] | None = None,
    fields: dict[str, set[str]] | None = None,
    create_missing: bool = False,
):
    """The migration operation that syncs the reference files of `app_labels` with the migration's
    historical models: all of them, or (`fields`) only the named fields of rows that exist — for a
    migration that adds a column the files fill, so that a database made before it gets the values
    and an editor's other changes stay; `create_missing` also creates the rows that are missing."""
    from django.db import migrations

    labels = list(app_labels) if app_labels is not None else None

    def forwards(apps, schema_editor):
        sync_reference_data(apps=apps, app_labels=labels, only_fields=fields, create_missing=create_missing)

    return migrations.RunPython(forwards, migrations.RunPython.noop)


# --- reading -------------------------------------------------------------------------------------------


def _relative(path: Path) -> str:
    try:
        return str(path.relative_to(settings.BASE_DIR))
    except ValueError:
        return str(path)


def _read(path: Path) -> dict:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ReferenceDataError(f"{_relative(path)}: not valid YAML: {error}") from None
    if not isinstance(document, dict):
        raise ReferenceDataError(f"{_relative(path)}: expected a mapping with `model`, `key` and `records`.")
    unknown = sorted(set(document) - FILE_KEYS)
    missing = sorted({"version", "source", "model", "key", "records"} - set(document))
    if unknown or missing:
        raise ReferenceDataError(
            f"{_relative(path)}: "
            + "; ".join(
                part
                for part in (
                    f"unknown top-level keys {', '.join(unknown)}" if unknown else "",
                    f"missing {', '.join(missing)}" if missing else "",
                )
                if part
            )
        )
    if not isinstance(document["version"], int) or not isinstance(document["records"], list):
        raise ReferenceDataError(f"{_relative(path)}: `version` must be a whole number and `records` a list.")
    return document


def _dependencies_first(paths: list[Path]) -> list[Path]:
    """A file whose lookups name another file's model comes after it (authorities after
    jurisdictions), whatever their names."""
    models_of = {path: _read(path)["model"].lower() for path in paths}
    needs = {path: set() for path in paths}
    for path in paths:
        document = _read(path)
        try:
            model = installed_apps.get_model(document["model"])
        except (LookupError, ValueError):
            continue  # reported when the file is loaded
        for field_name in document.get("lookups") or {}:
            try:
                related = model._meta.get_field(field_name).related_model
            except FieldDoesNotExist:
                continue
            if related is not None:
                needs[path].add(related._meta.label_lower)
    ordered, placed = [], set()
    while len(ordered) < len(paths):
        ready = [
            p
            for p in paths
            if p not in placed
            and all(
                dep in {models_of[q] for q in placed} or dep not in models_of.values() or dep == models_of[p]
                for dep in needs[p]
            )
        ]
        if not ready:  # a cycle: keep the given order
            ready = [p for p in paths if p not in placed][:1]
        ordered.append(ready[0])
        placed.add(ready[0])
    return ordered


def _only_for(only_fields: dict[str, set[str]], model) -> set[str]:
    return next((set(names) for label, names in only_fields.items() if label.lower() == model._meta.label_lower), set())


def _languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _same(a, b) -> bool:
    # A translation column holds NULL where no text was ever given; the files say "".
    return (a if a is not None else "") == (b if b is not None else "")


# --- writing -------------------------------------------------------------------------------------------


class _FileSync:
    def __init__(self, path, document, model, report, *, historical: bool, only, create_missing: bool = False):
        self.path, self.name = path, _relative(path)
        self.document, self.model, self.report = document, model, report
        self.historical, self.only = historical, only
        # Updating some fields only (a migration adding them), rows are created only when asked.
        self.creates = only is None or create_missing
        self.key = list(document["key"])
        self.lookups = document.get("lookups") or {}
        self.children = document.get("children") or {}
        self.defaults = document.get("defaults") or {}
        self.owned = self._has_field("organization")

    def run(self):
        missing_key = [name for name in self.key if not self._has_field(name)]
        if missing_key and self.historical:
            # The key is added by a later migration, which loads this file (config/reference_data.py).
            self.report.skipped_fields.update(f"{self.model._meta.label}.{name}" for name in missing_key)
            return
        for index, raw in enumerate(self.document["records"], start=1):
            if not isinstance(raw, dict):
                raise ReferenceDataError(f"{self.name}: record {index} is not a mapping.")
            record = {**self.defaults, **raw}
            label = self._label(record, index)
            try:
                self._sync(record, label)
            except ReferenceDataError:
                raise
            except ValidationError as error:
                raise ReferenceDataError(f"{self.name}: {label}: {_messages(error)}") from None
            except (ObjectDoesNotExist, ValueError, TypeError) as error:
                raise ReferenceDataError(f"{self.name}: {label}: {error}") from None

    def _label(self, record: dict, index: int) -> str:
        parts = [f"{name}={record.get(name)}" for name in self.key]
        return f"record {index} ({', '.join(parts)})"

    def _has_field(self, name: str) -> bool:
        try:
            self.model._meta.get_field(name)
        except FieldDoesNotExist:
            return False
        return True

    def _field(self, name: str, label: str):
        try:
            return self.model._meta.get_field(name)
        except FieldDoesNotExist:
            if self.historical:
                return None  # added by a later migration, which syncs it
            raise ReferenceDataError(f"{self.name}: {label}: {self.model.__name__} has no field “{name}”.") from None

    def _resolve(self, field, value, label: str, *, missing_ok: bool = False):
        """A relation's value as written in the file (the related row's lookup field) → the row."""
        lookup = self.lookups.get(field.name)
        if lookup is None:
            raise ReferenceDataError(
                f"{self.name}: {label}: name the field that finds a {field.name} in `lookups` (e.g. code)."
            )
        related = field.related_model
        if value is None:
            return None
        try:
            return related._default_manager.get(**{lookup: value})
        except related.DoesNotExist:
            if missing_ok:
                return None
            raise ReferenceDataError(
                f"{self.name}: {label}: no {related._meta.verbose_name} with {lookup} “{value}” "
                "(list it in its file, before the records that name it)."
            ) from None

    def _find(self, record: dict, label: str):
        lookup = {}
        for name in self.key:
            if name not in record:
                raise ReferenceDataError(f"{self.name}: {label}: the key field “{name}” is missing.")
            field = self._field(name, label)
            value = record[name]
            if field.is_relation:
                # Updating fields only (a migration), a row whose relation does not exist yet is not there either.
                value = self._resolve(field, value, label, missing_ok=not self.creates)
                if value is None and record[name] is not None:
                    return None, lookup
            lookup[field.name] = _coerce(field, value)
        rows = self.model._default_manager.filter(**lookup)
        if self.owned:
            rows = rows.filter(organization__isnull=True)
        return rows.first(), lookup

    def _sync(self, record: dict, label: str):
        row, lookup = self._find(record, label)
        if row is None and not self.creates:
            return
        created = row is None
        if created:
            row = self.model(**lookup)
        before: dict[str, object] = {}  # the columns the file sets, with their values before
        many, nested = {}, {}
        for name, value in record.items():
            if name in self.key or name == RECORD_NOTE:
                continue
            if self.only is not None and name not in self.only and not created:
                continue
            if name in self.children:
                nested[name] = value
                continue
            field = self._field(name, label)
            if field is None:
                self.report.skipped_fields.add(f"{self.model._meta.label}.{name}")
                continue
            if field.many_to_many:
                many[field] = value
            elif isinstance(value, dict) and not isinstance(field, models.JSONField):
                self._set_translated(row, field, value, label, before)
            elif field.is_relation:
                related = self._resolve(field, value, label)
                _assign(row, field.attname, related.pk if related is not None else None, before, created)
            else:
                _assign(row, field.attname, _coerce(field, value), before, created)
        if before or created:
            # Validated before comparing: clean() may normalize a value (event types are sorted), and
            # a file that differs from the row only that way changes nothing.
            row.full_clean()
        changed = [attname for attname, old in before.items() if created or not _same(old, getattr(row, attname))]
        if changed or created:
            row.save()
        for field, values in many.items():
            targets = [self._resolve(field, value, label) for value in values or []]
            manager = getattr(row, field.name)
            if created or {t.pk for t in targets} != set(manager.values_list("pk", flat=True)):
                manager.set(targets)
                changed.append(field.name)
        for name, items in nested.items():
            changed += self._sync_children(row, name, items, label)
        if changed and not created and self._has_field("version"):
            # Drafts record the version of each argument they were assembled from.
            type(row)._default_manager.filter(pk=row.pk).update(version=models.F("version") + 1)
        if created:
            self.report.changes.append(Change(self.name, label, "created", []))
        elif changed:
            self.report.changes.append(Change(self.name, label, "updated", sorted(set(changed))))

    def _set_translated(self, row, field, value: dict, label: str, before: dict) -> None:
        languages = _languages()
        unknown = sorted(set(value) - set(languages))
        if unknown:
            raise ReferenceDataError(
                f"{self.name}: {label}: “{field.name}” has unknown languages {', '.join(unknown)} "
                f"(expected {', '.join(languages)})."
            )
        for language, text in value.items():
            column = f"{field.name}_{language}"
            if not self._has_field(column):
                if self.historical:  # translated by a later migration, which loads the texts
                    self.report.skipped_fields.add(f"{self.model._meta.label}.{column}")
                    continue
                raise ReferenceDataError(
                    f"{self.name}: {label}: “{field.name}” is not translated (add it to the app's translation.py), "
                    "so give it as one text."
                )
            _assign(row, column, text, before, row.pk is None)
        default = value.get(settings.MODELTRANSLATION_DEFAULT_LANGUAGE)
        # A historical model has no modeltranslation descriptor: its original column is a plain one
        # and, as modeltranslation keeps it, holds the default language's text.
        if self.historical and default is not None:
            _assign(row, field.attname, default, before, row.pk is None)

    def _sync_children(self, row, name: str, items, label: str) -> list[str]:
        relation = self.model._meta.get_field(name)
        child_model, parent_field = relation.related_model, relation.field.name
        position_field = self.children[name]
        changed = []
        for index, item in enumerate(items or []):
            if not isinstance(item, dict):
                raise ReferenceDataError(f"{self.name}: {label}: {name} item {index + 1} is not a mapping.")
            child = child_model._default_manager.filter(**{parent_field: row, position_field: index}).first()
            created = child is None
            if created:
                child = child_model(**{parent_field: row, position_field: index})
            fields = []
            for field_name, value in item.items():
                try:
                    field = child_model._meta.get_field(field_name)
                except FieldDoesNotExist:
                    if self.historical:
                        continue
                    raise ReferenceDataError(
                        f"{self.name}: {label}: {name} item {index + 1}: no field “{field_name}”."
                    ) from None
                value = _coerce(field, value)
                if created or not _same(getattr(child, field.attname), value):
                    setattr(child, field.attname, value)
                    fields.append(field_name)
            if created or fields:
                try:
                    child.full_clean()
                except ValidationError as error:
                    raise ReferenceDataError(
                        f"{self.name}: {label}: {name} item {index + 1}: {_messages(error)}"
                    ) from None
                child.save()
                changed.append(f"{name}[{index + 1}]")
        return changed


def _assign(row, attname: str, value, before: dict, created: bool) -> None:
    """Set a column the file names, remembering its value before, unless it already holds `value`."""
    current = getattr(row, attname)
    if created or not _same(current, value):
        before.setdefault(attname, current)
        setattr(row, attname, value)


def _coerce(field, value):
    if isinstance(field, models.DateField) and isinstance(value, str):
        return dt.date.fromisoformat(value)
    return value


def _messages(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items())
    return " ".join(error.messages)
