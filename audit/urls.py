from django.urls import path

from audit.views import application_history

app_name = "audit"

urlpatterns = [
    path("applications/<int:pk>/history/", application_history, name="application_history"),
]
