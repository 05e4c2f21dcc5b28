from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from permits.views.dashboard import dashboard

urlpatterns = [
    path("", dashboard, name="dashboard"),
    path("", include("permits.urls")),
    path("organizations/", include("organizations.urls")),
    path("appeals/", include("appeals.urls")),
    # /reports/ and the public share links /reports/shared/<token>/
    path("reports/", include("reports.urls")),
    # /healthz, /calendar/<token>.ics, /notifications/…, /reminders/…
    path("", include("reminders.urls")),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler404 = "config.errors.not_found"
