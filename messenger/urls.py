from django.urls import path

from messenger import views

app_name = "messenger"

urlpatterns = [
    path("telegram/webhook/", views.webhook, name="telegram_webhook"),
    path("accounts/profile/telegram/link/", views.telegram_link, name="telegram_link"),
    path("accounts/profile/telegram/details/", views.telegram_details, name="telegram_details"),
    path("accounts/profile/telegram/unlink/", views.telegram_unlink_view, name="telegram_unlink"),
]
