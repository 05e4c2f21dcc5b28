"""Encrypted backups of the database and the private documents, and their restore.

An archive is an age file (https://age-encryption.org, through pyrage) holding a tar of:
- `manifest.json`: the format version, the database engine and when the archive was made;
- `database.pgdump` on PostgreSQL: `pg_dump -Fc` of an exported snapshot, so every row is as one
  moment saw it (rows written during the dump cannot break a foreign key on restore);
  `data.exact_json` on SQLite (the embedded default of `make run`): Django's dumpdata;
- `documents/`: exactly the files the same snapshot's Document rows name.

Encrypted to age recipients (BACKUP_RECIPIENTS, public keys: the server that writes backups cannot
read them, so a seized server does not open its own backups; the identity stays offline) or, for
small sites, with a passphrase (BACKUP_PASSPHRASE; age's scrypt, which encrypts in memory).
Archives of the earlier home-made format (RUQSAT-BACKUP-1, AES-GCM chunks) are still restored.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import struct
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import pyrage
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction

FORMAT_VERSION = 2
AGE_MAGIC = b"age-encryption.org/v1\n"
MANIFEST = "manifest.json"
POSTGRES_DUMP = "database.pgdump"
# Times to the microsecond (config.serializers.exact_json); version-1 archives may hold data.json.
JSON_DUMP = "data.exact_json"
DOCUMENTS = "documents"
# Rebuilt by `migrate` in the target database, or worthless there.
EXCLUDED_FROM_JSON = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]


class BackupError(Exception):
    pass


# --- keys ------------------------------------------------------------------------------------------


def recipients_from(text: str) -> list:
    """Age public keys ("age1…"), separated by commas or white space."""
    keys = [key for key in text.replace(",", " ").split() if key]
    try:
        return [pyrage.x25519.Recipient.from_str(key) for key in keys]
    except pyrage.RecipientError as error:
        raise BackupError(f"BACKUP_RECIPIENTS holds a key that is not an age public key: {error}") from error


def identities_from(path: str) -> list:
    """The age identities ("AGE-SECRET-KEY-1…") in an identity file, as `age-keygen` writes it."""
    try:
        lines = Path(path).read_text().splitlines()
    except OSError as error:
        raise BackupError(f"Cannot read the identity file {path}: {error.strerror}.") from error
    keys = [line.strip() for line in lines if line.strip().startswith("AGE-SECRET-KEY-")]
    if not keys:
        raise BackupError(f"{path} holds no age identity (AGE-SECRET-KEY-…).")
    try:
        return [pyrage.x25519.Identity.from_str(key) for key in keys]
    except pyrage.IdentityError as error:
        raise BackupError(f"{path} holds an identity age cannot read: {error}") from error


def encrypt(source: Path, target: Path, *, recipients: list | None = None, passphrase: str = "") -> None:
    if recipients:
        with source.open("rb") as plain, target.open("wb") as sealed:
            pyrage.encrypt_io(plain, sealed, recipients)
    elif passphrase:
        target.write_bytes(pyrage.passphrase.encrypt(source.read_bytes(), passphrase))
    else:
        raise BackupError("Set BACKUP_RECIPIENTS (age public keys) or BACKUP_PASSPHRASE in the environment first.")


def decrypt(source: Path, target: Path, *, identities: list | None = None, passphrase: str = "") -> None:
    with source.open("rb") as sealed:
        head = sealed.read(len(AGE_MAGIC))
        sealed.seek(0)
        if head != AGE_MAGIC:
            with target.open("wb") as out:
                for chunk in decrypt_chunks(sealed, passphrase):  # a version-1 archive
                    out.write(chunk)
            return
        try:
            if identities:
                with target.open("wb") as out:
                    pyrage.decrypt_io(sealed, out, identities)
            elif passphrase:
                target.write_bytes(pyrage.passphrase.decrypt(sealed.read(), passphrase))
            else:
                raise BackupError("Give the age identity file (--identity) or set BACKUP_PASSPHRASE.")
        except pyrage.DecryptError as error:
            raise BackupError("Wrong key or passphrase, or the archive was altered or cut short.") from error


# --- writing ----------------------------------------------------------------------------------------


def _postgres_environment() -> tuple[list[str], dict[str, str]]:
    """pg_dump/pg_restore arguments and environment for the default database."""
    db = settings.DATABASES["default"]
    arguments = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        arguments += ["--host", db["HOST"]]
    if db.get("PORT"):
        arguments += ["--port", str(db["PORT"])]
    if db.get("USER"):
        arguments += ["--username", db["USER"]]
    environment = {**os.environ}
    if db.get("PASSWORD"):
        environment["PGPASSWORD"] = db["PASSWORD"]
    return arguments, environment


def _run(command: list[str], environment: dict[str, str]) -> None:
    try:
        # The command is pg_dump/pg_restore with arguments from settings, never from a request.
        done = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} is not installed (apt-get install postgresql-client).") from error
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()}")


def _document_names() -> list[str]:
    Document = apps.get_model("permits", "Document")
    return [name for name in Document.objects.values_list("file", flat=True) if name]


def _dump_postgres(workdir: Path) -> list[str]:
    """pg_dump of a snapshot this transaction exports, and the document names that snapshot holds."""
    arguments, environment = _postgres_environment()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot,) = cursor.fetchone()
        names = _document_names()  # read in the same snapshot as the dump
        # The snapshot lives while this transaction is open: pg_dump runs inside it.
        _run(
            [
                "pg_dump",
                "--format=custom",
                f"--snapshot={snapshot}",
                "--no-owner",
                "--no-privileges",
                "--file",
                str(workdir / POSTGRES_DUMP),
                *arguments,
            ],
            environment,
        )
    return names


def _dump_sqlite(workdir: Path) -> list[str]:
    # SQLite serializes writers: one transaction holds one view of the rows for both reads.
    with transaction.atomic():
        call_command(
            "dumpdata",
            exclude=EXCLUDED_FROM_JSON,
            natural_foreign=True,
            format="exact_json",
            output=str(workdir / JSON_DUMP),
            verbosity=0,
        )
        return _document_names()


def _documents_root() -> Path:
    return Path(settings.STORAGES["documents"]["OPTIONS"]["location"])


def write_backup(archive: Path, *, recipients: list | None = None, passphrase: str = "") -> list[str]:
    """Write one encrypted archive; returns the names of documents the database names but the disk
    no longer has (deleted between the snapshot and the copy), for the caller to report."""
    if not recipients and not passphrase:
        raise BackupError("Set BACKUP_RECIPIENTS (age public keys) or BACKUP_PASSPHRASE in the environment first.")
    engine = connection.vendor
    with tempfile.TemporaryDirectory() as workdir_name:
        workdir = Path(workdir_name)
        names = _dump_postgres(workdir) if engine == "postgresql" else _dump_sqlite(workdir)
        manifest = {"format": FORMAT_VERSION, "engine": engine, "made_at": dt.datetime.now(dt.UTC).isoformat()}
        (workdir / MANIFEST).write_text(json.dumps(manifest))
        bundle = workdir / "bundle.tar"
        missing = []
        root = _documents_root()
        with tarfile.open(bundle, "w") as tar:
            tar.add(workdir / MANIFEST, arcname=MANIFEST)
            dump = POSTGRES_DUMP if engine == "postgresql" else JSON_DUMP
            tar.add(workdir / dump, arcname=dump)
            for name in names:
                path = root / name
                if path.is_file():
                    tar.add(path, arcname=f"{DOCUMENTS}/{name}")
                else:
                    missing.append(name)
        partial = archive.with_name(archive.name + ".partial")
        try:
            encrypt(bundle, partial, recipients=recipients, passphrase=passphrase)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        shutil.move(partial, archive)
    return missing


# --- restoring --------------------------------------------------------------------------------------


def database_is_empty() -> bool:
    """Empty means: no user and no application, i.e. nothing but what migrations seed."""
    User = apps.get_model(settings.AUTH_USER_MODEL)
    Application = apps.get_model("permits", "PermitApplication")
    return not User.objects.exists() and not Application.objects.exists()


def _has_tables() -> bool:
    return bool(connection.introspection.table_names())


def restore_backup(archive: Path, *, identities: list | None = None, passphrase: str = "") -> None:
    """Restore an archive into a fresh database (empty, or migrated with no user or application)."""
    if _has_tables() and not database_is_empty():
        raise BackupError("The database is not empty: restore only into a fresh database.")
    with tempfile.TemporaryDirectory() as workdir_name:
        workdir = Path(workdir_name)
        bundle = workdir / "bundle.tar"
        try:
            decrypt(archive, bundle, identities=identities, passphrase=passphrase)
        except OSError as error:
            raise BackupError(f"Cannot read {archive}: {error.strerror}.") from error
        unpacked = workdir / "unpacked"
        try:
            with tarfile.open(bundle, "r:*") as tar:
                tar.extractall(unpacked, filter="data")
        except tarfile.TarError as error:
            raise BackupError("The decrypted archive is not a Ruqsat backup.") from error
        if (unpacked / POSTGRES_DUMP).exists():
            _restore_postgres(unpacked / POSTGRES_DUMP)
        else:
            _restore_json(unpacked)
        _restore_documents(unpacked / DOCUMENTS)


def _restore_postgres(dump: Path) -> None:
    if connection.vendor != "postgresql":
        raise BackupError("This archive holds a PostgreSQL dump: restore it into a PostgreSQL database.")
    arguments, environment = _postgres_environment()
    # The database is empty of people and applications (checked above); what migrations made is
    # replaced by the dump's own schema, in one transaction: a failure leaves it as it was.
    connection.close()
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            *arguments,
            str(dump),
        ],
        environment,
    )


def _restore_json(unpacked: Path) -> None:
    data = unpacked / JSON_DUMP
    if not data.exists():
        data = unpacked / "data.json"  # a version-1 archive made before times kept their microseconds
    if not data.exists():
        raise BackupError("The archive holds no database dump.")
    call_command("migrate", interactive=False, verbosity=0)
    with transaction.atomic():
        call_command("loaddata", str(data), verbosity=0)


def _restore_documents(folder: Path) -> None:
    if not folder.is_dir():
        return
    root = _documents_root()
    root.mkdir(parents=True, exist_ok=True)
    for path in folder.rglob("*"):
        if path.is_file():
            destination = root / path.relative_to(folder)
            destination.parent.mkdir(parents=True, exist_ok=True)
            path.replace(destination)


# --- the version-1 format, read only ---------------------------------------------------------------

MAGIC_V1 = b"RUQSAT-BACKUP-1\n"
SALT_BYTES = 16
_LENGTH = struct.Struct(">I")


def _v1_key(passphrase: str, salt: bytes) -> bytes:
    if not passphrase:
        raise BackupError("This archive was made with BACKUP_PASSPHRASE: set it in the environment.")
    return Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(passphrase.encode())


def _associated_data(index: int, last: bool) -> bytes:
    return struct.pack(">Q?", index, last)


def decrypt_chunks(source: BinaryIO, passphrase: str) -> Iterator[bytes]:
    """A version-1 archive: the magic, a salt, then AES-256-GCM chunks whose associated data carries
    their index and whether each is the last, so a cut or reordered archive is refused."""
    if source.read(len(MAGIC_V1)) != MAGIC_V1:
        raise BackupError("This is not a Ruqsat backup archive.")
    salt = source.read(SALT_BYTES)
    aead = AESGCM(_v1_key(passphrase, salt))
    index = 0
    while True:
        header = source.read(_LENGTH.size)
        if len(header) < _LENGTH.size:
            raise BackupError("The archive is truncated.")
        (length,) = _LENGTH.unpack(header)
        nonce, sealed = source.read(12), source.read(length)
        if len(sealed) < length:
            raise BackupError("The archive is truncated.")
        for last in (False, True):
            try:
                plain = aead.decrypt(nonce, sealed, _associated_data(index, last))
            except InvalidTag:
                continue
            yield plain
            if last:
                return
            break
        else:
            raise BackupError("Wrong passphrase, or the archive was altered.")
        index += 1
