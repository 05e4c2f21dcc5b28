from django.urls import path

from messenger import views

app_name = "messenger"

urlpatterns = [
    path("telegram/webhook/", views.webhook, name="telegram_webhook"),
]
