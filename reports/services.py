"""Refusal patterns: counts by reason, authority, year and event type, aggregated in the database
over a set of applications the caller chose (what a user may see, what a group published, what the
groups that share their statistics recorded).

How refusals are counted (also in API.md's reports/refusals/):
- by `reason`: one per ground — a refusal citing repair works and a conflicting event counts once
  under each, so the counts may add up to more than the number of refusals;
- by `authority`, `year` and `event_type`: one per refusal decision.
The period (`from`, `to`, both inclusive) and the year are those of the decision's date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from organizations.models import Organization
from permits.models import (
    Applicant,
    Authority,
    CoOrganizer,
    Decision,
    EventType,
    Jurisdiction,
    PermitApplication,
    RefusalGround,
    RefusalReason,
)
from reports.models import ShareLink

BY_CHOICES = ("reason", "authority", "year", "event_type")
REFUSED = Decision.Outcome.REFUSED


@dataclass(frozen=True)
class ReportFilters:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    jurisdiction: Jurisdiction | None = None  # a country includes its cities
    organization: Organization | None = None  # as lead or co-organizer


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    count: int


def refused_decisions(applications: QuerySet, filters: ReportFilters = ReportFilters()) -> QuerySet:
    """Refusal decisions on `applications` (a PermitApplication queryset), filtered."""
    return decisions_matching(applications, filters).filter(outcome=REFUSED)


def decisions_matching(applications: QuerySet, filters: ReportFilters = ReportFilters()) -> QuerySet:
    """Every decision (any outcome) on `applications`, filtered."""
    decisions = Decision.objects.filter(application__in=applications)
    if filters.date_from:
        decisions = decisions.filter(decided_on__gte=filters.date_from)
    if filters.date_to:
        decisions = decisions.filter(decided_on__lte=filters.date_to)
    if filters.jurisdiction:
        decisions = decisions.filter(
            Q(application__authority__jurisdiction=filters.jurisdiction)
            | Q(application__authority__jurisdiction__parent=filters.jurisdiction)
        )
    if filters.organization:
        # A subquery, not a join: a join through co-organizers would count an application once per link.
        co_organized = CoOrganizer.objects.filter(organization=filters.organization).values("application_id")
        decisions = decisions.filter(
            Q(application__organization=filters.organization) | Q(application_id__in=co_organized)
        )
    return decisions


def _refused_applications(applications: QuerySet, filters: ReportFilters) -> QuerySet:
    """`applications` joined to their refusal decisions, filtered. Aggregates start from the
    applications themselves, so that the caller's set (what a user may see) is scanned once and
    joined to its decisions, rather than read again in an `IN (…)` subquery."""
    if filters.jurisdiction:
        applications = applications.filter(
            Q(authority__jurisdiction=filters.jurisdiction) | Q(authority__jurisdiction__parent=filters.jurisdiction)
        )
    if filters.organization:
        # A subquery, not a join: a join through co-organizers would count an application once per link.
        co_organized = CoOrganizer.objects.filter(organization=filters.organization).values("application_id")
        applications = applications.filter(Q(organization=filters.organization) | Q(pk__in=co_organized))
    # One filter() call: every condition is on the same decision row, which the counts then use.
    on_decision = {"decisions__outcome": REFUSED}
    if filters.date_from:
        on_decision["decisions__decided_on__gte"] = filters.date_from
    if filters.date_to:
        on_decision["decisions__decided_on__lte"] = filters.date_to
    return applications.filter(**on_decision)


# What each per-decision breakdown groups on, in the joined query above.
DECISION_KEYS = {"authority": "authority_id", "year": "refusal_year", "event_type": "event_type"}


def _decision_groups(applications: QuerySet, filters: ReportFilters, breakdowns) -> list[dict]:
    """Refusals counted per combination of the breakdowns' keys: one aggregate query for all of them."""
    refused = _refused_applications(applications, filters).annotate(refusal_year=ExtractYear("decisions__decided_on"))
    keys = [DECISION_KEYS[by] for by in breakdowns]
    return list(refused.values(*keys).annotate(count=Count("decisions")).order_by())


