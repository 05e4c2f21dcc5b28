"""Running Ruqsat code in other processes against the test database (PostgreSQL), as the
sweeps, workers and beat of a real deployment do."""

import os
import re
import sys
from pathlib import Path

from tests.reminders.conftest import subprocess_database_url

REPO = Path(__file__).resolve().parents[2]
MESSAGE_ID = re.compile(r"^Message-ID: (<[^>]+>)", re.MULTILINE | re.IGNORECASE)

# The start of a sweeping script run in another process: Django set up, then a barrier made of
# files, so that the racers all start at the same moment (each says it is ready, and waits for all
# RACE_COUNT of them in RACE_READY_DIR). What the racer does follows it.
AT_THE_BARRIER = """
import json, os, pathlib, time
import django
django.setup()
from reminders.sweep import sweep_due_reminders
ready = pathlib.Path(os.environ["RACE_READY_DIR"])
(ready / str(os.getpid())).touch()
while len(list(ready.iterdir())) < int(os.environ["RACE_COUNT"]):
    time.sleep(0.002)
"""


def process_env(tmp_path: Path, *, mail_dir: Path, **extra: str) -> dict[str, str]:
    """The production settings module, pointed at the test database and at files for mail."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": "reminders-process-tests",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": subprocess_database_url(),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "RUQSAT_VAR_DIR": str(tmp_path / "var"),
        "SITE_URL": "https://ruqsat.example",
        "PYTHONPATH": str(REPO),
    }
    env.update(extra)
    return env


def python() -> str:
    return sys.executable


def message_ids_in(folder: Path) -> list[str]:
    """Every Message-ID written by the filebased backend under `folder` (any number of files)."""
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            found += MESSAGE_ID.findall(path.read_text(errors="replace"))
    return found
