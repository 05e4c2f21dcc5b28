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
