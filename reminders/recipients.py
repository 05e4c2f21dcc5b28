"""Who is reminded of an application's deadlines. Reads organizations and appeals (looked up by
name, so reminders also loads without appeals); neither of them knows about reminders."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps

from organizations.models import Membership
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

    @classmethod
    def of(cls, application: PermitApplication) -> ApplicationPeople:
        people = cls()
        active = Membership.objects.filter(user__is_active=True)
        rows = active.filter(organization_id=application.organization_id).values_list("user_id", "role")
        for user_id, role in rows:
            people.everyone.add(user_id)
            if role in Membership.EDITING_ROLES:
                people.lead_regular.add(user_id)
            if role == Membership.Role.COORDINATOR:
                people.lead_coordinators.add(user_id)
        co_organizers = CoOrganizer.objects.filter(application=application).values("organization_id")
        people.everyone.update(active.filter(organization_id__in=co_organizers).values_list("user_id", flat=True))
        assignments = _live_assignments()
        if assignments is not None:
            people.everyone.update(
                assignments.filter(appeal__application=application).values_list("user_id", flat=True)
            )
        return people


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


def still_seen(deadlines_by_person: dict) -> set[tuple[int, int]]:
    """Which (deadline id, person id) pairs are still visible, for {person: deadline ids}: what the
    sweep checks of a claimed batch before sending. Each person's part is Deadline.objects.visible_to
    itself (the access rule stays in one place); the parts go to the database as one UNION ALL."""
    from django.db.models import BigIntegerField, Value

    parts = [
        Deadline.objects.visible_to(person)
        .filter(pk__in=sorted(deadline_ids))
        .annotate(seen_by=Value(person.pk, output_field=BigIntegerField()))
        .order_by()
        .values_list("pk", "seen_by")
        for person, deadline_ids in deadlines_by_person.items()
        if deadline_ids
    ]
    seen: set[tuple[int, int]] = set()
    for start in range(0, len(parts), _UNION_PARTS):
        first, *rest = parts[start : start + _UNION_PARTS]
        seen.update(first.union(*rest, all=True) if rest else first)
    return seen
