"""Who is reminded of an application's deadlines. Reads organizations and appeals (looked up by
name, so reminders also loads without appeals); neither of them knows about reminders."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth import get_user_model

from organizations import access
from permits.models import CoOrganizer, Deadline, PermitApplication
from reminders.models import ACKNOWLEDGED_KINDS

# Appeals whose volunteers still work on them (appeals.models.AppealStatus).
LIVE_APPEAL_STATUSES = ("preparing", "filed", "hearing_scheduled")


def _model(app_label: str, name: str):
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


def _live_assignments():
    volunteer_model = _model("appeals", "AppealVolunteer")
    if volunteer_model is None:
        return None
    return volunteer_model.objects.filter(appeal__status__in=LIVE_APPEAL_STATUSES, user__is_active=True)


@dataclass
class ApplicationPeople:
    """The people on one application, by the part they play in its reminders."""

    lead_regular: set[int] = field(default_factory=set)  # coordinators and members of the lead group
    lead_coordinators: set[int] = field(default_factory=set)
    # Everyone who sees it: every member of the lead and co-organizing groups, and the volunteers
    # assigned to its appeals (the assignment is their access).
    everyone: set[int] = field(default_factory=set)
    # Those of `everyone` who are there only through an assignment: they see the deadlines of their
    # own appeal and of the application, not those of its other appeals (organizations.access).
    volunteers_only: set[int] = field(default_factory=set)

    @classmethod
    def of(cls, application: PermitApplication) -> ApplicationPeople:
        people = cls()
        memberships = access.memberships_on(application).filter(user__is_active=True)
        for user_id, organization_id, role in memberships.values_list("user_id", "organization_id", "role"):
            people.everyone.add(user_id)
            if organization_id != application.organization_id:
                continue  # a co-organizer's member: reminded only as "everyone"
            if role in access.EDITING_ROLES:
                people.lead_regular.add(user_id)
            if role in access.COORDINATING_ROLES:
                people.lead_coordinators.add(user_id)
        assignments = _live_assignments()
        if assignments is not None:
            assigned = set(assignments.filter(appeal__application=application).values_list("user_id", flat=True))
            people.volunteers_only = assigned - people.everyone
            people.everyone |= assigned
        return people

    def seeing(self, deadlines) -> dict[int, set[int]]:
        """For each deadline's id, who of `everyone` sees it: asked through the access rule for each
        volunteer from outside the groups (a few per application), everyone else sees them all."""
        ids = [deadline.pk for deadline in deadlines]
        members = self.everyone - self.volunteers_only
        seen = {pk: set(members) for pk in ids}
        for volunteer in get_user_model().objects.filter(pk__in=self.volunteers_only):
            for pk in Deadline.objects.visible_to(volunteer).filter(pk__in=ids).values_list("pk", flat=True):
                seen[pk].add(volunteer.pk)
        return seen


def appeal_volunteer_ids(deadline: Deadline) -> set[int]:
    """The volunteers assigned to the appeal a deadline belongs to: the deadline's own appeal when
    it has one; for an appeal or court deadline not linked to an appeal (computed when the refusal
    was recorded), the volunteers of every live appeal of its application."""
    assignments = _live_assignments()
    if assignments is None:
        return set()
    appeal_id = getattr(deadline, "appeal_id", None)
    if appeal_id is not None:
        assignments = assignments.filter(appeal_id=appeal_id)
    elif deadline.kind in ACKNOWLEDGED_KINDS:
        assignments = assignments.filter(appeal__application_id=deadline.application_id)
    else:
        return set()
    return set(assignments.values_list("user_id", flat=True))


def asks_acknowledgement(deadline: Deadline) -> bool:
    """An appeal or court filing deadline: its volunteers are asked to acknowledge it, and the
    group is alerted if nobody does. Includes the filing date a person set for another venue
    (ombudsman, UN committee), which is the appeal's filing deadline of kind custom."""
    if deadline.kind in ACKNOWLEDGED_KINDS:
        return True
    appeal_model = _model("appeals", "Appeal")
    return appeal_model is not None and appeal_model.objects.filter(filing_deadline=deadline).exists()


