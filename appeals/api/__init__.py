"""The appeals part of /api/v1/ (API.md): appeals, their draft with optimistic locking, the Word
export, and — beyond API.md, added without renaming anything — the draft's revisions (list, read,
regenerate, restore, compare), hearings and the argument library.

Reads go through `Appeal.objects.visible_to(user)`; an appeal outside it is a 404 for every method
(config.api.HideOutsideObjectsMixin). A visible appeal the caller may not change is a 403. Every
change goes through appeals.services (which calls the model verbs).
"""

from django.urls import path

from appeals.api.appeals import AppealViewSet
from appeals.api.arguments import ArgumentViewSet
from appeals.api.draft import (
    AppealDraftDocxView,
    AppealDraftView,
    DraftCompareView,
    DraftRegenerateView,
    DraftRestoreView,
    RevisionViewSet,
)
from appeals.api.hearings import HearingViewSet
from appeals.api.invitations import AppealInvitationViewSet
from appeals.search_api import SearchView

# --- Routes ------------------------------------------------------------------------------------------------------


def register(router):
    router.register("appeals", AppealViewSet, basename="appeal")
    router.register("arguments", ArgumentViewSet, basename="argument")


def _appeal_path(suffix, view, name):
    return path(f"appeals/<int:appeal_pk>/{suffix}", view, name=name)


extra_urls = [
    path("search/", SearchView.as_view(), name="search"),
    _appeal_path("draft/", AppealDraftView.as_view(), "appeal-draft"),
    _appeal_path("draft.docx", AppealDraftDocxView.as_view(), "appeal-draft-docx"),
    _appeal_path("draft/regenerate/", DraftRegenerateView.as_view(), "appeal-draft-regenerate"),
    _appeal_path("draft/restore/", DraftRestoreView.as_view(), "appeal-draft-restore"),
    _appeal_path("draft/compare/", DraftCompareView.as_view(), "appeal-draft-compare"),
    _appeal_path("draft/revisions/", RevisionViewSet.as_view({"get": "list"}), "appeal-draft-revision-list"),
    _appeal_path(
        "draft/revisions/<int:revision_pk>/",
        RevisionViewSet.as_view({"get": "retrieve"}),
        "appeal-draft-revision-detail",
    ),
    _appeal_path("hearings/", HearingViewSet.as_view({"get": "list", "post": "create"}), "appeal-hearing-list"),
    _appeal_path(
        "invitations/",
        AppealInvitationViewSet.as_view({"get": "list", "post": "create"}),
        "appeal-invitation-list",
    ),
    _appeal_path(
        "invitations/<int:appeal_invitation_pk>/",
        AppealInvitationViewSet.as_view({"delete": "destroy"}),
        "appeal-invitation-detail",
    ),
]
