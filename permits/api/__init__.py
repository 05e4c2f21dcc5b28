"""The permits part of /api/v1/ (API.md): lookups, applications and what hangs off them.

Reads go through `visible_to(user)`, writes through `editable_by(user)`; an object outside the
caller's access is a 404 for every method (config.api.HideOutsideObjectsMixin). Status changes only
through the model verbs; creation through permits.services.application_create.
"""

from django.urls import path

from permits.api.applications import ApplicationViewSet
from permits.api.co_organizers import CoOrganizerInvitationViewSet
from permits.api.deadlines import DeadlineViewSet
from permits.api.decisions import DecisionViewSet
from permits.api.documents import DocumentFileView, DocumentViewSet
from permits.api.filing import FilingView
from permits.api.lookups import AuthorityViewSet, JurisdictionViewSet, RefusalReasonViewSet
from permits.api.timeline import TimelineViewSet


def register(router):
    router.register("jurisdictions", JurisdictionViewSet, basename="jurisdiction")
    router.register("authorities", AuthorityViewSet, basename="authority")
    router.register("refusal-reasons", RefusalReasonViewSet, basename="refusal-reason")
    router.register("applications", ApplicationViewSet, basename="application")
    router.register("deadlines", DeadlineViewSet, basename="deadline")
    router.register("co-organizer-invitations", CoOrganizerInvitationViewSet, basename="co-organizer-invitation")


def _child_urls(prefix, viewset, name):
    return path(
        f"applications/<int:application_pk>/{prefix}/",
        viewset.as_view({"get": "list", "post": "create"}),
        name=f"application-{name}-list",
    )


def _child_detail_urls(prefix, viewset, name):
    return path(
        f"applications/<int:application_pk>/{prefix}/<int:pk>/",
        viewset.as_view({"get": "retrieve", "patch": "partial_update", "delete": "destroy"}),
        name=f"application-{name}-detail",
    )


extra_urls = [
    _child_urls("timeline", TimelineViewSet, "timeline"),
    _child_urls("decisions", DecisionViewSet, "decision"),
    _child_urls("documents", DocumentViewSet, "document"),
    _child_detail_urls("timeline", TimelineViewSet, "timeline"),
    _child_detail_urls("decisions", DecisionViewSet, "decision"),
    _child_detail_urls("documents", DocumentViewSet, "document"),
    path("documents/<int:pk>/file", DocumentFileView.as_view(), name="document-file"),
    path("applications/<int:application_pk>/filing/", FilingView.as_view(), name="application-filing"),
]
