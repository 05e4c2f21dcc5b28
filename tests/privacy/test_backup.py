"""Backup and restore make a round trip: a fresh database gets back every row and every document,
on SQLite (dumpdata) and on PostgreSQL (pg_dump of one snapshot), encrypted with age."""

import io
import os
import struct
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pyrage
import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from privacy.backup import BackupError, decrypt_chunks
from tests.conftest import require_service

ROOT = Path(__file__).resolve().parents[2]
POSTGRES_ADMIN = os.environ.get("RUQSAT_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres")

SEED_SCRIPT = """
import datetime as dt
from django.core.files.base import ContentFile
from django.utils import timezone
from accounts.models import User
from organizations.models import Organization
from permits.models import Authority, Document, RefusalReason
from permits.services import application_create
user = User.objects.create_user("asel", "asel@example.org", "correct horse battery staple")
group = Organization.create_with_coordinator(creator=user, name="Feminita")
application = application_create(
    by=user, organization=group, title="8 March march", event_type="march",
    starts_at=timezone.make_aware(dt.datetime(2022, 3, 8, 12)), location="Almaty",
    authority=Authority.objects.get(name="Akimat of Almaty city"), applicant_names=["Әсел Нұрланқызы"],
    filed_on=dt.date(2021, 11, 16),
)
application.record_decision(outcome="refused", decided_on=dt.date(2021, 11, 26), grounds=[
    {"reason": RefusalReason.objects.get(code="repair_works"), "quote": "ремонтно-монтажные работы"}])
document = Document(application=application, kind="filing", title="Stamped copy", content_type="application/pdf",
                    size=12, uploaded_by=user)
document.file.save("x.pdf", ContentFile(b"%PDF-1.4 demo"), save=True)
"""

# exact_json: a time that lost its microseconds on the way shows as a difference.
DUMP = "dumpdata --exclude contenttypes --exclude auth.permission --exclude sessions --format exact_json --indent 1"


def manage(env, *args, stdin=None):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )


def sqlite_environment(tmp_path, name, **extra):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test", **extra}
    env.pop("BACKUP_PASSPHRASE", None), env.pop("BACKUP_RECIPIENTS", None)
    env.update(extra)
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / (name + '.sqlite3')}"
    env["MEDIA_ROOT"] = str(tmp_path / f"media-{name}")
    return env


@pytest.fixture
def age_key(tmp_path):
    """An identity kept off the server (its file) and the public key the server encrypts to."""
    identity = pyrage.x25519.Identity.generate()
    key_file = tmp_path / "key.txt"
    key_file.write_text(f"# created for a test\n{identity}\n")
    return key_file, str(identity.to_public())


def seed_and_back_up(source, archive):
    assert manage(source, "migrate", "-v0").returncode == 0
    seeded = manage(source, "shell", stdin=SEED_SCRIPT)
    assert seeded.returncode == 0, seeded.stderr
    made = manage(source, "backup", str(archive))
    assert made.returncode == 0, made.stderr
    return made


def assert_same_data(source, fresh, tmp_path, fresh_name):
    assert manage(fresh, *DUMP.split()).stdout == manage(source, *DUMP.split()).stdout
    documents = sorted((tmp_path / f"media-{fresh_name}" / "documents").rglob("*.pdf"))
    assert [p.read_bytes() for p in documents] == [b"%PDF-1.4 demo"]


def test_a_backup_to_a_public_key_restores_only_with_its_identity(tmp_path, age_key):
    key_file, public_key = age_key
    source = sqlite_environment(tmp_path, "source", BACKUP_RECIPIENTS=public_key)
    fresh = sqlite_environment(tmp_path, "fresh")
    archive = tmp_path / "ruqsat.age"
    seed_and_back_up(source, archive)
    assert archive.read_bytes().startswith(b"age-encryption.org/v1\n")
    assert "Әсел".encode() not in archive.read_bytes() and b"%PDF" not in archive.read_bytes()

    # The server that wrote it holds no key that opens it.
    refused = manage(fresh, "restore", str(archive))
    assert refused.returncode != 0 and "identity" in refused.stderr
    stranger = tmp_path / "stranger.txt"
    stranger.write_text(f"{pyrage.x25519.Identity.generate()}\n")
    refused = manage(fresh, "restore", str(archive), "--identity", str(stranger))
    assert refused.returncode != 0 and "Wrong key" in refused.stderr

    restored = manage(fresh, "restore", str(archive), "--identity", str(key_file))
    assert restored.returncode == 0, restored.stderr
    assert_same_data(source, fresh, tmp_path, "fresh")

    again = manage(fresh, "restore", str(archive), "--identity", str(key_file))
    assert again.returncode != 0 and "not empty" in again.stderr


