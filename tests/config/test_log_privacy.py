import logging
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import RequestFactory

from config.log_privacy import NoPersonalDataExceptionReporterFilter, PersonalDataFilter, redact


def emit(logger_name, *args, exc_info=None):
    record = logging.getLogger(logger_name).makeRecord(
        logger_name, logging.ERROR, __file__, 1, args[0], args[1:], exc_info
    )
    PersonalDataFilter().filter(record)
    return logging.Formatter("%(message)s").format(record)


def test_a_log_line_after_an_error_that_mentions_a_name_keeps_the_error_but_not_the_name():
    try:
        raise ValueError("Applicant 'Aruzhan Bekova' could not be saved for Әсел Нұрланқызы")
    except ValueError:
        import sys

        line = emit(
            "django.request",
            "Internal Server Error: %s %s",
            "/applications/7/",
            "Дана Сергеевна",
            exc_info=sys.exc_info(),
        )
    assert "Internal Server Error: /applications/7/" in line
    assert "ValueError" in line
    for personal in ("Aruzhan", "Bekova", "Әсел", "Нұрланқызы", "Дана", "Сергеевна"):
        assert personal not in line


@pytest.mark.parametrize(
    "text",
    [
        "DETAIL:  Key (email)=(asel@example.org) already exists.",
        "sent reminder to asel.k+ruqsat@mail.kz",
        "call +7 701 123 45 67 tomorrow",
    ],
)
def test_emails_phones_and_database_details_are_redacted(text):
    cleaned = redact(text)
    assert "asel" not in cleaned and "701" not in cleaned
    assert "[redacted]" in cleaned


def test_the_configured_console_handler_filters_records():
    handler = next(h for h in logging.getLogger().handlers if isinstance(h, logging.StreamHandler))
    assert any(isinstance(f, PersonalDataFilter) for f in handler.filters)


def test_error_reports_show_no_post_data_and_no_local_variables():
    request = RequestFactory().post("/applications/new/", {"applicant_name": "Әсел Нұрланқызы"})
    report_filter = NoPersonalDataExceptionReporterFilter()
    assert "Әсел" not in str(report_filter.get_post_parameters(request))
    assert report_filter.get_traceback_frame_variables(request, None) == []


def test_tracebacks_keep_their_source_file_paths_so_errors_can_be_found():
    line = redact('File "/work/main/permits/views/applications.py", line 12, in detail')
    assert "/work/main/permits/views/applications.py" in line
    assert redact('File "Aruzhan Bekova.txt"') == "File [redacted]"


# Run in a fresh process, as `make run` starts (DEBUG on): in the test process other tests add
# handlers of their own at run time (e.g. multiprocessing's), which say nothing about our settings.
HANDLERS_AT_START = """
import logging
import django
django.setup()
from config.log_privacy import PersonalDataFilter
loggers = [logging.getLogger()] + [
    logger for logger in logging.Logger.manager.loggerDict.values() if isinstance(logger, logging.Logger)
]
for logger in loggers:
    for handler in logger.handlers:
        if logger.name == "django.server" or isinstance(handler, logging.NullHandler):
            continue
        if not any(isinstance(f, PersonalDataFilter) for f in handler.filters):
            print(f"{logger.name}: {handler!r}")
"""


def test_no_configured_handler_writes_a_log_line_unfiltered():
    # Django's own logging defaults put handlers of their own on "django" (the console under DEBUG,
    # i.e. `make run`, and mail to ADMINS): those wrote names and emails in full beside the
    # filtered root handler. "django.server" is runserver's request log, never run in production.
    env = {**os.environ, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "config.settings"}
    result = subprocess.run(
        [sys.executable, "-c", HANDLERS_AT_START], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    unfiltered = result.stdout.splitlines()
    assert not unfiltered, unfiltered
