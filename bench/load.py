"""The load test: Ruqsat under gunicorn with the production settings, on the benchmark's database,
with CLIENTS people clicking at once for a while, against the same mix with one person just before.

The people are the members of the biggest groups; each has a session made in the database
beforehand (no log-in round trip) and goes round the mix: the dashboard, the applications list, an
application of the group, the workspace of an appeal of the group, and the API's applications list.
The load generator is bounded (CLIENTS threads, one request at a time each) and speaks only to
127.0.0.1. A request that does not answer 200 is an error.

Each client reads the page it got for THINK_SECONDS (drawn between the two bounds, the same draws in
every run) before the next click, as a person does. Without that pause the test would measure only
the queue: with N clients that never pause, each request waits for the ones before it, and by
Little's law the median answer takes about N × (one request's time) / (CPUs) whatever the code
does — 8 × the single-client time for 16 clients on 2 CPUs, so "p95 ≤ 4 × single p50" could not be
met by any server on such a machine. With the pause, the clients offer about
CLIENTS / (mean pause + answer) requests a second, and the test measures how the answers hold up
under that much work arriving at random moments.

The tiny run in `make test` cannot start a server of its own on the test's uncommitted data: it
serves the same WSGI application from a thread on the test's own connection (`in_process`)."""

from __future__ import annotations

import contextlib
import http.client
import itertools
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db.models import Count
from django.urls import reverse

CLIENTS = 16
BIGGEST_GROUPS = 4
# How long a person reads a page before the next click, in seconds (uniform between the two).
THINK_SECONDS = (1.0, 5.0)


@dataclass
class Person:
    session_key: str
    paths: list[str]


@dataclass
class Samples:
    ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self, prefix: str) -> dict:
        ordered = sorted(self.ms)
        result = {
            f"{prefix}_p50_ms": round(statistics.median(ordered), 1) if ordered else 0.0,
            f"{prefix}_requests": len(ordered) + len(self.errors),
            f"{prefix}_errors": len(self.errors),
        }
        if prefix == "load":
            result["load_p95_ms"] = round(ordered[max(int(len(ordered) * 0.95) - 1, 0)], 1) if ordered else 0.0
            result["load_rps"] = round(len(ordered) / self.seconds, 1) if self.seconds else 0.0
        return result


# --- Who clicks what ----------------------------------------------------------------------------


def people(groups: int = BIGGEST_GROUPS) -> list[Person]:
    """The members of the `groups` groups leading the most applications, each with a new session
    and the mix of pages of their group (an appeal is opened for each group that has none)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from accounts.models import User
    from appeals.models import Appeal
    from organizations.models import Membership
    from permits.models import Decision, PermitApplication

    biggest = (
        PermitApplication.objects.order_by()
        .values("organization_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "organization_id")
        .values_list("organization_id", flat=True)[:groups]
    )
    result = []
    for group_id in biggest:
        coordinator = (
            User.objects.filter(memberships__organization_id=group_id, memberships__role=Membership.Role.COORDINATOR)
            .order_by("pk")
            .first()
        )
        application = PermitApplication.objects.filter(organization_id=group_id).order_by("-starts_at", "-pk").first()
        appeal = Appeal.objects.filter(application__organization_id=group_id).order_by("pk").first()
        if appeal is None:
            appeal = _open_appeal(group_id, coordinator, Decision)
        paths = [
            reverse("dashboard"),
            reverse("permits:application_list"),
            reverse("permits:application_detail", args=[application.pk]),
            reverse("appeals:workspace", args=[appeal.pk]),
            reverse("application-list"),
        ]
        members = User.objects.filter(memberships__organization_id=group_id, is_active=True).distinct().order_by("pk")
        for user in members[:3]:
            session = SessionStore()
            session[SESSION_KEY] = str(user.pk)
            session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session.create()
            result.append(Person(session.session_key, paths))
    return result


def _open_appeal(group_id: int, coordinator, decision_model):
    from appeals.services import appeal_open

    decision = (
        decision_model.objects.filter(application__organization_id=group_id, outcome="refused")
        .order_by("-decided_on", "-pk")
        .first()
    )
    return appeal_open(decision=decision, venue="higher_authority", by=coordinator)


# --- The load generator ---------------------------------------------------------------------------


def _get(port: int, path: str, session_key: str) -> tuple[float, str | None]:
    cookie = f"{settings.SESSION_COOKIE_NAME}={session_key}"
    start = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers={"Cookie": cookie, "Accept-Language": "en"})
        response = connection.getresponse()
        response.read()
        error = None if response.status == 200 else f"{response.status} {path}"
    except (OSError, http.client.HTTPException) as exc:
        error = f"{type(exc).__name__} {path}"
    finally:
        connection.close()
    return (time.perf_counter() - start) * 1000, error


def _requests(persons: list[Person], first: int):
    """Client `first`'s endless round: its person's pages in turn."""
    person = persons[first % len(persons)]
    offset = first // len(persons)
    for step in itertools.count(offset):
        yield person, person.paths[step % len(person.paths)]


def single(port: int, persons: list[Person], rounds: int = 1) -> Samples:
    """One client, every person's every page `rounds` times, one request at a time."""
    samples = Samples()
    start = time.perf_counter()
    for _ in range(rounds):
        for person in persons:
            for path in person.paths:
                ms, error = _get(port, path, person.session_key)
                (samples.errors.append(error) if error else samples.ms.append(ms))
    samples.seconds = time.perf_counter() - start
    return samples


