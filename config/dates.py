"""Dates a person can mean: the one set of bounds the models' rules, the forms and the API share.

Python's date arithmetic and the UTC conversion on save overflow near year 1 and 9999; a typo such
as 0021 or 20211 must be an error naming the field, never a 500 further down (deadlines)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

EARLIEST_YEAR, LATEST_YEAR = 1900, 2999

OUT_OF_RANGE = _("Enter a date between the years %(earliest)d and %(latest)d.")


def is_plausible(day: dt.date | dt.datetime) -> bool:
    return EARLIEST_YEAR <= day.year <= LATEST_YEAR


def out_of_range_error() -> ValidationError:
    return ValidationError(OUT_OF_RANGE, code="out_of_range", params={"earliest": EARLIEST_YEAR, "latest": LATEST_YEAR})


def validate_plausible_date(day: dt.date | dt.datetime | None) -> None:
    """A field validator: refuses a date outside EARLIEST_YEAR..LATEST_YEAR."""
    if day is not None and not is_plausible(day):
        raise out_of_range_error()
