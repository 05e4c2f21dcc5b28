"""The filing checked before it is written: which items the law asks for are missing, and how the
day stands against the last day to file. Pure: no queries (the service gives it the dates)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext

from permits import workdays
from permits.filing.answers import FilingAnswers
from permits.filing.requirements import Regime, Requirement


@dataclass(frozen=True)
class MissingItem:
    requirement: Requirement
    regime: Regime
    organizer: int | None = None  # 1-based, for an item every organizer must give

    @property
    def code(self) -> str:
        return self.requirement.code

    @property
    def article(self) -> str:
        return self.regime.article

    @property
    def field(self) -> str:
        """The interview's field to show the error beside ("organizers.2.id_number" for one organizer's)."""
        if self.organizer is not None:
            return f"organizers.{self.organizer}.{self.requirement.organizer_field}"
        return self.requirement.answer

    def message(self) -> str:
        """In the active language: the item, and the article that asks for it."""
        values = {"item": self.requirement.label(), "article": self.regime.article_text()}
        if self.organizer is not None:
            values["n"] = self.organizer
            return gettext("Organizer %(n)s: %(item)s is missing; %(article)s asks for it.") % values
        return gettext("%(item)s is missing; %(article)s asks for it.") % values

    def as_json(self) -> dict:
        data = {"item": self.code, "article": self.article, "message": self.message()}
        if self.organizer is not None:
            data["organizer"] = self.organizer
        return data


def _present(value) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (tuple, list)):
        return bool(value)
    return value is not None


def missing_items(answers: FilingAnswers, regime: Regime, requirements: tuple[Requirement, ...]) -> list[MissingItem]:
    """Every required item of `regime` the answers leave empty, in the order of the requirements;
    an organizer's item once per organizer who lacks it."""
    missing = []
    for requirement in requirements:
        if not requirement.required or regime.code not in requirement.regimes:
            continue
        if requirement.per_organizer:
            for number, organizer in enumerate(answers.organizers, start=1):
                if not _present(getattr(organizer, requirement.organizer_field)):
                    missing.append(MissingItem(requirement, regime, number))
        elif not _present(answers.value(requirement.answer)):
            missing.append(MissingItem(requirement, regime))
    return missing


@dataclass(frozen=True)
class FilingWindow:
    """Where today stands against the last day the filing can be registered in time."""

    today: dt.date
    latest_on: dt.date | None  # None: no rule gives one (no start, or no rule for the place)
    working_days_left: int  # from today to the last day, both included

    @property
    def passed(self) -> bool:
        return self.latest_on is not None and self.today > self.latest_on


def filing_window(today: dt.date, latest_on: dt.date | None, calendar: workdays.WorkingCalendar) -> FilingWindow:
    left = workdays.working_days_from_to(calendar, today, latest_on) if latest_on else 0
    return FilingWindow(today=today, latest_on=latest_on, working_days_left=left)
