from django.urls import path

from imports import views

app_name = "imports"

# Under /organizations/<pk>/: the history of one group, its coordinators' tool.
urlpatterns = [
    path("<int:pk>/import/", views.import_start, name="start"),
    path("<int:pk>/import/<int:upload_id>/", views.import_preview, name="preview"),
    path("<int:pk>/import/<int:upload_id>/refused.csv", views.import_refused, name="refused"),
    *(
        route
        for fmt in views.FORMATS
        for route in (
            path(f"<int:pk>/history.{fmt}", views.history_export, {"fmt": fmt}, name=f"export_{fmt}"),
            path(f"<int:pk>/import/template.{fmt}", views.import_template, {"fmt": fmt}, name=f"template_{fmt}"),
        )
    ),
]