def _rows(by: str, groups: list[dict]) -> list[Row]:
    """One breakdown's rows from the combined groups, largest first (years in order)."""
    totals: dict = {}
    for group in groups:
        key = group[DECISION_KEYS[by]]
        totals[key] = totals.get(key, 0) + group["count"]
    if by == "year":
        return [Row(str(year), str(year), count) for year, count in sorted(totals.items())]
    if by == "authority":
        # Names from the model, in the user's language (authority names are translated).
        authorities = Authority.objects.in_bulk(list(totals))
        counted = [(authorities[pk], count) for pk, count in totals.items()]
        return [Row(str(a.pk), a.name, count) for a, count in sorted(counted, key=lambda p: (-p[1], p[0].name))]
    labels = dict(EventType.choices)
    return [
        Row(code, str(labels.get(code, code)), count)
        for code, count in sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    ]


def _reason_rows(applications: QuerySet, filters: ReportFilters) -> list[Row]:
    grounds = (
        _refused_applications(applications, filters)
        .values("decisions__grounds__reason_id")
        .annotate(count=Count("decisions__grounds"))
        .order_by()
    )
    # A refusal without grounds (the verbs never make one) joins no ground: its key is None.
    totals = {g["decisions__grounds__reason_id"]: g["count"] for g in grounds if g["decisions__grounds__reason_id"]}
    reasons = RefusalReason.objects.in_bulk(list(totals))  # translated names
    ordered = sorted(totals.items(), key=lambda item: (-item[1], reasons[item[0]].position, reasons[item[0]].code))
    return [Row(reasons[pk].code, reasons[pk].name, count) for pk, count in ordered]


def refusal_counts(*, applications: QuerySet, by: str, filters: ReportFilters = ReportFilters()) -> list[Row]:
    """One breakdown: [Row(key, label, count)], largest first (years in order)."""
    if by == "reason":
        return _reason_rows(applications, filters)
    if by in DECISION_KEYS:
        return _rows(by, _decision_groups(applications, filters, [by]))
    raise ValueError(f"unknown breakdown {by!r}")


@dataclass
class Breakdown:
    by: str
    title: str
    rows: list[Row]

    @property
    def largest(self) -> int:
        return max((row.count for row in self.rows), default=0)

    @property
    def total(self) -> int:
        """Refusals; grounds cited, by reason."""
        return sum(row.count for row in self.rows)


@dataclass
class RefusalReport:
    refusals: int
    breakdowns: list[Breakdown] = field(default_factory=list)


def breakdown_titles() -> dict[str, str]:
    return {
        "reason": _("By reason"),
        "authority": _("By authority"),
        "year": _("By year"),
        "event_type": _("By event type"),
    }


def refusal_breakdown(*, applications: QuerySet, by: str, filters: ReportFilters = ReportFilters()) -> Breakdown:
    """One breakdown with its title: the reports page shows one at a time (one aggregate query over
    everything the user may see — 100,000 decisions for a coalition's monitor, bench/)."""
    return Breakdown(by, breakdown_titles()[by], refusal_counts(applications=applications, by=by, filters=filters))


def refusal_report(*, applications: QuerySet, filters: ReportFilters = ReportFilters()) -> RefusalReport:
    """Every breakdown at once, for the reports page and a shared report: two aggregate queries (the
    grounds by reason; the refusals by authority, year and event type together) and the names."""
    titles = breakdown_titles()
    groups = _decision_groups(applications, filters, list(DECISION_KEYS))
    rows = {by: _rows(by, groups) for by in DECISION_KEYS}
    rows["reason"] = _reason_rows(applications, filters)
    return RefusalReport(
        refusals=sum(group["count"] for group in groups),
        breakdowns=[Breakdown(by, titles[by], rows[by]) for by in BY_CHOICES],
    )


