"""/api/v1/: one router for every app's viewsets (API.md).

Each Ruqsat app with an `api.py` registers its viewsets there (`register(router)`) and lists any
nested routes in `extra_urls`. An app without an api.py yet is simply skipped."""

from importlib import import_module
from importlib.util import find_spec

from rest_framework.routers import DefaultRouter

RUQSAT_APPS = ("organizations", "messenger", "permits", "appeals", "reminders", "reports", "imports")

router = DefaultRouter()
# JSON is the only format API.md promises: no `.json` suffix routes beside every path.
router.include_format_suffixes = False

extra_urls = []
for app in RUQSAT_APPS:
    if find_spec(f"{app}.api") is None:
        continue
    module = import_module(f"{app}.api")
    module.register(router)
    extra_urls += module.extra_urls

urlpatterns = router.urls + extra_urls
