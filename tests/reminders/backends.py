"""A mail backend that is down while `FlakyEmailBackend.down` is true, then delivers to
django.core.mail.outbox like the locmem backend."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend


class FlakyEmailBackend(EmailBackend):
    down = True
    attempts = 0

    def send_messages(self, messages):
        type(self).attempts += 1
        if type(self).down:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)