# --- Evidence for an appeal: the authority's record --------------------------------------------


@dataclass(frozen=True)
class RecordCase:
    """One refusal an authority record rests on: no names of people, only the public facts."""

    title: str
    event_type: str
    decided_on: dt.date
    authority: str
    reference_number: str
    reasons: tuple[str, ...]


@dataclass
class AuthorityRecord:
    authority: Authority
    year: int
    reason: RefusalReason | None
    refused: int
    citing: int | None  # refusals citing `reason`; None without a reason
    groups: int  # sharing groups whose refusals were counted
    paragraph: str
    cases: list[RecordCase]
    # Without a reason asked about: (reason, refusals citing it), most cited first.
    reasons_cited: list[tuple[RefusalReason, int]] = field(default_factory=list)


def _sharing_refusals(*, authority: Authority, year: int) -> QuerySet:
    # The lead group decides whether its refusals count (Organization.share_statistics).
    return Decision.objects.filter(
        outcome=REFUSED,
        decided_on__year=year,
        application__authority=authority,
        application__organization__share_statistics=True,
    )


def authority_record(*, authority: Authority, year: int, reason: RefusalReason | str | None = None) -> AuthorityRecord:
    """What Ruqsat knows of `authority`'s refusals in `year`, counted over the groups that share their
    statistics, as a paragraph for an appeal ("… refused N assemblies in YEAR, M of them citing …")
    and the cases it rests on (titles, dates, authority, reasons — never a person's name)."""
    if isinstance(reason, str):
        reason = RefusalReason.objects.get(code=reason)
    decisions = _sharing_refusals(authority=authority, year=year)
    refused = decisions.count()
    groups = decisions.values("application__organization_id").distinct().count()
    citing = None
    if reason is not None:
        cites = RefusalGround.objects.filter(decision=OuterRef("pk"), reason=reason)
        citing = decisions.filter(Exists(cites)).count()
    reasons_cited = _reasons_cited(decisions) if reason is None and refused else []
    cases = [
        RecordCase(
            title=decision.application.title,
            event_type=decision.application.get_event_type_display(),
            decided_on=decision.decided_on,
            authority=authority.name,
            reference_number=decision.reference_number,
            reasons=tuple(ground.reason.name for ground in decision.grounds.all()),
        )
        for decision in decisions.select_related("application")
        .prefetch_related("grounds__reason")
        .order_by("decided_on", "id")
    ]
    return AuthorityRecord(
        authority=authority,
        year=year,
        reason=reason,
        refused=refused,
        citing=citing,
        groups=groups,
        paragraph=_record_paragraph(authority, year, reason, refused, citing, groups, reasons_cited),
        cases=cases,
        reasons_cited=reasons_cited,
    )


def _reasons_cited(decisions: QuerySet) -> list[tuple[RefusalReason, int]]:
    """(reason, refusals citing it) over `decisions`, most cited first: one aggregate query. A refusal
    citing a reason twice counts once under it."""
    counts = (
        RefusalGround.objects.filter(decision__in=decisions)
        .values("reason_id")
        .annotate(count=Count("decision_id", distinct=True))
        .order_by()
    )
    totals = {row["reason_id"]: row["count"] for row in counts}
    reasons = RefusalReason.objects.in_bulk(list(totals))  # translated names
    return sorted(
        ((reasons[pk], count) for pk, count in totals.items()),
        key=lambda pair: (-pair[1], pair[0].position, pair[0].code),
    )


