"""Operations on applications that span several models (the application, its applicants and
co-organizers, its timeline). Views, API viewsets and the demo loader all call these."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organizations.models import Organization, editable_organization_ids, readable_organization_ids
from permits.models import Applicant, PermitApplication


def check_organizations(*, user, organization, co_organizers=()):
    """The lead must be a group the user edits for; co-organizers must be groups they belong to.

    Raised as field errors so both the form and the API name the field."""
    if not Organization.objects.filter(pk=organization.pk, pk__in=editable_organization_ids(user)).exists():
        raise ValidationError(
            {"organization": _("You can only file for a group in which you are a coordinator or member.")}
        )
    co_ids = {o.pk for o in co_organizers}
    if organization.pk in co_ids:
        raise ValidationError({"co_organizers": _("The lead group cannot also be a co-organizer.")})
    allowed = set(Organization.objects.filter(pk__in=readable_organization_ids(user)).values_list("pk", flat=True))
    if co_ids - allowed:
        raise ValidationError({"co_organizers": _("You can only add groups you belong to as co-organizers.")})


@transaction.atomic
def application_create(*, by, organization, co_organizers=(), applicant_names=(), filed_on=None, **fields):
    """Create an application as a draft, or filed when `filed_on` is given (API.md)."""
    check_organizations(user=by, organization=organization, co_organizers=co_organizers)
    application = PermitApplication(organization=organization, created_by=by, **fields)
    application.full_clean(exclude=["co_organizers"])
    application.save()
    application.co_organizers.set(co_organizers)
    set_applicants(application, applicant_names)
    if filed_on is not None:
        application.file(on=filed_on, by=by)  # computes the deadlines that follow from filing
    else:
        application.refresh_deadlines(by=by)  # a draft already has its latest filing day and event day
    return application


def set_applicants(application, names):
    names = [name.strip() for name in names if name and name.strip()]
    application.applicants.all().delete()
    # One save per applicant, not bulk_create: the audit trail (config/audit.py) sees each one.
    for position, name in enumerate(names):
        Applicant.objects.create(application=application, name=name, position=position)
