import sys

from django.core.mail.backends.console import EmailBackend as ConsoleBackend
from django.core.mail.backends.filebased import EmailBackend as FileBackend


class FileAndConsoleEmailBackend(FileBackend):
    """The embedded default: each message is kept in EMAIL_FILE_PATH and echoed on the console,
    so a newcomer running `make run` can read the password-reset and reminder mails."""

    def send_messages(self, email_messages):
        sent = super().send_messages(email_messages)
        ConsoleBackend(stream=sys.stdout).send_messages(email_messages)
        return sent