def load(
    port: int,
    persons: list[Person],
    *,
    clients: int = CLIENTS,
    seconds: float = 60.0,
    think: tuple[float, float] = THINK_SECONDS,
) -> Samples:
    """`clients` threads, each sending its next request `think` seconds (uniform between the two
    bounds, seeded by the client's number) after the last one answered, for `seconds`; requests
    still running at the end are waited for and counted. The clients start at random moments of
    their first pause, so they do not all click at once."""
    samples = Samples()
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def client(n: int):
        pauses = random.Random(n)  # noqa: S311 - reproducible pauses, nothing secret
        time.sleep(pauses.uniform(0, think[1]))
        for person, path in _requests(persons, n):
            if time.perf_counter() >= stop_at:
                return
            ms, error = _get(port, path, person.session_key)
            with lock:
                (samples.errors.append(error) if error else samples.ms.append(ms))
            time.sleep(min(pauses.uniform(*think), max(stop_at - time.perf_counter(), 0)))

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    samples.seconds = time.perf_counter() - start
    return samples


def measure_load(
    port: int,
    persons: list[Person],
    *,
    seconds: float,
    clients: int = CLIENTS,
    think: tuple[float, float] = THINK_SECONDS,
) -> tuple[dict, list]:
    """The single-client p50 of the mix, then the load's rps, p50, p95 and errors; and the first
    few distinct errors, to say what went wrong."""
    # Every worker's first requests load what a process loads once (URL configuration, templates).
    load(port, persons, clients=clients, seconds=min(5.0, seconds), think=(0.0, 0.0))
    one = single(port, persons)
    many = load(port, persons, clients=clients, seconds=seconds, think=think)
    metrics = {**one.summary("single"), **many.summary("load")}
    metrics["load_clients"] = clients
    metrics["load_seconds"] = round(many.seconds, 1)
    errors = one.errors + many.errors
    return metrics, sorted(set(errors))[:10]


# --- The servers ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def workers() -> int:
    return 2 * (os.cpu_count() or 1) + 1


def gunicorn_env(database_url: str, var_dir: Path) -> dict[str, str]:
    """The production settings (config.settings, DEBUG off), told only what plain HTTP on
    127.0.0.1 needs: no redirect to HTTPS, cookies without the Secure flag. The SECRET_KEY is this
    process's, so that the sessions made here are valid there."""
    return {
        **{k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "EMAIL_BACKEND")},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "DATABASE_URL": database_url,
        "RUQSAT_VAR_DIR": str(var_dir),
        "LOG_LEVEL": "WARNING",
    }


@contextlib.contextmanager
def gunicorn(database_url: str, *, log=print):
    """gunicorn config.wsgi on a free port of 127.0.0.1 with 2 × CPUs + 1 workers; yields the port."""
    var_dir = Path(tempfile.mkdtemp(prefix="ruqsat-bench-"))
    env = gunicorn_env(database_url, var_dir)
    bin_dir = Path(sys.executable).parent
    # Production serves the collected, hashed static files (whitenoise's manifest): pages need it.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
    )
    port = free_port()
    command = [
        str(bin_dir / "gunicorn"),
        "config.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers()),
        "--timeout",
        "120",
    ]
    log(f"  gunicorn with {workers()} workers on 127.0.0.1:{port}")
    server = subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL)  # noqa: S603 — built here
    try:
        _wait_for(port, server)
        yield port
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        shutil.rmtree(var_dir, ignore_errors=True)


def _wait_for(port: int, server: subprocess.Popen, timeout: float = 120.0) -> None:
    give_up_at = time.monotonic() + timeout
    while time.monotonic() < give_up_at:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not start listening")


@contextlib.contextmanager
def in_process():
    """The same WSGI application served from a thread on this thread's database connection, one
    request at a time (for the test database, whose rows no other process can see)."""
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    from django.core.wsgi import get_wsgi_application
    from django.db import connections

    class Server(WSGIServer):
        request_queue_size = 64  # CLIENTS connecting at once wait in the queue, not in SYN retries

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    shared = {alias: connections[alias] for alias in connections}
    httpd = make_server("127.0.0.1", 0, get_wsgi_application(), server_class=Server, handler_class=Quiet)

    def serve():
        for alias, conn in shared.items():
            connections[alias] = conn
        httpd.serve_forever(poll_interval=0.05)

    # Each request would otherwise close the shared connection at its start and end, and with it
    # the test's transaction (whatever connected close_old_connections again since the test began).
    from django.core import signals
    from django.db import close_old_connections

    request_signals = (signals.request_started, signals.request_finished)
    closing = [signal.disconnect(close_old_connections) for signal in request_signals]
    for conn in shared.values():
        conn.inc_thread_sharing()
    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield httpd.server_address[1]
    finally:
        httpd.shutdown()
        thread.join()
        httpd.server_close()
        for conn in shared.values():
            conn.dec_thread_sharing()
        for signal, was_connected in zip(request_signals, closing, strict=True):
            if was_connected:
                signal.connect(close_old_connections)
