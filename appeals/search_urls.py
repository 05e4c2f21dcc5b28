from django.urls import path

from appeals import search_views

app_name = "search"

urlpatterns = [
    path("", search_views.search, name="results"),
]
