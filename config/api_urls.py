"""/api/v1/: one router for every app's viewsets (API.md)."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()
# Each app registers its viewsets in its api.py's `register(router)`.
from organizations import api as organizations_api  # noqa: E402
from permits import api as permits_api  # noqa: E402

organizations_api.register(router)
permits_api.register(router)

urlpatterns = router.urls + organizations_api.extra_urls + permits_api.extra_urls
