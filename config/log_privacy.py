"""Keep personal data out of logs and error reports.

Ruqsat's logs may end up on a hosting provider's disk or in front of a support volunteer; the
names of people who organize protests and their emails must never be there. Log calls in our own
code pass ids, not names — this filter is the net under that rule for everything else
(exception messages from the database driver, third-party libraries, a careless f-string):
emails, phone numbers, quoted values, `=(value)` details and any word in a non-Latin script
(Kazakh and Russian names) are replaced before a record reaches any handler.
"""

import logging
import re

from django.views.debug import SafeExceptionReporterFilter

REDACTED = "[redacted]"

_PATTERNS = [
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),  # emails
    re.compile(r"\+?\d[\d ()-]{7,}\d"),  # phone numbers
    re.compile(r"=\([^)]*\)"),  # PostgreSQL's DETAIL: Key (email)=(value)
    # Quoted values, except source file paths in tracebacks (File "/…/views.py"), which name code, not people.
    re.compile(r"'(?![\w./-]+\.(?:py|html)')[^'\n]*'|\"(?![\w./-]+\.(?:py|html)\")[^\"\n]*\"|«[^»\n]*»|“[^”\n]*”"),
    re.compile(r"[^\x00-\x7f\s\d\W][^\x00-\x7f\s]*(?:[ \t]+[^\x00-\x7f\s]+)*"),  # non-Latin words
]


def redact(text: str) -> str:
    for pattern in _PATTERNS:
        text = pattern.sub(REDACTED, text)
    return text


class PersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)
        record.msg, record.args = redact(message), ()
        if record.exc_info:
            formatted = logging.Formatter().formatException(record.exc_info)
            record.exc_text = redact(formatted)
            record.exc_info = None
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        # The request object carries POST bodies and user names; handlers don't need it.
        if hasattr(record, "request"):
            record.request = None
        return True


class NoPersonalDataExceptionReporterFilter(SafeExceptionReporterFilter):
    """Error reports (e.g. mailed to ADMINS) show the stack but no POST data and no local
    variables: either may hold an applicant's name or a document's content."""

    def get_post_parameters(self, request):
        return dict.fromkeys(request.POST if request else {}, self.cleansed_substitute)

    def get_traceback_frame_variables(self, request, tb_frame):
        return []
