from django.urls import path

from permits.views import (
    applications,
    authorities,
    co_organizers,
    corrections,
    deadlines,
    documents,
    filing,
    lifecycle,
    timeline,
)

app_name = "permits"

urlpatterns = [
    path("authorities/review/", authorities.authority_queue, name="authority_queue"),
    path("authorities/<int:pk>/review/", authorities.authority_review, name="authority_review"),
    path("applications/", applications.application_list, name="application_list"),
    path("applications/new/", applications.application_create_view, name="application_create"),
    path("applications/<int:pk>/", applications.application_detail, name="application_detail"),
    path("applications/<int:pk>/edit/", applications.application_edit, name="application_edit"),
    path("applications/<int:pk>/delete/", applications.application_delete, name="application_delete"),
    path("applications/<int:pk>/file/", lifecycle.application_file, name="application_file"),
    path("applications/<int:pk>/filing/", filing.filing_prepare_view, name="filing_prepare"),
    path("applications/<int:pk>/decide/", lifecycle.application_decide, name="application_decide"),
    path("applications/<int:pk>/withdraw/", lifecycle.application_withdraw, name="application_withdraw"),
    path("applications/<int:pk>/held/", lifecycle.application_held, name="application_held"),
    path("applications/<int:pk>/cancel/", lifecycle.application_cancel, name="application_cancel"),
    path("applications/<int:pk>/timeline/", timeline.timeline_add, name="timeline_add"),
    path("applications/<int:pk>/documents/", documents.document_upload, name="document_upload"),
    path("applications/<int:pk>/deadlines/", deadlines.deadline_add, name="deadline_add"),
    path(
        "applications/<int:pk>/deadlines/<int:deadline_pk>/override/",
        deadlines.deadline_override,
        name="deadline_override",
    ),
    path("applications/<int:pk>/deadlines/<int:deadline_pk>/done/", deadlines.deadline_done, name="deadline_done"),
    path("documents/<int:pk>/file", documents.document_file, name="document_file"),
    path(
        "applications/co-organizer-invitations/<str:token>/",
        co_organizers.co_organizer_invitation,
        name="co_organizer_invitation",
    ),
    # Corrections (issue 13): each through the application the user may change.
    path("applications/<int:pk>/documents/<int:document_pk>/edit/", corrections.document_edit, name="document_edit"),
    path(
        "applications/<int:pk>/documents/<int:document_pk>/delete/",
        corrections.document_delete,
        name="document_delete",
    ),
    path(
        "applications/<int:pk>/decisions/<int:decision_pk>/correct/",
        corrections.decision_correct,
        name="decision_correct",
    ),
    path("applications/<int:pk>/decisions/<int:decision_pk>/void/", corrections.decision_void, name="decision_void"),
    path("applications/<int:pk>/timeline/<int:entry_pk>/edit/", corrections.timeline_edit, name="timeline_edit"),
    path("applications/<int:pk>/timeline/<int:entry_pk>/delete/", corrections.timeline_delete, name="timeline_delete"),
]
