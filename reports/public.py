"""The public statistics (/public/refusals/ and its open data): refusals of the groups that opted in
(Organization.publish_statistics) by authority × reason × year × event type, without exposing any
of them.

The rules, and the attack each one stops:
- A cell (one authority, reason, year and event type) is shown only when it counts at least
  MIN_GROUPS groups and MIN_REFUSALS refusals: a cell of one group's two refusals would describe
  that group. A smaller cell is left out altogether, not listed as "too small": where Ruqsat has one
  group in a town, "Akimat of Taraz, 2024, picket, public order: fewer than 5" would already tell
  what that group was refused, and why.
- Every total and marginal (by reason, by authority, by year, by event type, the trend per reason)
  is added up from the shown cells only, never from everything. A total over everything minus the
  shown cells beside a hidden one would give the hidden cell back; a total of the shown cells minus
  the shown cells gives nothing. The page and the open data say so: the totals are lower bounds.
- A quote appears only as a coordinator redacted and published it (reports.PublishedQuote, the
  share links' review), and only when its refusal sits in a shown cell: a quote from a hidden cell
  would point at the one refusal the suppression hides.
- Nothing names a person or a group: the lead group of each application is counted (as in the
  authority records, reports.services), never named; an authority a group added for itself (not yet
  published by an editor) is not named either, since its name is that group's own words.

Counting (as in the reports page): a refusal counts once under each reason it cites, so the
by-reason figures may add up to more than the refusals; every other figure counts each refusal once.
Consent is read on every request: a group that opts out is gone from the next answer.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from organizations.models import Organization
from permits.models import Authority, Decision, EventType, RefusalGround, RefusalReason
from reports.charts import BarChart, bar_chart
from reports.models import PublishedQuote

MIN_GROUPS = 3
MIN_REFUSALS = 5
PUBLIC_QUOTES = 50

LICENCE_NAME = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


def public_grounds():
    """The refusal grounds that count: those of refusals whose lead group opted in."""
    return RefusalGround.objects.filter(
        decision__outcome=Decision.Outcome.REFUSED,
        decision__application__organization__publish_statistics=True,
    )


@dataclass(frozen=True)
class CellKey:
    authority_id: int
    reason_id: int
    year: int
    event_type: str


@dataclass
class Tally:
    """The refusals and groups behind one figure. Never leaves this module: only counts do."""

    decisions: set = field(default_factory=set)
    groups: set = field(default_factory=set)

    def add(self, other: Tally) -> None:
        self.decisions |= other.decisions
        self.groups |= other.groups

    @property
    def is_shown(self) -> bool:
        return len(self.groups) >= MIN_GROUPS and len(self.decisions) >= MIN_REFUSALS


@dataclass(frozen=True)
class Cell:
    year: int
    authority: str
    reason_code: str
    reason: str
    event_type_code: str
    event_type: str
    refusals: int
    groups: int


@dataclass(frozen=True)
class Figure:
    """One marginal: the shown cells under `key` added up."""

    key: str
    label: str
    refusals: int
    groups: int


@dataclass(frozen=True)
class Trend:
    reason_code: str
    reason: str
    groups: int  # drawn from, over all its years
    years: list[Figure]

    @property
    def chart(self) -> BarChart:
        return bar_chart([(figure.label, figure.refusals) for figure in self.years])


@dataclass(frozen=True)
class PublicQuote:
    reason: str
    authority: str
    year: int
    text: str


@dataclass
class PublicStatistics:
    groups_publishing: int  # groups that opted in, whether or not any of their refusals is shown
    groups_counted: int  # groups with a refusal in a shown cell
    refusals_shown: int
    cells: list[Cell]
    by_reason: list[Figure]
    by_authority: list[Figure]
    by_year: list[Figure]
    by_event_type: list[Figure]
    trends: list[Trend]
    quotes: list[PublicQuote]


def public_statistics() -> PublicStatistics:
    """Everything the public page and its open data show, suppressed. One query for the grounds
    (one row per refusal and reason), one for the names, one for the quotes."""
    rows = (
        public_grounds()
        .annotate(year=ExtractYear("decision__decided_on"))
        .values_list(
            "decision_id",
            "decision__application__organization_id",
            "decision__application__authority_id",
            "decision__application__authority__organization_id",
            "reason_id",
            "year",
            "decision__application__event_type",
        )
    )
    tallies: dict[CellKey, Tally] = defaultdict(Tally)
    for decision_id, group_id, authority_id, private_to, reason_id, year, event_type in rows:
        tally = tallies[CellKey(_public_authority(authority_id, private_to), reason_id, year, event_type)]
        tally.decisions.add(decision_id)
        tally.groups.add(group_id)

    # Nothing of a smaller cell goes further than this line: not its number, not that it exists.
    shown = {key: tally for key, tally in tallies.items() if tally.is_shown}
    authorities = _authority_names({key.authority_id for key in shown})
    reasons = RefusalReason.objects.in_bulk({key.reason_id for key in shown})
    event_types = dict(EventType.choices)

    def margin(key_of, label_of, order=lambda key: key) -> list[Figure]:
        """Figures per `key_of(cell key)`, added up from the shown cells."""
        sums = _sums(shown, key_of)
        return [
            Figure(str(key), label_of(key), len(sums[key].decisions), len(sums[key].groups))
            for key in sorted(sums, key=order)
        ]

    def reason_order(pk):
        return (reasons[pk].position, reasons[pk].code)

    everything = _sums(shown, lambda key: "all")["all"]
    cells = [
        Cell(
            year=key.year,
            authority=authorities[key.authority_id],
            reason_code=reasons[key.reason_id].code,
            reason=reasons[key.reason_id].name,
            event_type_code=key.event_type,
            event_type=str(event_types.get(key.event_type, key.event_type)),
            refusals=len(tally.decisions),
            groups=len(tally.groups),
        )
        for key, tally in shown.items()
    ]
    cells.sort(key=lambda c: (-c.year, c.authority, c.reason, c.event_type_code))

    years = sorted({key.year for key in shown})
    by_reason_and_year = _sums(shown, lambda key: (key.reason_id, key.year))
    trends = []
    for reason_id in sorted({key.reason_id for key in shown}, key=reason_order):
        drawn_from = set()
        series = []
        for year in years:
            tally = by_reason_and_year.get((reason_id, year), Tally())
            drawn_from |= tally.groups
            series.append(Figure(str(year), str(year), len(tally.decisions), len(tally.groups)))
        reason = reasons[reason_id]
        trends.append(Trend(reason.code, reason.name, len(drawn_from), series))

    return PublicStatistics(
        groups_publishing=Organization.objects.filter(publish_statistics=True).count(),
        groups_counted=len(everything.groups),
        refusals_shown=len(everything.decisions),
        cells=cells,
        by_reason=[
            Figure(reasons[int(f.key)].code, f.label, f.refusals, f.groups)
            for f in margin(lambda k: k.reason_id, lambda pk: reasons[pk].name, reason_order)
        ],
        by_authority=margin(
            lambda k: k.authority_id,
            lambda pk: authorities[pk],
            lambda pk: authorities[pk],
        ),
        by_year=margin(lambda k: k.year, str),
        by_event_type=margin(lambda k: k.event_type, lambda code: str(event_types.get(code, code))),
        trends=trends,
        quotes=_public_quotes(shown, authorities, reasons),
    )


# The one key for every authority a group added for itself and no editor has published yet: its name
# is that group's own words, unseen by any other group, and would point at the group.
UNLISTED_AUTHORITY = 0


def _public_authority(authority_id: int, private_to: int | None) -> int:
    return UNLISTED_AUTHORITY if private_to is not None else authority_id


def _authority_names(ids) -> dict[int, str]:
    names = {pk: authority.name for pk, authority in Authority.objects.in_bulk(ids).items()}  # translated
    names[UNLISTED_AUTHORITY] = _("An authority not yet in Ruqsat's shared list")
    return names


def _sums(shown: dict[CellKey, Tally], key_of) -> dict:
    """The shown cells' tallies added up per `key_of(cell key)`."""
    sums: dict = defaultdict(Tally)
    for key, tally in shown.items():
        sums[key_of(key)].add(tally)
    return sums


