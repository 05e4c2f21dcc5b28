"""One date style per language across pages (issue 13 §8): templates format dates and moments with
the language's DATE_FORMAT / DATETIME_FORMAT (config/formats for ru and kk) in the reader's time
zone — never a SHORT_* format or a hand-written pattern, which put "12/21/2026 10 a.m." beside
"7 Dec 2026, 04:09" and "Dec. 7, 2026" on one page."""

import re
from pathlib import Path

from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# "c": ISO 8601 for a <time datetime="…"> attribute, read by machines, not people.
ALLOWED = {"DATE_FORMAT", "DATETIME_FORMAT", "TIME_FORMAT", "YEAR_MONTH_FORMAT", "MONTH_DAY_FORMAT", "c"}


def test_every_template_formats_dates_with_the_languages_own_formats():
    found = []
    for path in TEMPLATES.rglob("*.html"):
        for match in re.finditer(r"\|\s*date\s*:\s*[\"']([^\"']*)[\"']", path.read_text(encoding="utf-8")):
            if match.group(1) not in ALLOWED:
                found.append(f"{path.relative_to(TEMPLATES)}: {match.group(0)}")
    assert not found, "dates formatted by hand or with SHORT_*:\n" + "\n".join(found)
