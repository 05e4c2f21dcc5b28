"""Mail backends for the reminder tests."""

import os
import smtplib
import time

from django.core.mail.backends.filebased import EmailBackend as FileBackend
from django.core.mail.backends.locmem import EmailBackend


class FlakyEmailBackend(EmailBackend):
    """Down while `down` is true (the SMTP server drops the connection), then delivers to
    django.core.mail.outbox like the locmem backend."""

    down = True
    attempts = 0

    def send_messages(self, messages):
        type(self).attempts += 1
        if type(self).down:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


class SlowFileEmailBackend(FileBackend):
    """Writes messages to EMAIL_FILE_PATH like the filebased backend, a little slowly, so that
    sweeps in separate processes overlap for long enough to race."""

    def send_messages(self, messages):
        time.sleep(float(os.environ.get("SLOW_MAIL_SECONDS", "0.01")) * len(messages))
        return super().send_messages(messages)