def test_a_backup_with_a_passphrase_restores_with_it_and_not_without(tmp_path):
    source = sqlite_environment(tmp_path, "source", BACKUP_PASSPHRASE="long passphrase 42")
    archive = tmp_path / "ruqsat.age"
    seed_and_back_up(source, archive)
    wrong = manage(sqlite_environment(tmp_path, "wrong", BACKUP_PASSPHRASE="another one"), "restore", str(archive))
    assert wrong.returncode != 0 and "Wrong key or passphrase" in wrong.stderr
    fresh = sqlite_environment(tmp_path, "fresh", BACKUP_PASSPHRASE="long passphrase 42")
    restored = manage(fresh, "restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    assert_same_data(source, fresh, tmp_path, "fresh")


def test_a_backup_without_a_key_is_refused_and_leaves_no_file(tmp_path):
    source = sqlite_environment(tmp_path, "source")
    assert manage(source, "migrate", "-v0").returncode == 0
    made = manage(source, "backup", str(tmp_path / "ruqsat.age"))
    assert made.returncode != 0 and "BACKUP_RECIPIENTS" in made.stderr
    assert list(tmp_path.glob("ruqsat.age*")) == []


def test_a_bad_public_key_is_named(tmp_path):
    source = sqlite_environment(tmp_path, "source", BACKUP_RECIPIENTS="age1notakey")
    assert manage(source, "migrate", "-v0").returncode == 0
    made = manage(source, "backup", str(tmp_path / "ruqsat.age"))
    assert made.returncode != 0 and "not an age public key" in made.stderr


def test_a_cut_archive_is_refused(tmp_path, age_key):
    key_file, public_key = age_key
    source = sqlite_environment(tmp_path, "source", BACKUP_RECIPIENTS=public_key)
    archive = tmp_path / "ruqsat.age"
    seed_and_back_up(source, archive)
    cut = tmp_path / "cut.age"
    cut.write_bytes(archive.read_bytes()[:-100])
    refused = manage(sqlite_environment(tmp_path, "fresh"), "restore", str(cut), "--identity", str(key_file))
    assert refused.returncode != 0 and "Traceback" not in refused.stderr


def _version_one_archive(bundle: bytes, passphrase: str) -> bytes:
    """The earlier home-made format, as the backups made before age were written."""
    salt = os.urandom(16)
    aead = AESGCM(Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(passphrase.encode()))
    out = io.BytesIO()
    out.write(b"RUQSAT-BACKUP-1\n" + salt)
    chunks = [bundle[i : i + 1024 * 1024] for i in range(0, len(bundle), 1024 * 1024)] or [b""]
    for index, chunk in enumerate(chunks):
        nonce = os.urandom(12)
        sealed = aead.encrypt(nonce, chunk, struct.pack(">Q?", index, index == len(chunks) - 1))
        out.write(struct.pack(">I", len(sealed)) + nonce + sealed)
    return out.getvalue()


def test_an_archive_of_the_earlier_format_still_restores(tmp_path):
    source = sqlite_environment(tmp_path, "source")
    assert manage(source, "migrate", "-v0").returncode == 0
    assert manage(source, "shell", stdin=SEED_SCRIPT).returncode == 0
    data = tmp_path / "data.exact_json"
    assert manage(source, *DUMP.split(), "--natural-foreign", "--output", str(data)).returncode == 0
    bundle = io.BytesIO()
    with tarfile.open(fileobj=bundle, mode="w:gz") as tar:
        tar.add(data, arcname="data.exact_json")
        tar.add(tmp_path / "media-source" / "documents", arcname="documents")
    archive = tmp_path / "old.rqbk"
    archive.write_bytes(_version_one_archive(bundle.getvalue(), "old passphrase"))

    fresh = sqlite_environment(tmp_path, "fresh", BACKUP_PASSPHRASE="old passphrase")
    restored = manage(fresh, "restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    assert_same_data(source, fresh, tmp_path, "fresh")


def test_a_version_one_archive_cut_or_with_a_wrong_passphrase_is_refused():
    payload = os.urandom(3 * 1024 * 1024 + 17)
    sealed = _version_one_archive(payload, "right passphrase")
    assert b"".join(decrypt_chunks(io.BytesIO(sealed), "right passphrase")) == payload
    with pytest.raises(BackupError):
        list(decrypt_chunks(io.BytesIO(sealed), "wrong passphrase"))
    with pytest.raises(BackupError):
        list(decrypt_chunks(io.BytesIO(sealed[:-100]), "right passphrase"))
    # Dropping the last chunk whole must not pass as a complete archive either.
    first_chunk_end = len(b"RUQSAT-BACKUP-1\n") + 16 + 4 + 12 + 1024 * 1024 + 16
    with pytest.raises(BackupError):
        list(decrypt_chunks(io.BytesIO(sealed[:first_chunk_end]), "right passphrase"))


# --- PostgreSQL -----------------------------------------------------------------------------------


@pytest.fixture
def postgres_databases():
    """Two empty PostgreSQL databases (source and fresh), dropped afterwards."""
    psycopg2 = pytest.importorskip("psycopg2")
    try:
        admin = psycopg2.connect(POSTGRES_ADMIN, connect_timeout=3)
    except psycopg2.OperationalError:
        require_service("PostgreSQL at 127.0.0.1:5432 for the pg_dump backup round trip")
    admin.autocommit = True
    names = [f"ruqsat_backup_{uuid.uuid4().hex[:8]}_{role}" for role in ("source", "fresh")]
    with admin.cursor() as cursor:
        for name in names:
            cursor.execute(f'CREATE DATABASE "{name}"')
    base = POSTGRES_ADMIN.rsplit("/", 1)[0]
    yield [f"{base}/{name}" for name in names]
    with admin.cursor() as cursor:
        for name in names:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def test_a_postgres_backup_is_one_pg_dump_and_restores_every_row_and_document(tmp_path, age_key, postgres_databases):
    key_file, public_key = age_key
    source_url, fresh_url = postgres_databases
    source = {**sqlite_environment(tmp_path, "source", BACKUP_RECIPIENTS=public_key), "DATABASE_URL": source_url}
    fresh = {**sqlite_environment(tmp_path, "fresh"), "DATABASE_URL": fresh_url}
    archive = tmp_path / "ruqsat.age"
    seed_and_back_up(source, archive)

    opened = tmp_path / "opened.tar"
    with archive.open("rb") as sealed, opened.open("wb") as out:
        pyrage.decrypt_io(sealed, out, [pyrage.x25519.Identity.from_str(key_file.read_text().split()[-1])])
    with tarfile.open(opened) as tar:
        names = tar.getnames()
        dump = tar.extractfile("database.pgdump").read()
    assert "database.pgdump" in names and dump.startswith(b"PGDMP")  # pg_dump's custom format
    assert any(name.startswith("documents/") for name in names)

    restored = manage(fresh, "restore", str(archive), "--identity", str(key_file))
    assert restored.returncode == 0, restored.stderr
    assert_same_data(source, fresh, tmp_path, "fresh")
    # A restored site works on: migrations are recorded, new rows get new ids.
    assert "No migrations to apply" in manage(fresh, "migrate").stdout


def test_a_postgres_archive_is_not_restored_into_sqlite(tmp_path, age_key, postgres_databases):
    key_file, public_key = age_key
    source = {
        **sqlite_environment(tmp_path, "source", BACKUP_RECIPIENTS=public_key),
        "DATABASE_URL": postgres_databases[0],
    }
    archive = tmp_path / "ruqsat.age"
    seed_and_back_up(source, archive)
    refused = manage(sqlite_environment(tmp_path, "fresh"), "restore", str(archive), "--identity", str(key_file))
    assert refused.returncode != 0 and "PostgreSQL" in refused.stderr
