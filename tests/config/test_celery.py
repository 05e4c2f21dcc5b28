from types import SimpleNamespace

from config.celery import app, make_filesystem_broker_folders, ping


def test_the_ping_task_is_registered_and_returns_its_note():
    assert "config.ping" in app.tasks
    assert ping.apply(args=["hello"]).get() == "hello"


def test_the_filesystem_broker_folders_are_created_before_use(tmp_path):
    options = {
        "data_folder_in": str(tmp_path / "broker" / "queue"),
        "data_folder_out": str(tmp_path / "broker" / "queue"),
        "processed_folder": str(tmp_path / "broker" / "processed"),
        "control_folder": str(tmp_path / "broker" / "control"),
    }
    sender = SimpleNamespace(conf=SimpleNamespace(broker_url="filesystem://", broker_transport_options=options))

    make_filesystem_broker_folders(sender)

    assert all((tmp_path / "broker" / name).is_dir() for name in ("queue", "processed", "control"))


def test_no_folders_are_made_for_a_redis_broker(tmp_path):
    options = {"control_folder": str(tmp_path / "control")}
    sender = SimpleNamespace(
        conf=SimpleNamespace(broker_url="redis://127.0.0.1:6379/0", broker_transport_options=options)
    )

    make_filesystem_broker_folders(sender)

    assert not (tmp_path / "control").exists()


def test_a_worker_log_line_mentioning_a_person_is_redacted_too():
    # A worker sets up logging its own way (new handlers on the root and the task logger), which
    # would drop the personal-data filter of settings.LOGGING.
    import io
    import logging

    root, task_logger = logging.getLogger(), logging.getLogger("celery.task")
    saved = [(lg, lg.handlers[:], lg.level, lg.propagate) for lg in (root, task_logger)]
    try:
        app.log.already_setup = False
        app.log.setup(loglevel="INFO", redirect_stdouts=False)
        for logger in (root, task_logger):
            handlers = [h for h in logger.handlers if isinstance(h, logging.StreamHandler)]
            assert handlers, logger.name
            for handler in handlers:
                handler.setStream(stream := io.StringIO())
                handler.handle(
                    logger.makeRecord(
                        logger.name,
                        logging.ERROR,
                        __file__,
                        1,
                        "could not mail %s about %s",
                        ("asel@example.org", "Әсел Нұрланқызы"),
                        None,
                    )
                )
                written = stream.getvalue()
                assert "could not mail" in written
                assert "asel@example.org" not in written and "Әсел" not in written
    finally:
        app.log.already_setup = False
        for logger, handlers, level, propagate in saved:
            logger.handlers[:] = handlers
            logger.setLevel(level)
            logger.propagate = propagate


def test_a_task_that_meets_a_locked_database_is_retried_until_it_gets_through():
    from django.db import OperationalError

    calls = []

    @app.task(name="tests.locked_twice")
    def locked_twice():
        calls.append(len(calls))
        if len(calls) < 3:
            raise OperationalError("database is locked")
        return "done"

    # As a worker runs it: a failure is retried in place, not raised to the caller at once (the
    # suite's eager mode propagates failures: tests/conftest.py, which restores the setting).
    app.conf.task_eager_propagates = False
    assert locked_twice.apply().get() == "done"
    assert len(calls) == 3


def test_every_ruqsat_task_retries_on_a_database_error():
    from django.db import OperationalError

    app.loader.import_default_modules()
    ours = [task for name, task in app.tasks.items() if not name.startswith("celery.")]
    assert {"reminders.sweep", "reminders.sync_application", "permits.refresh_deadlines_in"} <= {t.name for t in ours}
    assert all(OperationalError in task.autoretry_for for task in ours)
