from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.decorators.cache import cache_control
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from config import pwa
from permits.views.dashboard import dashboard


class FaviconView(RedirectView):
    """Browsers ask for /favicon.ico whatever the page links: send them to the static icon. Found at
    request time (the manifest's hashed name is only known after collectstatic); not permanent, so
    a new icon's hashed name is followed."""

    def get_redirect_url(self, *args, **kwargs):
        return static("img/favicon.svg")


# The admin's own log-in form would authenticate around allauth: no per-account lock after failed
# attempts and no second factor, for the staff accounts that see every group. Send it to the site's.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", dashboard, name="dashboard"),
    path("favicon.ico", cache_control(max_age=86400, public=True)(FaviconView.as_view()), name="favicon"),
    # On a phone's home screen (config/pwa.py). The worker at the root, so that its scope is the whole site.
    path("manifest.webmanifest", pwa.web_app_manifest, name="web_app_manifest"),
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("offline/", pwa.offline, name="offline"),
    path("", include("permits.urls")),
    path("", include("audit.urls")),
    path("", include("privacy.urls")),
    path("organizations/", include("organizations.urls")),
    # /organizations/<pk>/import/…, /organizations/<pk>/history.csv|xlsx
    path("organizations/", include("imports.urls")),
    path("appeals/", include("appeals.urls")),
    # The authorities' words, timelines and drafts: appeals is the lowest app that reads all three.
    path("search/", include("appeals.search_urls")),
    # /reports/ and the public share links /reports/shared/<token>/
    path("reports/", include("reports.urls")),
    # /public/refusals/ and its open data: the statistics the groups that opted in publish together
    path("public/", include("reports.public_urls")),
    # /healthz, /calendar/<token>.ics, /notifications/…, /reminders/…
    path("", include("reminders.urls")),
    path("", include("messenger.urls")),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler404 = "config.errors.not_found"
