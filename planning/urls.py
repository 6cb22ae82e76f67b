from django.urls import path

from . import views, views_hr

app_name = "planning"

urlpatterns = [
    path("calendar/", views.calendar_page, name="calendar"),
    path("calendar/new-address/", views.reset_feed, name="reset_feed"),
    path("hr/training/", views_hr.report, name="report"),
    path("hr/training/assign/", views_hr.assign, name="assign"),
    path("hr/training/export/<slug:key>.<slug:fmt>", views_hr.export, name="export"),
]
