"""The appeal side of the application page (the page is permits'; the dependency runs appeals →
permits, so the page asks appeals for its part through this tag rather than permits importing it)."""

from django import template

from appeals.models import Appeal
from organizations import access
from permits.models import PermitApplication

register = template.Library()


@register.inclusion_tag("appeals/includes/application_appeals.html", takes_context=True)
def application_appeals(context, application, decisions):
    """The application's appeals (status, filing deadline) and, for each refusal, "Open an appeal"
    for those who may open one. Only the appeals the caller sees: a volunteer, only their own."""
    user = context["request"].user
    appeals = list(
        Appeal.objects.visible_to(user)
        .filter(application=application)
        .select_related("filing_deadline", "decision")
        .order_by("-created_at", "-id")
    )
    may_open = access.allows(PermitApplication.objects.appealable_by(user), application)
    return {
        "application": application,
        "appeals": appeals,
        "refusals": [decision for decision in decisions if decision.is_refusal] if may_open else [],
    }


@register.inclusion_tag("appeals/includes/dashboard_refusals.html", takes_context=True)
def dashboard_refusals(context, applications):
    """The dashboard's refused applications, in two lists: those with no appeal yet ("consider an
    appeal") and those with one — its state and a link to it, so the prompt to appeal does not stay
    once the appeal is under way. Only the appeals the caller sees (organizations.access)."""
    user = context["request"].user
    applications = list(applications)
    latest_appeal = {}
    for appeal in (
        Appeal.objects.visible_to(user)
        .filter(application__in=applications)
        .select_related("filing_deadline")
        .order_by("-created_at", "-id")
    ):
        latest_appeal.setdefault(appeal.application_id, appeal)
    return {
        "to_consider": [a for a in applications if a.pk not in latest_appeal],
        "appealed": [(a, latest_appeal[a.pk]) for a in applications if a.pk in latest_appeal],
    }