def _record_paragraph(authority, year, reason, refused, citing, groups, reasons_cited=()) -> str:
    if not refused:
        return _(
            "Ruqsat holds no refusal by %(authority)s in %(year)s among the groups that share their statistics."
        ) % {"authority": authority.name, "year": year}
    refusals = ngettext(
        "%(authority)s refused %(count)s assembly in %(year)s",
        "%(authority)s refused %(count)s assemblies in %(year)s",
        refused,
    ) % {"authority": authority.name, "count": refused, "year": year}
    if reason is not None:
        cited = ngettext(
            "%(count)s of them citing “%(reason)s”",
            "%(count)s of them citing “%(reason)s”",
            citing,
        ) % {"count": citing, "reason": reason.name}
        sentence = _("%(refusals)s, %(cited)s.") % {"refusals": refusals, "cited": cited}
    else:
        sentence = _("%(refusals)s.") % {"refusals": refusals}
        if reasons_cited:
            # What an appeal can cite ("M of them citing repair works"), for every reason given.
            items = []
            for cited_reason, count in reasons_cited:
                # Translators: one item of "Grounds cited: …": a refusal reason and how many refusals cited it.
                item = ngettext("“%(reason)s” in %(count)s refusal", "“%(reason)s” in %(count)s refusals", count)
                items.append(item % {"reason": cited_reason.name, "count": count})
            # Translators: follows "<authority> refused N assemblies in <year>."; the items are separated by "; ".
            sentence = f"{sentence} " + _("Grounds cited: %(reasons)s.") % {"reasons": "; ".join(items)}
    basis = ngettext(
        "Counted in Ruqsat over the records of %(count)s group that shares its statistics.",
        "Counted in Ruqsat over the records of %(count)s groups that share their statistics.",
        groups,
    ) % {"count": groups}
    return f"{sentence} {basis}"


# --- Statistics sharing and share links -------------------------------------------------------


def organization_share_statistics(*, organization: Organization, share: bool) -> None:
    Organization.objects.filter(pk=organization.pk).update(share_statistics=share)
    organization.share_statistics = share


def share_link_create(*, organization: Organization, by) -> ShareLink:
    return ShareLink.objects.create(organization=organization, created_by=by)


def shared_applications(organization: Organization) -> QuerySet:
    """What a share link publishes: the applications the group leads (not those it only
    co-organizes: their lead group has not published them)."""
    return PermitApplication.objects.filter(organization=organization)


@dataclass(frozen=True)
class SharedQuote:
    authority: str
    decided_on: dt.date
    event_type: str
    reason: str
    quote: str


REDACTED = "[…]"
SHARED_QUOTES = 100


def shared_quotes(organization: Organization, *, limit: int = SHARED_QUOTES) -> list[SharedQuote]:
    """The authorities' words in the group's latest refusals. A quote that names a person (an
    applicant of that application, a member of the group) has the name blotted out: a share page
    never shows an individual's name."""
    grounds = list(
        RefusalGround.objects.filter(decision__in=refused_decisions(shared_applications(organization)))
        .exclude(quote="")
        .select_related("reason", "decision__application__authority")
        .order_by("-decision__decided_on", "-decision_id", "position")[:limit]
    )
    application_ids = {g.decision.application_id for g in grounds}
    applicant_names: dict[int, list[str]] = {}
    for application_id, name in Applicant.objects.filter(application_id__in=application_ids).values_list(
        "application_id", "name"
    ):
        applicant_names.setdefault(application_id, []).append(name)
    members = [name for user in organization.members.all() for name in (user.username, user.first_name, user.last_name)]
    return [
        SharedQuote(
            authority=g.decision.application.authority.name,
            decided_on=g.decision.decided_on,
            event_type=g.decision.application.get_event_type_display(),
            reason=g.reason.name,
            quote=redact(g.quote, [*members, *applicant_names.get(g.decision.application_id, [])]),
        )
        for g in grounds
    ]


def redact(text: str, names) -> str:
    """Blot out every name in `names`, and each part of it of three letters or more (a surname on
    its own), as whole words, whatever their case. Blotting out a word too many is the safe side."""
    words = set()
    for name in names:
        name = (name or "").strip()
        if not name:
            continue
        words.add(name)
        words.update(part for part in re.split(r"[^\w'’-]+", name) if len(part) >= 3)
    if not words:
        return text
    pattern = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.sub(rf"(?<!\w)(?:{pattern})(?!\w)", REDACTED, text, flags=re.IGNORECASE)
