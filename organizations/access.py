"""Who may see, edit, work on, open, assign or acknowledge what: Ruqsat's one access rule.

Every view, API view, export, feed, email link and report reaches an object through a queryset
built here — the models' `visible_to` / `editable_by` / `workable_by` / `coordinated_by` /
`appealable_by` / `acknowledgeable_by` are one-liners that delegate to the functions below — and
`require()` answers 404 for anything outside it.

The rule:
- a member of a group, in any role, sees the applications the group leads or co-organizes, and
  all their appeals (drafts, revisions, hearings, deadlines, invitations);
- coordinators and members of the lead group edit the application;
- coordinators, members and legal volunteers of the lead group open its appeals and work on them;
- coordinators of the lead group assign volunteers to its appeals and invite them;
- a volunteer assigned to an appeal (AppealVolunteer) sees that appeal and works on it, and sees
  its application read-only (its details, its timeline but for the entries about appeals, its
  decisions, documents and the deadlines of no particular appeal) — but not the application's
  other appeals, nor what belongs to them: a lawyer asked to help with one complaint learns
  nothing of the group's other proceedings (issue 12);
- a volunteer of an appeal still under way acknowledges its deadlines ("I have this"), in the app
  and through the emailed link alike.

Models of the apps above this one (permits, appeals) are looked up by name when a rule is built
(`apps.get_model`), never imported: dependencies run appeals → permits → organizations, and this
module is imported while those apps' models are still loading.
"""

from functools import wraps

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponseNotAllowed
from django.utils.translation import gettext_lazy as _

from organizations.models import Membership, Organization

# Roles in the lead group, by what they may do with its applications and appeals.
EDITING_ROLES = Membership.EDITING_ROLES
WORKING_ROLES = (Membership.Role.COORDINATOR, Membership.Role.MEMBER, Membership.Role.LEGAL)
COORDINATING_ROLES = (Membership.Role.COORDINATOR,)

# What a caller who sees the object, but may not do this to it, is told (a 403: they know it exists).
NOT_EDITABLE = _("Only coordinators and members of the lead group can change this application.")
NOT_WORKABLE = _(
    "Only the lead group's coordinators, members and legal volunteers, and the volunteers assigned to it, "
    "work on this appeal."
)
NOT_COORDINATED = _("Only coordinators of the lead group assign volunteers.")
NOT_REFILABLE = _("Only coordinators and members of the lead group can file a new application.")

# Matches no row: the rule for anonymous callers, and for accounts that were deactivated.
NOTHING = Q(pk__in=[])


def _model(app_label: str, name: str):
    return apps.get_model(app_label, name)


