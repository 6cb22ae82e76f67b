"""The calendar feed's address, outside the language prefix: phone calendars keep it for years."""

from django.urls import path

from . import views

urlpatterns = [
    path("calendar/<str:token>.ics", views.calendar_feed, name="planning_calendar_feed"),
]
