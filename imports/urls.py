from django.urls import path

from imports import views

app_name = "imports"

# Under /organizations/<pk>/: the history of one group, its coordinators' tool.
urlpatterns = [
    path("<int:pk>/import/", views.import_start, name="start"),
    path("<int:pk>/import/<int:upload_id>/", views.import_preview, name="preview"),
    path("<int:pk>/import/<int:upload_id>/refused.csv", views.import_refused, name="refused"),
    path("<int:pk>/history.<str:fmt>", views.history_export, name="export"),
    path("<int:pk>/import/template.<str:fmt>", views.import_template, name="template"),
]
