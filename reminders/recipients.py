"""Who is reminded of an application's deadlines. Reads organizations and appeals (looked up by
name, so reminders also loads without appeals); neither of them knows about reminders."""

from __future__ import annotations

import re
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


# The stand-in the access rule is compiled for (StillSeen): an id no account has.
STAND_IN_ID = -918_273_645
# Django's placeholders in compiled SQL (a literal percent sign is doubled).
_PLACEHOLDER = re.compile(r"%%|%s")


class StillSeen:
    """Which (deadline, person) pairs are still visible: what the sweep checks of a claimed batch
    before sending, in one query per batch.

    The check is `Deadline.objects.visible_to(person)` itself, so the access rule stays in one
    place. Building and compiling that query costs more than rendering an email, and planning one
    copy of it per person costs PostgreSQL more than running them, so it is compiled once per
    sweep, for a stand-in account whose id no account has, and the stand-in's id in that SQL is
    replaced by the person of each asked pair: one query asks, for every (deadline, person) of the
    batch, whether the rule shows that deadline to that person. The rule depends on who asks only
    through their id, for any active account (tests/reminders/test_still_seen.py compares the
    answers with `visible_to` for every kind of person). The rule's subqueries run anew with every
    batch: a person who left a group a second ago is no longer seen."""

    def __init__(self):
        self._rule: tuple[str, tuple] | None = None

    def _compiled_rule(self) -> tuple[str, tuple]:
        """The rule's SQL with `asked.person_id` where the person's id goes, and its other parameters."""
        from django.db.models import F

        if self._rule is None:
            stand_in = get_user_model()(pk=STAND_IN_ID, is_active=True)
            visible = Deadline.objects.visible_to(stand_in).order_by().annotate(seen_deadline=F("pk"))
            sql, params = visible.values_list("seen_deadline").query.sql_with_params()
            if str(STAND_IN_ID) in sql or STAND_IN_ID not in params:
                raise RuntimeError("the access rule no longer takes the person's id as a parameter")
            values = iter(params)
            others = []

            def person_or_parameter(match):
                if match.group() == "%%":
                    return match.group()
                value = next(values)
                if value == STAND_IN_ID:
                    return "asked.person_id"
                others.append(value)
                return match.group()

            self._rule = (_PLACEHOLDER.sub(person_or_parameter, sql), tuple(others))
        return self._rule

    def pairs(self, deadlines_by_person: dict) -> set[tuple[int, int]]:
        """For {person: deadline ids}, the (deadline id, person id) pairs the rule still allows."""
        from django.db import connection

        asked = [
            (deadline_id, person.pk)
            for person, deadline_ids in deadlines_by_person.items()
            if person.is_active  # the rule shows a deactivated account nothing
            for deadline_id in sorted(deadline_ids)
        ]
        if not asked:
            return set()
        rule, params = self._compiled_rule()
        rows = ", ".join(["(%s, %s)"] * len(asked))
        # Only SQL the ORM compiled and placeholders are joined here; every value is a parameter.
        query = (
            f"WITH asked (deadline_id, person_id) AS (VALUES {rows}) "  # noqa: S608
            f"SELECT asked.deadline_id, asked.person_id FROM asked "
            f"WHERE EXISTS (SELECT 1 FROM ({rule}) visible WHERE visible.seen_deadline = asked.deadline_id)"
        )
        with connection.cursor() as cursor:
            cursor.execute(query, [value for pair in asked for value in pair] + list(params))
            return set(cursor.fetchall())