def _public_quotes(shown: dict[CellKey, Tally], authorities, reasons) -> list[PublicQuote]:
    """The published (redacted, current) quotes of refusals in shown cells, latest first."""
    published = (
        PublishedQuote.objects.current()
        .filter(ground__in=public_grounds())
        .annotate(year=ExtractYear("ground__decision__decided_on"))
        .values_list(
            "text",
            "ground__decision__application__authority_id",
            "ground__decision__application__authority__organization_id",
            "ground__reason_id",
            "year",
            "ground__decision__application__event_type",
        )
        .order_by("-ground__decision__decided_on", "-ground__decision_id", "ground__position")
    )
    quotes = []
    for text, authority_id, private_to, reason_id, year, event_type in published:
        key = CellKey(_public_authority(authority_id, private_to), reason_id, year, event_type)
        if key not in shown:
            continue
        quotes.append(PublicQuote(reasons[reason_id].name, authorities[key.authority_id], year, text))
        if len(quotes) == PUBLIC_QUOTES:
            break
    return quotes


# --- Open data: the same figures as JSON and CSV -----------------------------------------------


def _figure_data(figure: Figure) -> dict:
    return {
        "key": figure.key,
        "label": figure.label,
        "refusals": figure.refusals,
        "groups": figure.groups,
    }


