"""/public/: what anyone may read without an account (reports.public_views)."""

from django.urls import path

from reports import public_views

app_name = "public"

urlpatterns = [
    path("refusals/", public_views.refusals_page, name="refusals"),
    path("refusals.json", public_views.refusals_json, name="refusals_json"),
    path("refusals.csv", public_views.refusals_csv, name="refusals_csv"),
]
