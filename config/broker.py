"""The embedded broker of `make run`: kombu's filesystem transport, with messages written atomically.

kombu's own `_put` opens the message's final name and then writes into it, while a worker's `_get`
lists the folder and moves any file with a queue's name away to read it — without the writer's lock.
Under a burst of tasks a worker read half-written files, failed with "Unrecoverable error:
JSONDecodeError" and stopped (celery/kombu issue 1551). Here each message is written under a
temporary name that no queue matches and renamed into place once complete: a rename within one
folder is atomic, so a reader sees either no file or the whole message.

A maintained alternative (SQLAlchemy's broker, Redis) would need either a second database file that
SQLite locks against the web server's writes, or a server a newcomer must install: this keeps `make
run` at Python and make.
"""

import contextlib
import os
import tempfile
import uuid
from time import monotonic

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps

# A name no queue's messages can have: kombu's reader takes files named "<stamp>_<id>.<queue>.msg".
_WRITING_PREFIX = ".writing-"


class AtomicFilesystemChannel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):
        """Put the message on `queue`: written under a temporary name, then renamed into place."""
        folder = self.data_folder_out
        final = os.path.join(folder, f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg")
        try:
            descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=_WRITING_PREFIX, suffix=".tmp")
        except OSError as exc:
            raise ChannelError(f"Cannot add a message to {folder!r}") from exc
        try:
            with os.fdopen(descriptor, "wb") as message:
                message.write(str_to_bytes(dumps(payload)))
            os.replace(temporary, final)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise ChannelError(f"Cannot add file {final!r} to directory") from exc


class AtomicFilesystemTransport(filesystem.Transport):
    Channel = AtomicFilesystemChannel