def open_data(statistics: PublicStatistics, *, source: str, how_to_cite: str, notes: str) -> dict:
    """The JSON document: every shown cell, the marginals of the shown cells, the trend per reason,
    the published quotes, the licence and how to cite it."""
    return {
        "source": source,
        "licence": {"name": LICENCE_NAME, "url": LICENCE_URL},
        "how_to_cite": how_to_cite,
        "notes": notes,
        "suppression": {"min_groups": MIN_GROUPS, "min_refusals": MIN_REFUSALS},
        "groups_publishing": statistics.groups_publishing,
        "groups_counted": statistics.groups_counted,
        "refusals_shown": statistics.refusals_shown,
        "cells": [
            {
                "year": cell.year,
                "authority": cell.authority,
                "reason": cell.reason_code,
                "reason_label": cell.reason,
                "event_type": cell.event_type_code,
                "event_type_label": cell.event_type,
                "refusals": cell.refusals,
                "groups": cell.groups,
            }
            for cell in statistics.cells
        ],
        "by_reason": [_figure_data(f) for f in statistics.by_reason],
        "by_authority": [_figure_data(f) for f in statistics.by_authority],
        "by_year": [_figure_data(f) for f in statistics.by_year],
        "by_event_type": [_figure_data(f) for f in statistics.by_event_type],
        "trends": [
            {
                "reason": trend.reason_code,
                "reason_label": trend.reason,
                "groups": trend.groups,
                "years": [_figure_data(f) for f in trend.years],
            }
            for trend in statistics.trends
        ],
        "quotes": [
            {"reason_label": q.reason, "authority": q.authority, "year": q.year, "text": q.text}
            for q in statistics.quotes
        ],
    }


CSV_COLUMNS = (
    "year",
    "authority",
    "reason",
    "reason_label",
    "event_type",
    "event_type_label",
    "refusals",
    "groups",
)


def open_data_rows(statistics: PublicStatistics) -> list[list]:
    """The CSV's cells, one row each."""
    return [
        [
            cell.year,
            cell.authority,
            cell.reason_code,
            cell.reason,
            cell.event_type_code,
            cell.event_type,
            cell.refusals,
            cell.groups,
        ]
        for cell in statistics.cells
    ]
