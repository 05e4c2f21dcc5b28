from django.urls import path
from django.views.generic import TemplateView

app_name = "permits"

urlpatterns = [
    path("applications/", TemplateView.as_view(template_name="base.html"), name="application_list"),
]
