"""The Celery app. Production points CELERY_BROKER_URL at Redis; `make run` uses kombu's filesystem
transport, whose message folders live under var/broker/ (see CELERY_BROKER_TRANSPORT_OPTIONS)."""

import logging
import os
from pathlib import Path

from celery import Celery, Task
from celery.signals import after_setup_logger, after_setup_task_logger
from django.conf import settings
from django.db import OperationalError, transaction

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

logger = logging.getLogger(__name__)


class DatabaseRetryingTask(Task):
    """Every Ruqsat task: retried with back-off when the database refuses for a moment. On SQLite
    (`make run`) a task can still meet "database is locked" after the busy timeout when the web
    server writes hard; on PostgreSQL a restarted server or a dropped connection looks the same.
    Every task is safe to repeat (acks late, ids in), so retrying loses nothing."""

    autoretry_for = (OperationalError,)
    retry_backoff = 2
    retry_backoff_max = 60
    retry_jitter = True
    max_retries = 8


app = Celery("ruqsat", task_cls=DatabaseRetryingTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Folders the filesystem transport reads and writes; it creates none of them itself.
_FILESYSTEM_FOLDER_OPTIONS = ("data_folder_in", "data_folder_out", "processed_folder", "control_folder")


@app.on_after_configure.connect
def make_filesystem_broker_folders(sender, **kwargs):
    if not str(sender.conf.broker_url or "").startswith("filesystem://"):
        return
    options = sender.conf.broker_transport_options or {}
    for key in _FILESYSTEM_FOLDER_OPTIONS:
        if options.get(key):
            Path(options[key]).mkdir(parents=True, exist_ok=True)


@after_setup_logger.connect
@after_setup_task_logger.connect
def keep_personal_data_out_of_worker_logs(logger=None, **kwargs):
    """A worker replaces the root logger's handlers with its own (and gives task loggers theirs),
    which drops the filter settings.LOGGING puts on the console handler: put it back on each, so a
    failed reminder email logs no address or name from the worker either."""
    # config.celery loads with the settings (config/__init__.py), before Django is set up.
    from config.log_privacy import PersonalDataFilter

    for handler in getattr(logger, "handlers", []):
        if not any(isinstance(f, PersonalDataFilter) for f in handler.filters):
            handler.addFilter(PersonalDataFilter())


def enqueue_on_commit(task, *args) -> None:
    """Queue `task(*args)` once the current transaction commits (at once outside one): a task
    started before the commit would read the rows as they were. Ids in, never model instances. A
    broker that is down is logged, not raised (robust): what the request saved stands, and each
    caller says what catches up (the hourly reconcile, the admin's "Recompute", the invitation's link).
    The test settings turn robustness off (ROBUST_ON_COMMIT), so a task that fails there fails the test."""
    transaction.on_commit(lambda: task.delay(*args), robust=settings.ROBUST_ON_COMMIT)


@app.task(name="config.ping")
def ping(note: str = "pong") -> str:
    """A trivial task to check that a worker consumes from the broker:
    `celery -A config call config.ping --args='["hello"]'` and watch the worker log."""
    logger.info("config.ping received: %s", note)
    return note