def _signed_in(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


# --- Groups ----------------------------------------------------------------------------------------


def organization_ids(user, roles=None) -> QuerySet:
    """Ids (`organization_id`) of the groups the user belongs to, in one of `roles` if given."""
    if not _signed_in(user):
        return Membership.objects.none().values("organization_id")
    memberships = Membership.objects.filter(user=user)
    if roles is not None:
        memberships = memberships.filter(role__in=roles)
    return memberships.values("organization_id")


def organizations_of(user, roles=None) -> QuerySet:
    """The groups the user belongs to (in one of `roles` if given): the groups they may file for
    as lead (EDITING_ROLES), name as co-organizers, report on. Empty for anonymous callers."""
    return Organization.objects.filter(pk__in=organization_ids(user, roles))


def memberships_on(application) -> QuerySet:
    """The memberships that give their users `application`: those of its lead group and of its
    co-organizing groups (the other way round from visible_applications, for whoever must reach
    everyone on it — the reminders)."""
    co_organizing = _model("permits", "CoOrganizer").objects.filter(application=application).values("organization_id")
    return Membership.objects.filter(
        Q(organization_id=application.organization_id) | Q(organization_id__in=co_organizing)
    )


# --- Applications (Q on permits.PermitApplication) -------------------------------------------------


def _applications_of_groups(user, roles=None) -> Q:
    ids = organization_ids(user, roles)
    co_organized = _model("permits", "CoOrganizer").objects.filter(organization_id__in=ids).values("application_id")
    return Q(organization_id__in=ids) | Q(pk__in=co_organized)


def _of_applications_of_groups(user) -> Q:
    """Q on a model with an `application`: of the applications the user's groups lead or co-organize.

    The same set as `_applications_of_groups`, asked on the row's own application rather than as
    `application IN (applications WHERE lead IN … OR id IN …)`: PostgreSQL cannot read an OR of
    subqueries by an index, and so read every application for each person asked (the reminder sweep
    asks for each person of every batch). Here the lead group is read on the row's application
    (one index lookup when the rows are few, or the join most deadline queries make anyway) and the
    co-organized ones through the co-organizer rows' index."""
    ids = organization_ids(user)
    co_organized = _model("permits", "CoOrganizer").objects.filter(organization_id__in=ids).values("application_id")
    return Q(application__organization_id__in=ids) | Q(application_id__in=co_organized)


def _assignments(user) -> QuerySet:
    return _model("appeals", "AppealVolunteer").objects.filter(user=user)


def visible_applications(user) -> Q:
    """Those the user's groups lead or co-organize, and those with an appeal the user is assigned to."""
    if not _signed_in(user):
        return NOTHING
    return _applications_of_groups(user) | Q(pk__in=_assignments(user).values("appeal__application_id"))


def editable_applications(user) -> Q:
    """Those led by a group in which the user is a coordinator or member."""
    return Q(organization_id__in=organization_ids(user, EDITING_ROLES)) if _signed_in(user) else NOTHING


def appealable_applications(user) -> Q:
    """Those whose refusals the user may appeal: led by a group in which they work on appeals."""
    return Q(organization_id__in=organization_ids(user, WORKING_ROLES)) if _signed_in(user) else NOTHING


def coordinated_applications(user) -> Q:
    """Those whose appeals' volunteers the user assigns: led by a group they coordinate."""
    return Q(organization_id__in=organization_ids(user, COORDINATING_ROLES)) if _signed_in(user) else NOTHING


# --- Appeals (Q on appeals.Appeal) -------------------------------------------------------------------


def assigned_appeal_ids(user) -> QuerySet:
    """Ids (`appeal_id`) of the appeals the user is assigned to as a volunteer."""
    if not _signed_in(user):
        return _model("appeals", "AppealVolunteer").objects.none().values("appeal_id")
    return _assignments(user).values("appeal_id")


def visible_appeals(user) -> Q:
    """All appeals of the applications the user's groups lead or co-organize; of any other
    application, only the appeals the user is assigned to."""
    if not _signed_in(user):
        return NOTHING
    return _of_applications_of_groups(user) | Q(pk__in=assigned_appeal_ids(user))


def workable_appeals(user) -> Q:
    """Those the user drafts, files and changes: of a group in which they work on appeals, or assigned to them."""
    if not _signed_in(user):
        return NOTHING
    lead = Q(application__organization_id__in=organization_ids(user, WORKING_ROLES))
    return lead | Q(pk__in=assigned_appeal_ids(user))


def coordinated_appeals(user) -> Q:
    """Those whose volunteers the user assigns and invites: led by a group they coordinate."""
    if not _signed_in(user):
        return NOTHING
    return Q(application__organization_id__in=organization_ids(user, COORDINATING_ROLES))


# --- Timeline entries (Q on permits.TimelineEntry) -----------------------------------------------------


def visible_timeline_entries(user) -> Q:
    """The whole timeline of the applications the user's groups lead or co-organize; of an
    application the user only volunteers on, all but the entries about appeals and hearings: the
    timeline does not record which appeal one is about, and the others' are not the volunteer's
    to read (their own appeal's status and hearings are on its page)."""
    if not _signed_in(user):
        return NOTHING
    entry = _model("permits", "TimelineEntry")
    assigned = _assignments(user).values("appeal__application_id")
    about_appeals = Q(kind__in=[entry.Kind.APPEAL, entry.Kind.HEARING])
    return _of_applications_of_groups(user) | (Q(application_id__in=assigned) & ~about_appeals)


# --- Deadlines (Q on permits.Deadline) ---------------------------------------------------------------


def changeable_timeline_entries(user) -> Q:
    """Entries (of those people wrote) the user may edit or delete: on an application the user
    edits, their own — or any of them for a coordinator of the lead group."""
    if not _signed_in(user):
        return NOTHING
    coordinated = Q(application__organization_id__in=organization_ids(user, COORDINATING_ROLES))
    editable = _model("permits", "PermitApplication").objects.filter(editable_applications(user))
    return Q(application__in=editable) & (Q(created_by=user) | coordinated)


def visible_deadlines(user) -> Q:
    """Every deadline of the applications the user's groups lead or co-organize; of an application
    the user only volunteers on, those of their own appeals and those of no particular appeal (the
    authority's answer, the day of the assembly, a filing deadline computed before any appeal)."""
    if not _signed_in(user):
        return NOTHING
    assigned = _assignments(user)
    return (
        _of_applications_of_groups(user)
        | Q(appeal_id__in=assigned.values("appeal_id"))
        | Q(appeal__isnull=True, application_id__in=assigned.values("appeal__application_id"))
    )


def editable_deadlines(user) -> Q:
    """Those of the applications the user edits."""
    if not _signed_in(user):
        return NOTHING
    return Q(application__in=_model("permits", "PermitApplication").objects.filter(editable_applications(user)))


def acknowledgeable_deadlines(user) -> Q:
    """Those the user may acknowledge ("I have this"), in the app or through the emailed link:
    the deadlines of an appeal under way that they are assigned to, and — for a filing deadline
    computed before any appeal was opened — those of no particular appeal of such an appeal's
    application. Which deadlines ask for it at all is the reminders' business (asks_acknowledgement)."""
    if not _signed_in(user):
        return NOTHING
    live = _assignments(user).filter(appeal__in=_model("appeals", "Appeal").objects.active())
    return Q(appeal_id__in=live.values("appeal_id")) | Q(
        appeal__isnull=True, application_id__in=live.values("appeal__application_id")
    )


# --- Reference data a group adds for itself (Q on permits.Authority, appeals.Argument) --------------
# The shared rows (no `organization`) are the site editors' to change (permits.is_site_editor: a
# staff permission, not a group role); a group's own addition is its members' alone until an editor
# publishes it for everyone.

# Who in a group changes what the group added for itself (any member may add).
REFERENCE_EDITING_ROLES = (Membership.Role.COORDINATOR, Membership.Role.LEGAL)


def shared_or_own_reference(user) -> Q:
    """The shared rows, and those the user's own groups added."""
    return Q(organization__isnull=True) | Q(organization__in=organization_ids(user))


def own_reference_editable(user) -> Q:
    """What the user's groups added, where the user is one of REFERENCE_EDITING_ROLES there."""
    return Q(organization__in=organization_ids(user, REFERENCE_EDITING_ROLES)) if _signed_in(user) else NOTHING


# --- Asking ------------------------------------------------------------------------------------------


def _pk(obj_or_pk):
    return getattr(obj_or_pk, "pk", obj_or_pk)


def allows(queryset: QuerySet, obj_or_pk) -> bool:
    """Whether the object is inside `queryset` (one of the access querysets above)."""
    try:
        return queryset.filter(pk=_pk(obj_or_pk)).exists()
    except (ValueError, TypeError, ValidationError):  # a pk that cannot be one
        return False


def require(queryset: QuerySet, obj_or_pk, *, forbidden=None):
    """The object, if it is inside `queryset`; otherwise Http404 — the caller learns nothing of it.

    `forbidden` is for a caller who already sees the object and only may not do this to it (an
    application they read but do not edit): PermissionDenied(forbidden), a 403, instead. Given an
    instance, returns it as it is; given a pk, fetches it through `queryset`."""
    if isinstance(obj_or_pk, queryset.model):
        if allows(queryset, obj_or_pk):
            return obj_or_pk
    else:
        try:
            return queryset.get(pk=obj_or_pk)
        except (queryset.model.DoesNotExist, ValueError, TypeError, ValidationError):
            pass
    if forbidden is not None:
        raise PermissionDenied(forbidden)
    raise Http404


# --- Pages --------------------------------------------------------------------------------------


def allowed_methods(methods) -> list[str]:
    """The methods a page answers: HEAD wherever GET is."""
    return [*methods, "HEAD"] if "GET" in methods else list(methods)


def object_view(reachable, *, methods=("GET", "POST"), permitted=None, forbidden=None):
    """The one way a page reaches the object its URL names (`pk`), and calls the view with the
    object instead of its id. In this order: log-in required; the object fetched through
    `reachable(request)`, an access queryset of this module, or a 404 (require); then, if given,
    `permitted(user, object)` or a 403 saying `forbidden`; then the method, or a 405. Someone
    outside the object gets the same 404 for every method and learns nothing from a 403 or a 405."""
    allowed = allowed_methods(methods)

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, pk, *args, **kwargs):
            obj = require(reachable(request), pk)
            if permitted is not None and not permitted(request.user, obj):
                raise PermissionDenied(forbidden)
            if request.method not in allowed:
                return HttpResponseNotAllowed(allowed)
            return view(request, obj, *args, **kwargs)

        return wrapper

    return decorator
