from django.urls import path

from privacy import views

app_name = "privacy"

# Under the paths the profile and the group pages had them on.
urlpatterns = [
    path("accounts/profile/my-data.json", views.data_export, name="data_export"),
    path("accounts/profile/delete/", views.account_delete, name="account_delete"),
    path("organizations/<int:pk>/export/", views.organization_export, name="organization_export"),
    path("organizations/<int:pk>/delete/", views.organization_delete, name="organization_delete"),
]