def organizations_application_ids(organization_id: int) -> set[int]:
    """Applications whose reminders depend on the organization's members: led or co-organized."""
    led = PermitApplication.objects.filter(organization_id=organization_id).values_list("pk", flat=True)
    co = CoOrganizer.objects.filter(organization_id=organization_id).values_list("application_id", flat=True)
    return set(led) | set(co)


# SQLite refuses a compound SELECT of more than 500 parts; PostgreSQL plans a long UNION slowly.
_UNION_PARTS = 100


# The stand-in the access rule is compiled for (StillSeen): an id no account has.
STAND_IN_ID = -918_273_645


class StillSeen:
    """Which (deadline, person) pairs are still visible: what the sweep checks of a claimed batch
    before sending, in one query per batch.

    Each person's part is `Deadline.objects.visible_to(person)` itself, so the access rule stays in
    one place. Building and compiling that query costs more than rendering an email, so it is
    compiled once per sweep, for a stand-in account whose id no account has, and each person's part
    is that SQL with the person's id in the stand-in's parameters: the rule depends on who is asking
    only through their id, for any active account (tests/reminders/test_still_seen.py compares the
    two for every kind of person). Each batch asks the parts of its people, restricted to its
    deadlines, as one UNION ALL. The rule's subqueries run anew with every batch: a person who left
    a group a second ago is no longer seen."""

    def __init__(self):
        self._rule: tuple[str, tuple, tuple[int, ...]] | None = None

    def _compiled_rule(self) -> tuple[str, tuple, tuple[int, ...]]:
        """The rule's SQL and parameters for the stand-in, and where its id is among them."""
        from django.db.models import F

        if self._rule is None:
            stand_in = get_user_model()(pk=STAND_IN_ID, is_active=True)
            visible = Deadline.objects.visible_to(stand_in).order_by().annotate(seen_deadline=F("pk"))
            sql, params = visible.values_list("seen_deadline").query.sql_with_params()
            slots = tuple(index for index, value in enumerate(params) if value == STAND_IN_ID)
            if not slots or str(STAND_IN_ID) in sql:
                raise RuntimeError("the access rule no longer takes the person's id as a parameter")
            self._rule = (sql, tuple(params), slots)
        return self._rule

    def _part(self, person) -> tuple[str, tuple]:
        """The rule's SQL and parameters for `person` (an active account)."""
        sql, params, slots = self._compiled_rule()
        params = list(params)
        for index in slots:
            params[index] = person.pk
        return sql, tuple(params)

    def pairs(self, deadlines_by_person: dict) -> set[tuple[int, int]]:
        """For {person: deadline ids}, the (deadline id, person id) pairs the rule still allows."""
        from django.db import connection, transaction

        parts = []
        for person, deadline_ids in deadlines_by_person.items():
            if not deadline_ids or not person.is_active:  # the rule shows a deactivated account nothing
                continue
            sql, params = self._part(person)
            ids = sorted(deadline_ids)
            placeholders = ", ".join(["%s"] * len(ids))
            # Only SQL the ORM compiled and placeholders are joined here; every value is a parameter.
            part = (
                f"SELECT visible.seen_deadline, %s FROM ({sql}) visible WHERE visible.seen_deadline IN ({placeholders})"  # noqa: S608
            )
            parts.append((part, (person.pk, *params, *ids)))
        seen: set[tuple[int, int]] = set()
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # Each part is a few index lookups (~1 ms for a whole batch); PostgreSQL would start
                # parallel workers for the long UNION, which on a busy machine costs 50 ms or more.
                cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
            for start in range(0, len(parts), _UNION_PARTS):
                chunk = parts[start : start + _UNION_PARTS]
                cursor.execute(" UNION ALL ".join(sql for sql, _ in chunk), [p for _, params in chunk for p in params])
                seen.update((deadline_id, person_id) for deadline_id, person_id in cursor.fetchall())
        return seen
