import sys

from django.core.mail.backends.console import EmailBackend as ConsoleBackend
from django.core.mail.backends.filebased import EmailBackend as FileBackend

from config.text import single_line


class FileAndConsoleEmailBackend(FileBackend):
    """The embedded default: each message is kept in EMAIL_FILE_PATH and echoed on the console,
    so a newcomer running `make run` can read the password-reset and reminder mails."""

    def send_messages(self, email_messages):
        sent = super().send_messages(email_messages)
        ConsoleBackend(stream=sys.stdout).send_messages(email_messages)
        return sent


def subject_line(rendered: str) -> str:
    """A rendered email subject as one header-safe line; every subject goes through here.

    A group name or a title holding a line break (stored before config.stored_text, or reaching
    the template from anywhere else) would otherwise make Django refuse the message
    (BadHeaderError) after the row that asked for it was saved."""
    return " ".join(single_line(rendered).split())
