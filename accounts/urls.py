from django.urls import path

from accounts import views

# Beside allauth's URLs under /accounts/ (log in, sign up, password reset, email): no clashes.
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/api-token/", views.api_token_create, name="api_token_create"),
    path("profile/api-token/<int:token_id>/revoke/", views.api_token_revoke, name="api_token_revoke"),
    path("language/", views.set_language, name="set_user_language"),
    path("log-in/unlock/<str:token>/", views.unlock_log_in, name="account_unlock"),
    path("profile/log-out-everywhere/", views.log_out_everywhere, name="log_out_everywhere"),
]
