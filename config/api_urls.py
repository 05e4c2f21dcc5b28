"""/api/v1/: one router for every app's viewsets (API.md)."""

from rest_framework.routers import DefaultRouter

from organizations import api as organizations_api
from permits import api as permits_api

router = DefaultRouter()
# JSON is the only format API.md promises: no `.json` suffix routes beside every path.
router.include_format_suffixes = False
# Each app registers its viewsets in its api.py's `register(router)`.
organizations_api.register(router)
permits_api.register(router)

urlpatterns = router.urls + organizations_api.extra_urls + permits_api.extra_urls
