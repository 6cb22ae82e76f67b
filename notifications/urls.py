from django.urls import path

from . import views, views_accounts

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/read-all/", views.mark_all_read, name="read_all"),
    path("notifications/<int:notification_id>/open/", views.open_notification, name="open"),
    path("notifications/e-mail/", views.preferences, name="preferences"),
    path("accounts/activate/", views_accounts.activate_with_code, name="activate_code"),
    path("accounts/activate/<str:token>/", views_accounts.activate, name="activate"),
    path("hr/accounts/", views_accounts.pending_accounts, name="pending_accounts"),
]
