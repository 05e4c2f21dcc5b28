"""config/settings.py read in a fresh interpreter with a given environment, as a server starts."""

import json
import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]

READ_SETTINGS = """
import json
from config import settings as s
print(json.dumps({
    "debug": s.DEBUG,
    "database": {"engine": s.DATABASES["default"]["ENGINE"], "name": str(s.DATABASES["default"]["NAME"])},
    "broker": s.CELERY_BROKER_URL,
    "broker_options": getattr(s, "CELERY_BROKER_TRANSPORT_OPTIONS", {}),
    "email_backend": s.EMAIL_BACKEND,
    "email_file_path": s.EMAIL_FILE_PATH,
    "time_zone": s.TIME_ZONE,
}))
"""


def read_settings(**environment):
    env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "config.settings", **environment}
    return subprocess.run(
        [sys.executable, "-c", READ_SETTINGS], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )


def test_a_newcomer_gets_sqlite_a_filesystem_broker_and_mail_in_files_under_var(tmp_path):
    result = read_settings(DEBUG="1", RUQSAT_VAR_DIR=str(tmp_path))

    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["database"] == {"engine": "django.db.backends.sqlite3", "name": str(tmp_path / "ruqsat.sqlite3")}
    assert values["broker"] == "filesystem://"
    folders = {key: value for key, value in values["broker_options"].items() if key.endswith("folder")}
    assert set(folders) == {"processed_folder", "control_folder"}
    assert all(Path(folder).is_relative_to(tmp_path / "broker") for folder in folders.values())
    assert Path(values["broker_options"]["data_folder_in"]).is_relative_to(tmp_path / "broker")
    assert values["email_backend"] == "config.mail.FileAndConsoleEmailBackend"
    assert values["email_file_path"] == str(tmp_path / "mail")
    assert values["time_zone"] == "Asia/Almaty"


def test_production_takes_postgresql_and_redis_from_the_environment():
    result = read_settings(
        SECRET_KEY="a-real-secret-for-this-test",
        DATABASE_URL="postgres://ruqsat:pw@db.internal:5432/ruqsat",
        CELERY_BROKER_URL="redis://cache.internal:6379/0",
    )

    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["debug"] is False
    assert values["database"] == {"engine": "django.db.backends.postgresql", "name": "ruqsat"}
    assert values["broker"] == "redis://cache.internal:6379/0"
    assert values["broker_options"] == {}


def test_without_debug_a_missing_secret_key_stops_start_up():
    result = read_settings()

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_a_misspelt_boolean_stops_start_up_naming_the_variable():
    result = read_settings(DEBUG="yes please")

    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def manage(*args, **environment):
    env = {"PATH": os.environ["PATH"], **environment}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def test_manage_py_on_an_unconfigured_checkout_runs_with_the_development_settings(tmp_path):
    result = manage("check", RUQSAT_VAR_DIR=str(tmp_path))

    assert result.returncode == 0, result.stderr
    assert "using development settings (DEBUG=1)" in result.stderr


def test_manage_py_with_a_secret_key_keeps_the_production_settings(tmp_path):
    result = manage("check", "--deploy", "--fail-level", "ERROR", SECRET_KEY="x" * 60, RUQSAT_VAR_DIR=str(tmp_path))

    assert "development settings" not in result.stderr
    assert "security.W018" not in result.stdout + result.stderr  # "You should not have DEBUG set to True"
