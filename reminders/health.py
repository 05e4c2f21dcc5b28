"""GET /healthz: is the database answering, is the broker answering, did a sweep run lately?"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import connection
from django.utils import timezone

from config.celery import app
from reminders.sweep import last_sweep_at

logger = logging.getLogger(__name__)


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.warning("healthz: the database does not answer", exc_info=True)
        return False
    return True


def broker_ok() -> bool:
    timeout = settings.HEALTH_BROKER_TIMEOUT_SECONDS
    try:
        with app.connection_for_write() as broker:
            # One try with a short timeout: a health check must answer quickly, not wait out retries.
            broker.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=timeout)
    except Exception:
        logger.warning("healthz: the broker does not answer", exc_info=True)
        return False
    return True


def health() -> tuple[bool, dict]:
    database = database_ok()
    last_sweep = None
    if database:
        try:
            last_sweep = last_sweep_at()
        except Exception:
            logger.warning("healthz: cannot read the last sweep", exc_info=True)
            database = False
    broker = broker_ok()
    max_age = dt.timedelta(seconds=settings.HEALTH_MAX_SWEEP_AGE_SECONDS)
    sweep_fresh = last_sweep is not None and timezone.now() - last_sweep <= max_age
    report = {
        "database": "ok" if database else "down",
        "broker": "ok" if broker else "down",
        "last_sweep": last_sweep.isoformat() if last_sweep else None,
    }
    if not sweep_fresh:
        report["sweep"] = "late"
    return database and broker and sweep_fresh, report
