"""`make run` under a burst (issue 15, item 3): the three processes of Procfile.dev on SQLite and the
embedded filesystem broker take 200 preference saves, 50 filings and 50 decisions within seconds,
stay alive, answer every request without a server error and finish every task they were given.

It starts the real processes (honcho, runserver, a Celery worker and beat) on a database and a broker
of its own under a temporary folder, as a newcomer's `make run` does."""

import datetime as dt
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
TASK_RECEIVED = re.compile(r"Task (\S+)\[([0-9a-f-]+)\] received")
TASK_SUCCEEDED = re.compile(r"Task (\S+)\[([0-9a-f-]+)\] succeeded")
# A sweep queued while the worker was busy expires rather than running late (CELERY_BEAT_SCHEDULE).
TASK_EXPIRED = re.compile(r"Discarding revoked task: (\S+)\[([0-9a-f-]+)\]")

pytestmark = pytest.mark.services


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _environment(var_dir: Path, port: int) -> dict[str, str]:
    # Not the suite's DATABASE_URL or CELERY_BROKER_URL: this is `make run`'s embedded default.
    return {
        "PATH": f"{VENV_BIN}:{os.environ['PATH']}",
        "HOME": os.environ.get("HOME", str(var_dir)),
        "DEBUG": "1",
        "RUQSAT_VAR_DIR": str(var_dir),
        "RUQSAT_PORT": str(port),
        "SITE_URL": f"http://127.0.0.1:{port}",
        "REMINDER_SWEEP_INTERVAL_SECONDS": "3",
        "PYTHONUNBUFFERED": "1",
    }


def _manage(env, *args) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


SESSION_FOR = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
user = get_user_model().objects.get(username="{username}")
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(session.session_key)
"""


class Browser:
    """A logged-in person's requests: the session cookie and a CSRF token of our own making."""

    def __init__(self, base: str, session_key: str):
        self.base = base
        self.csrf = secrets.token_hex(16)  # 32 characters: Django's unmasked secret length
        self.cookie = f"sessionid={session_key}; csrftoken={self.csrf}"

    def request(self, method: str, path: str, *, json_body=None, form=None) -> tuple[int, bytes]:
        headers = {"Cookie": self.cookie, "X-CSRFToken": self.csrf, "Referer": self.base + "/"}
        data = None
        if json_body is not None:
            data = json.dumps(json_body).encode()
            headers["Content-Type"] = "application/json"
        elif form is not None:
            data = urllib.parse.urlencode([*form, ("csrfmiddlewaretoken", self.csrf)]).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(self.base + path, data=data, headers=headers, method=method)
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(request, timeout=120) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def get_json(self, path: str):
        status, body = self.request("GET", path)
        assert status == 200, (path, status, body[:500])
        return json.loads(body)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _wait_for(condition, *, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    raise AssertionError(f"gave up waiting: {what}")


def _answers(base: str) -> bool:
    try:
        with urllib.request.urlopen(base + "/healthz", timeout=5):
            return True
    except urllib.error.HTTPError:
        return True  # 503 before the first sweep: the server answers
    except OSError:
        return False


def _healthy(base: str) -> bool:
    try:
        with urllib.request.urlopen(base + "/healthz", timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


def test_make_run_survives_a_burst_with_every_process_alive_and_every_task_done(tmp_path):
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = _environment(tmp_path, port)
    _manage(env, "migrate", "--noinput")
    _manage(env, "load_demo")
    session_key = _manage(env, "shell", "-c", SESSION_FOR.format(username="aizhan")).strip().splitlines()[-1]
    log_path = tmp_path / "honcho.log"
    with log_path.open("w") as log:
        honcho = subprocess.Popen(
            [str(VENV_BIN / "honcho"), "--no-colour", "start", "-f", "Procfile.dev"],
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_for(lambda: _answers(base), seconds=120, what="the web server to answer")
        person = Browser(base, session_key)
        lead = next(o for o in person.get_json("/api/v1/organizations/")["results"] if o["my_role"] == "coordinator")
        authority = person.get_json("/api/v1/authorities/")["results"][0]
        reason = person.get_json("/api/v1/refusal-reasons/")["results"][0]["code"]
        today = dt.date.today()
        starts = dt.datetime.combine(today + dt.timedelta(days=40), dt.time(11, 0)).isoformat() + "+05:00"
        ends = dt.datetime.combine(today + dt.timedelta(days=40), dt.time(13, 0)).isoformat() + "+05:00"

        def file_one(n):
            return person.request(
                "POST",
                "/api/v1/applications/",
                json_body={
                    "title": f"Picket {n}",
                    "event_type": "picket",
                    "purpose": "Burst test",
                    "organization": lead["id"],
                    "starts_at": starts,
                    "ends_at": ends,
                    "location": "Republic Square",
                    "authority": authority["id"],
                    "filed_on": today.isoformat(),
                    "channel": "in_person",
                },
            )

        def decide(application_id):
            return person.request(
                "POST",
                f"/api/v1/applications/{application_id}/decisions/",
                json_body={
                    "outcome": "refused",
                    "decided_on": today.isoformat(),
                    "received_on": today.isoformat(),
                    "grounds": [{"reason": reason, "quote": "Ремонтно-монтажные работы"}],
                },
            )

        def save_preferences(n):
            offsets = [("offsets", str(days)) for days in (14, 7, 3, 1, 0)[: 1 + n % 5]]
            form = [("wants_reminders", "on"), *offsets, ("by_email", "on"), ("in_app", "on")]
            return person.request("POST", "/reminders/preferences/", form=form)

        with ThreadPoolExecutor(max_workers=8) as pool:
            filings = list(pool.map(file_one, range(50)))
            assert [status for status, _body in filings] == [201] * 50, [b[:300] for s, b in filings if s != 201]
            ids = [json.loads(body)["id"] for _status, body in filings]
            decisions = pool.map(decide, ids)
            saves = pool.map(save_preferences, range(200))
            decisions, saves = list(decisions), list(saves)

        assert [status for status, _body in decisions] == [201] * 50, [b[:300] for s, b in decisions if s != 201]
        assert {status for status, _body in saves} == {302}, {s for s, _b in saves}

        def every_task_done() -> bool:
            text = log_path.read_text(errors="replace")
            received = {match[1] for match in TASK_RECEIVED.findall(text)}
            succeeded = {match[1] for match in TASK_SUCCEEDED.findall(text)}
            succeeded |= {match[1] for match in TASK_EXPIRED.findall(text) if match[0] == "reminders.sweep"}
            queued = list((tmp_path / "broker" / "queue").glob("*.msg"))
            return bool(received) and received <= succeeded and not queued

        _wait_for(every_task_done, seconds=240, what="the worker to finish every task")
        _wait_for(lambda: _healthy(base), seconds=60, what="/healthz to report database, broker and sweep ok")
        assert honcho.poll() is None, "honcho stopped"
        text = log_path.read_text(errors="replace")
        assert "Unrecoverable error" not in text
        assert "stopped (status" not in text, "a process died and was restarted"
        assert "raised unexpected" not in text  # a locked database is retried, never a failed task
        received_names = {name for name, _id in TASK_RECEIVED.findall(text)}
        assert {"reminders.sync_application", "reminders.sync_user", "reminders.sweep"} <= received_names
    finally:
        os.killpg(honcho.pid, signal.SIGTERM)
        try:
            honcho.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(honcho.pid, signal.SIGKILL)
            honcho.wait()
