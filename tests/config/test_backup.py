"""Backup and restore make a round trip: a fresh database gets back every row and every document."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from privacy.backup import BackupError, decrypt_chunks, encrypt_stream

ROOT = Path(__file__).resolve().parents[2]

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
        timeout=180,
    )


def environment(tmp_path, name):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test", "BACKUP_PASSPHRASE": "long passphrase 42"}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / (name + '.sqlite3')}"
    env["MEDIA_ROOT"] = str(tmp_path / f"media-{name}")
    return env


def test_a_backup_restores_into_a_fresh_database_with_every_row_and_document(tmp_path):
    source, fresh = environment(tmp_path, "source"), environment(tmp_path, "fresh")
    assert manage(source, "migrate", "-v0").returncode == 0
    seeded = manage(source, "shell", stdin=SEED_SCRIPT)
    assert seeded.returncode == 0, seeded.stderr
    archive = tmp_path / "ruqsat.rqbk"
    made = manage(source, "backup", str(archive))
    assert made.returncode == 0, made.stderr
    assert archive.read_bytes().startswith(b"RUQSAT-BACKUP-1\n")

    restored = manage(fresh, "restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    assert manage(fresh, *DUMP.split()).stdout == manage(source, *DUMP.split()).stdout
    documents = sorted((tmp_path / "media-fresh" / "documents").rglob("*.pdf"))
    assert [p.read_bytes() for p in documents] == [b"%PDF-1.4 demo"]

    again = manage(fresh, "restore", str(archive))
    assert again.returncode != 0
    assert "not empty" in again.stderr


def test_a_wrong_passphrase_or_a_truncated_archive_is_refused():
    payload = os.urandom(3 * 1024 * 1024 + 17)
    sealed = io.BytesIO()
    encrypt_stream(io.BytesIO(payload), sealed, "right passphrase")
    assert b"".join(decrypt_chunks(io.BytesIO(sealed.getvalue()), "right passphrase")) == payload
    with pytest.raises(BackupError):
        list(decrypt_chunks(io.BytesIO(sealed.getvalue()), "wrong passphrase"))
    with pytest.raises(BackupError):
        list(decrypt_chunks(io.BytesIO(sealed.getvalue()[:-100]), "right passphrase"))
    # Dropping the last chunk whole must not pass as a complete archive either.
    first_chunk_end = len(b"RUQSAT-BACKUP-1\n") + 16 + 4 + 12 + 1024 * 1024 + 16
    with pytest.raises(BackupError):
        list(decrypt_chunks(io.BytesIO(sealed.getvalue()[:first_chunk_end]), "right passphrase"))
