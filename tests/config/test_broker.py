"""The embedded broker of `make run` (config/broker.py): a worker never reads half a message."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from kombu import Connection
from kombu.transport import filesystem

from config import broker
from config.broker import AtomicFilesystemTransport

BASE_DIR = Path(__file__).resolve().parents[2]


def _channel(tmp_path, transport):
    queue = tmp_path / "queue"
    queue.mkdir()
    options = {
        "data_folder_in": str(queue),
        "data_folder_out": str(queue),
        "control_folder": str(tmp_path / "control"),
        "store_processed": False,
    }
    return Connection(transport=transport, transport_options=options).channel()


def _reader_sees_nothing_while_writing(channel, module, monkeypatch):
    """Serialize through a `dumps` that, half-way through writing, lets a worker look at the queue."""
    real_dumps = module.dumps
    seen = []

    def dumps_with_a_worker_looking(payload):
        try:
            seen.append(channel._get("celery"))
        except filesystem.Empty:
            seen.append(None)
        return real_dumps(payload)

    monkeypatch.setattr(module, "dumps", dumps_with_a_worker_looking)
    return seen


def test_a_worker_looking_while_a_message_is_written_finds_no_file(tmp_path, monkeypatch):
    channel = _channel(tmp_path, AtomicFilesystemTransport)
    seen = _reader_sees_nothing_while_writing(channel, broker, monkeypatch)

    channel._put("celery", {"body": "reminders.sync_user", "n": 1})

    assert seen == [None]
    assert channel._get("celery") == {"body": "reminders.sync_user", "n": 1}
    with pytest.raises(filesystem.Empty):
        channel._get("celery")


def test_kombus_own_transport_lets_a_worker_read_half_a_message(tmp_path, monkeypatch):
    """The bug the subclass exists for (celery/kombu issue 1551): if kombu fixes it, this test
    fails and config/broker.py can go."""
    channel = _channel(tmp_path, filesystem.Transport)
    with pytest.raises(json.JSONDecodeError):
        _reader_sees_nothing_while_writing(channel, filesystem, monkeypatch)
        channel._put("celery", {"n": 1})


def test_no_temporary_file_is_left_behind(tmp_path):
    channel = _channel(tmp_path, AtomicFilesystemTransport)
    for n in range(20):
        channel._put("celery", {"n": n})

    names = sorted(path.name for path in (tmp_path / "queue").iterdir())
    assert len(names) == 20
    assert all(name.endswith(".celery.msg") for name in names)
    assert sorted(channel._get("celery")["n"] for _ in range(20)) == list(range(20))


def test_make_run_uses_the_atomic_transport_and_sqlite_that_waits_its_turn(tmp_path):
    code = (
        "import json; from config import settings as s; "
        "print(json.dumps([getattr(s, 'CELERY_BROKER_TRANSPORT', None), s.DATABASES['default']['OPTIONS']]))"
    )
    env = {"PATH": os.environ["PATH"], "DEBUG": "1", "RUQSAT_VAR_DIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True)

    assert result.returncode == 0, result.stderr
    transport, database_options = json.loads(result.stdout)
    assert transport == "config.broker:AtomicFilesystemTransport"
    assert database_options["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in database_options["init_command"]
