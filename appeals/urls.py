from django.urls import path

from appeals import views

app_name = "appeals"

urlpatterns = [
    path("", views.appeal_list, name="list"),
    path("open/<int:decision_pk>/", views.appeal_open_view, name="open"),
    path("<int:pk>/", views.workspace, name="workspace"),
    path("<int:pk>/volunteers/", views.volunteer_add, name="volunteer_add"),
    path("<int:pk>/volunteers/<str:username>/remove/", views.volunteer_remove, name="volunteer_remove"),
    path("<int:pk>/invitations/", views.invitation_create, name="invitation_create"),
    path(
        "<int:pk>/invitations/<int:appeal_invitation_pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("<int:pk>/status/filed/", views.appeal_file, name="file"),
    path("<int:pk>/status/hearings/", views.hearing_schedule, name="hearing_schedule"),
    path("<int:pk>/status/hearings/<int:hearing_pk>/result/", views.hearing_result, name="hearing_result"),
    path("<int:pk>/status/outcome/", views.appeal_outcome, name="outcome"),
    path("<int:pk>/status/withdraw/", views.appeal_withdraw, name="withdraw"),
    path("<int:pk>/status/venue/", views.appeal_venue, name="venue"),
    path("<int:pk>/insert/", views.draft_insert, name="insert"),
    path("<int:pk>/plan-b/", views.plan_b, name="plan_b"),
    path("<int:pk>/regenerate/", views.draft_regenerate, name="regenerate"),
    path("<int:pk>/revisions/<int:revision_pk>/", views.revision, name="revision"),
    path("<int:pk>/draft.docx", views.draft_docx, name="draft_docx"),
]
