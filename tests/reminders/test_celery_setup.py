"""The Celery configuration the reminders rely on."""

from django.conf import settings

from config.celery import app


def test_beat_runs_the_sweep_every_minute_the_summaries_each_quarter_hour_and_the_reconcile_hourly():
    schedule = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule == {"reminders.sweep": 60.0, "reminders.send_digests": 900.0, "reminders.reconcile": 3600.0}
    assert app.conf.beat_schedule == settings.CELERY_BEAT_SCHEDULE


def test_tasks_are_acknowledged_late_and_redelivered_when_their_worker_dies():
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1


def test_the_reminder_tasks_are_registered():
    app.loader.import_default_modules()
    assert {
        "reminders.sweep",
        "reminders.reconcile",
        "reminders.sync_application",
        "reminders.sync_organization",
        "reminders.sync_user",
        "reminders.send_digests",
    } <= set(app.tasks)
