"""Operations on applications that span several models (the application, its applicants and
co-organizers, its timeline), and Plan B: a new application copied from a refused one while its
appeal runs. Views, API viewsets and the demo loader all call these."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organizations import access
from organizations.access import require
from organizations.models import Organization
from permits.models import Applicant, CoOrganizer, CoOrganizerInvitation, PermitApplication, TimelineEntry
from permits.tasks import send_co_organizer_invitation_on_commit
from permits.timeline import TimelineMessage


def check_organizations(*, user, organization, co_organizers=()):
    """The lead must be a group the user edits for; co-organizers must be groups they belong to.

    Raised as field errors so both the form and the API name the field."""
    if not access.allows(access.organizations_of(user, access.EDITING_ROLES), organization):
        raise ValidationError(
            {"organization": _("You can only file for a group in which you are a coordinator or member.")}
        )
    co_ids = {o.pk for o in co_organizers}
    if organization.pk in co_ids:
        raise ValidationError({"co_organizers": _("The lead group cannot also be a co-organizer.")})
    allowed = set(access.organizations_of(user).values_list("pk", flat=True))
    if co_ids - allowed:
        raise ValidationError({"co_organizers": _("You can only add groups you belong to as co-organizers.")})


@transaction.atomic
def application_create(*, by, organization, co_organizers=(), applicant_names=(), filed_on=None, **fields):
    """Create an application as a draft, or filed when `filed_on` is given (API.md)."""
    check_organizations(user=by, organization=organization, co_organizers=co_organizers)
    application = PermitApplication(organization=organization, created_by=by, **fields)
    application.full_clean(exclude=["co_organizers"])
    application.save()
    co_organizers_name(application=application, groups=co_organizers, by=by)
    set_applicants(application, applicant_names)
    if filed_on is not None:
        application.file(on=filed_on, by=by)  # computes the deadlines that follow from filing
    else:
        application.refresh_deadlines(by=by)  # a draft already has its latest filing day and event day
    return application


def co_organizers_name(*, application, groups, by) -> list[CoOrganizerInvitation]:
    """Name groups as co-organizers, by consent (issue 12): a group `by` coordinates joins at once
    (she speaks for it); every other one is sent a CoOrganizerInvitation its coordinators accept
    or decline, and only then does the application reach that group's dashboard, calendar and
    reminders. A group with a request still open is not asked twice. Returns the new requests."""
    coordinated = set(access.organization_ids(by, access.COORDINATING_ROLES).values_list("organization_id", flat=True))
    asked = set(application.co_organizer_invitations.open().values_list("organization_id", flat=True))
    invitations = []
    for group in groups:
        if group.pk in coordinated:
            CoOrganizer.objects.get_or_create(application=application, organization=group)
        elif group.pk not in asked:
            invitation = CoOrganizerInvitation.objects.create(
                application=application, organization=group, invited_by=by
            )
            send_co_organizer_invitation_on_commit(invitation)
            invitations.append(invitation)
    return invitations


def _clean_names(names) -> list[str]:
    return [name.strip() for name in names if name and name.strip()]


def set_applicants(application, names):
    names = _clean_names(names)
    application.applicants.all().delete()
    # One save per applicant, not bulk_create: the audit trail (config/audit.py) sees each one.
    for position, name in enumerate(names):
        Applicant.objects.create(application=application, name=name, position=position)


@transaction.atomic
def application_update(*, application, by, changes, co_organizers=None, applicant_names=None):
    """Apply an edit from the page or the API: one rule for both.

    `changes` maps field names to new values (what the person changed or sent); `co_organizers` and
    `applicant_names`, when not None, replace the lists. Only values that differ from the row as it
    is now are written, to that row locked, so a verb run meanwhile (another tab, another person) is
    neither overwritten nor repeated; the fields themselves change through PermitApplication.change
    (the admin's verb too), which moves the deadlines. Co-organizers
    already on the application (or asked) stay even if the editor is not in those groups; the lead
    and any group added now must pass check_organizations, and an added group is asked, not
    enlisted (co_organizers_name). Returns the updated application."""
    application = PermitApplication.objects.select_for_update().get(pk=application.pk)
    changes = {name: value for name, value in changes.items() if getattr(application, name) != value}
    existing = set(application.co_organizer_links.values_list("organization_id", flat=True))
    asked = set(application.co_organizer_invitations.open().values_list("organization_id", flat=True))
    if "organization" in changes or co_organizers is not None:
        lead = changes.get("organization", application.organization)
        wanted = co_organizers if co_organizers is not None else list(application.co_organizers.all())
        added = [o for o in wanted if o.pk not in existing | asked or o.pk == lead.pk]
        check_organizations(user=by, organization=lead, co_organizers=added)
    application = application.change(by=by, **changes)
    if co_organizers is not None:
        wanted_ids = {o.pk for o in co_organizers}
        # Removing a co-organizer, or withdrawing an open request, needs nobody's consent.
        CoOrganizer.objects.filter(application=application).exclude(organization_id__in=wanted_ids).delete()
        for invitation in application.co_organizer_invitations.open().exclude(organization_id__in=wanted_ids):
            invitation.revoke()
        co_organizers_name(application=application, groups=[o for o in co_organizers if o.pk not in existing], by=by)
    if applicant_names is not None and _clean_names(applicant_names) != list(
        application.applicants.values_list("name", flat=True)
    ):
        set_applicants(application, applicant_names)
    return application


# --- plan B: re-filing while the appeal runs --------------------------------------------------------


@transaction.atomic
def application_refile(*, decision, by) -> tuple[PermitApplication, list[Organization]]:
    """Plan B beside an appeal against `decision` (a refusal): a new draft application copied from
    the refused one (groups, applicants, event type, authority, purpose, route), with the
    authority's proposed alternative as the place when it made one, and the date left for the group
    to change. The refused application's timeline notes the new one. Goes through
    application_create, so only someone who may file for the lead group can; co-organizers the
    person does not belong to cannot be added by them (the same rule as the form) and are returned
    so the page can say so. The others are asked again, unless the person coordinates them: a new
    application is a new naming, which each group's coordinators agree to (co_organizers_name)."""
    refused = decision.application
    require(PermitApplication.objects.editable_by(by), refused, forbidden=access.NOT_REFILABLE)
    alternative = decision.alternative_offered.strip()
    location, purpose = refused.location, refused.purpose
    if alternative:
        note = _("The authority's proposed alternative (refusal of %(date)s): %(alternative)s") % {
            "date": formats.date_format(decision.decided_on, "DATE_FORMAT"),
            "alternative": alternative,
        }
        purpose = f"{purpose}\n\n{note}".strip()
        if len(alternative) <= PermitApplication._meta.get_field("location").max_length:
            location = alternative
    allowed = set(access.organizations_of(by).values_list("pk", flat=True))
    co_organizers = list(refused.co_organizers.all())
    kept = [group for group in co_organizers if group.pk in allowed]
    dropped = [group for group in co_organizers if group.pk not in allowed]
    title_field = PermitApplication._meta.get_field("title")
    title = (_("%(title)s (plan B)") % {"title": refused.title})[: title_field.max_length]
    new = application_create(
        by=by,
        organization=refused.organization,
        co_organizers=kept,
        applicant_names=list(refused.applicants.values_list("name", flat=True)),
        title=title,
        event_type=refused.event_type,
        purpose=purpose,
        starts_at=refused.starts_at,
        ends_at=refused.ends_at,
        location=location,
        route=refused.route,
        expected_participants=refused.expected_participants,
        authority=refused.authority,
    )
    today = timezone.localdate()
    TimelineEntry.write(
        application=refused,
        kind=TimelineEntry.Kind.NOTE,
        on=today,
        summary=TimelineMessage(gettext_lazy("Plan B: a new application started while the appeal runs")),
        details=reverse("permits:application_detail", args=[new.pk]),
        by=by,
    )
    TimelineEntry.write(
        application=new,
        kind=TimelineEntry.Kind.NOTE,
        on=today,
        summary=TimelineMessage(gettext_lazy("Copied from the refused application “%(title)s”"), title=refused.title),
        details=reverse("permits:application_detail", args=[refused.pk]),
        by=by,
    )
    return new, dropped
