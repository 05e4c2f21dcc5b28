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
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
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
    within_jurisdiction,
)
from reports.models import PublishedQuote, ShareLink
from reports.redaction import Placeholders, Redactor

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
        decisions = decisions.filter(within_jurisdiction(filters.jurisdiction, "application__authority__jurisdiction"))
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
        applications = applications.filter(within_jurisdiction(filters.jurisdiction, "authority__jurisdiction"))
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
    """One refusal an authority record rests on: only the facts any refusal has — never its
    application's title or reference number, which are another group's words (a title can name a
    person or a plan) and end up in this group's appeal."""

    event_type: str
    decided_on: dt.date
    authority: str
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
    and the cases it rests on (event type, date, authority, reasons — never another group's words)."""
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
            event_type=decision.application.get_event_type_display(),
            decided_on=decision.decided_on,
            authority=authority.name,
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


@dataclass(frozen=True)
class SharedRefusal:
    """The structured facts of one refusal, as a share page shows them: no title (titles name
    people), no reference number, no timeline."""

    authority: str
    decided_on: dt.date
    event_type: str
    reasons: tuple[str, ...]


SHARED_QUOTES = 100
SHARED_REFUSALS = 100


def shared_grounds(organization: Organization) -> QuerySet:
    """The quoted grounds a share link of `organization` may publish (once a coordinator has
    reviewed them): those of the refusals it leads. The one rule for the share page and the review."""
    return RefusalGround.objects.filter(decision__in=refused_decisions(shared_applications(organization))).exclude(
        quote=""
    )


def shared_refusals(organization: Organization, *, limit: int = SHARED_REFUSALS) -> list[SharedRefusal]:
    """The group's latest refusals: authority, date, event type and grounds by category."""
    decisions = (
        refused_decisions(shared_applications(organization))
        .select_related("application__authority")
        .prefetch_related(Prefetch("grounds", queryset=RefusalGround.objects.select_related("reason")))
        .order_by("-decided_on", "-id")[:limit]
    )
    return [
        SharedRefusal(
            authority=decision.application.authority.name,
            decided_on=decision.decided_on,
            event_type=decision.application.get_event_type_display(),
            reasons=tuple(ground.reason.name for ground in decision.grounds.all()),
        )
        for decision in decisions
    ]


def shared_quotes(organization: Organization, *, limit: int = SHARED_QUOTES) -> list[SharedQuote]:
    """The authorities' words in the group's latest refusals: only as a coordinator published them
    after redaction, and only while the quote still reads as it did then."""
    published = (
        PublishedQuote.objects.current()
        .filter(ground__in=shared_grounds(organization))
        .select_related("ground__reason", "ground__decision__application__authority")
        .order_by("-ground__decision__decided_on", "-ground__decision_id", "ground__position")[:limit]
    )
    return [
        SharedQuote(
            authority=p.ground.decision.application.authority.name,
            decided_on=p.ground.decision.decided_on,
            event_type=p.ground.decision.application.get_event_type_display(),
            reason=p.ground.reason.name,
            quote=p.text,
        )
        for p in published
    ]


# --- Redaction of quotes before they are published ---------------------------------------------


def known_names(organization: Organization) -> list[str]:
    """Every person the group's refusals could name: its members, the members of the groups that
    co-organize its applications, the applicants of its applications and the volunteers of their
    appeals (first and last names, usernames)."""
    applications = shared_applications(organization)
    co_organizers = CoOrganizer.objects.filter(application__in=applications).values("organization_id")
    people = get_user_model().objects.filter(
        Q(memberships__organization=organization)
        | Q(memberships__organization__in=co_organizers)
        | Q(appeal_assignments__appeal__application__in=applications)
    )
    names = [name for row in people.values_list("first_name", "last_name", "username").distinct() for name in row]
    names += Applicant.objects.filter(application__in=applications).values_list("name", flat=True)
    return [name for name in names if name]


def quote_redactor(organization: Organization) -> Redactor:
    """A redactor for the group's quotes, its placeholders in the coordinator's language (the
    published text is theirs to edit)."""
    return Redactor(
        known_names(organization),
        Placeholders(
            # Translators: replaces a person's name in a published quote; keep the brackets.
            name=_("[name]"),
            # Translators: replaces a phone number in a published quote; keep the brackets.
            phone=_("[phone]"),
            # Translators: replaces an email address in a published quote; keep the brackets.
            email=_("[email]"),
            # Translators: replaces an individual identification number (ИИН) in a published quote.
            iin=_("[IIN]"),
        ),
    )


@dataclass
class QuoteReview:
    """One quoted ground as its coordinator reviews it: the words, what would be published, and
    whether they are published now."""

    ground: RefusalGround
    published: PublishedQuote | None
    proposed: str  # the published text while current, else the redactor's

    @property
    def is_published(self) -> bool:
        return self.published is not None and self.published.is_current

    @property
    def is_outdated(self) -> bool:
        """Published once, but the quote has changed since: not shown until published again."""
        return self.published is not None and not self.published.is_current


def quote_reviews(organization: Organization, redactor: Redactor, *, limit: int = SHARED_QUOTES) -> list[QuoteReview]:
    grounds = (
        shared_grounds(organization)
        .select_related("reason", "decision__application__authority", "published_quote")
        .order_by("-decision__decided_on", "-decision_id", "position")[:limit]
    )
    reviews = []
    for ground in grounds:
        published = getattr(ground, "published_quote", None)
        current = published is not None and published.is_current
        reviews.append(QuoteReview(ground, published, published.text if current else redactor.redact(ground.quote)))
    return reviews
