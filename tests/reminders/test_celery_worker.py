"""A real Celery worker with beat, on Redis and PostgreSQL, sends a due reminder without anyone
calling the sweep: what `make run` and production rely on."""

import datetime as dt
import os
import signal
import subprocess
import time
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from reminders.models import Reminder, SweepRecord
from reminders.services import reminders_sync
from tests.conftest import require_service
from tests.reminders.conftest import custom_deadline, require_postgresql
from tests.reminders.processes import REPO, message_ids_in, process_env, python

pytestmark = [
    pytest.mark.services,
    pytest.mark.usefixtures("postgresql_only"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# A Redis database of this test's own, so that a worker elsewhere on the same Redis takes none of
# its tasks, and it none of theirs.
REDIS_DB = 7
WAIT_SECONDS = 90


def worker_broker_url() -> str:
    url = os.environ.get("CELERY_BROKER_URL", "")
    if not url.startswith("redis://"):
        require_service("needs Redis (CELERY_BROKER_URL=redis://…)")
    return urlsplit(url)._replace(path=f"/{REDIS_DB}").geturl()


def stop(process: subprocess.Popen):
    """The worker, its pool and beat: the whole process group, politely first."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def test_a_worker_with_beat_sends_a_due_reminder_by_itself(world, tmp_path):
    require_postgresql()
    broker = worker_broker_url()
    deadline = custom_deadline(world.application, timezone.localdate() + dt.timedelta(days=3))
    reminders_sync(application_id=world.application.pk)
    due = Reminder.objects.filter(deadline=deadline, recipient=world.member, offset_days=3).get()
    # Due a minute ago; nothing else is.
    Reminder.objects.exclude(pk=due.pk).delete()
    Reminder.objects.filter(pk=due.pk).update(next_attempt_at=timezone.now() - dt.timedelta(minutes=1))
    (tmp_path / "var").mkdir()
    mail_dir = tmp_path / "mail"
    log = (tmp_path / "worker.log").open("w")
    env = process_env(tmp_path, mail_dir=mail_dir, CELERY_BROKER_URL=broker, REMINDER_SWEEP_INTERVAL_SECONDS="2")
    worker = subprocess.Popen(
        [python(), "-m", "celery", "-A", "config", "worker", "--beat", "--loglevel", "INFO", "--concurrency", "1",
         "--without-gossip", "--without-mingle", "--without-heartbeat",
         "--schedule", str(tmp_path / "var" / "celerybeat-schedule")],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        give_up_at = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < give_up_at and worker.poll() is None:
            due.refresh_from_db()
            # Sent, and the sweep that sent it has finished (it records itself last).
            if due.status == Reminder.Status.SENT and SweepRecord.objects.filter(sent__gte=1).exists():
                break
            time.sleep(0.5)
    finally:
        stop(worker)
        log.close()
    output = (tmp_path / "worker.log").read_text()
    assert due.status == Reminder.Status.SENT, f"not sent within {WAIT_SECONDS}s; worker said:\n{output[-4000:]}"
    assert message_ids_in(mail_dir) == [f"<reminder-{due.pk}@ruqsat.example>"]
    assert SweepRecord.objects.get().last_finished_at is not None
    assert "reminders.sweep" in output
