from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report, name="report"),
    path("export/applications.csv", views.export_applications, name="export_applications"),
    path("export/decisions.csv", views.export_decisions, name="export_decisions"),
    path("export/deadlines.csv", views.export_deadlines, name="export_deadlines"),
    path("export/applications.xlsx", views.export_applications, {"fmt": "xlsx"}, name="export_applications_xlsx"),
    path("export/decisions.xlsx", views.export_decisions, {"fmt": "xlsx"}, name="export_decisions_xlsx"),
    path("export/deadlines.xlsx", views.export_deadlines, {"fmt": "xlsx"}, name="export_deadlines_xlsx"),
    path("groups/<int:pk>/sharing/", views.sharing, name="sharing"),
    path("groups/<int:pk>/public/", views.public_statistics_consent, name="public_consent"),
    path("groups/<int:pk>/links/", views.link_create, name="link_create"),
    path("groups/<int:pk>/links/revoke/", views.link_revoke, name="link_revoke"),
    path("groups/<int:pk>/quotes/", views.quotes, name="quotes"),
    path("groups/<int:pk>/quotes/<int:ground>/", views.quote_review, name="quote_review"),
    path("shared/<str:token>/", views.shared_report, name="shared"),
]
