from django.urls import path

from reminders import views

app_name = "reminders"

# Mounted at the root (config/urls.py): /healthz and /calendar/<token>.ics are public entry points (API.md).
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/open/", views.notification_open, name="notification_open"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("reminders/preferences/", views.preferences, name="preferences"),
    path("reminders/calendar/regenerate/", views.calendar_regenerate, name="calendar_regenerate"),
    path("reminders/acknowledge/", views.acknowledge_link, name="acknowledge"),
    path("reminders/acknowledge/in-app/", views.acknowledge_in_app, name="acknowledge_in_app"),
]
