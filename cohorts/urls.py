from django.urls import path

from . import views, views_hr, views_trainer

app_name = "cohorts"

urlpatterns = [
    path("", views.cohort_list, name="list"),
    path("mine/", views_trainer.my_cohorts, name="mine"),
    path("check-in/", views.checkin, name="checkin"),
    path("fill-rates/", views_hr.fill_rate_list, name="fill_rates"),
    path("cascade/", views_hr.cascade, name="cascade"),
    path("<uuid:public_id>/", views.cohort_detail, name="detail"),
    path("<uuid:public_id>/calendar.ics", views.cohort_calendar, name="calendar"),
    path("<uuid:public_id>/meetings/<int:meeting_id>/calendar.ics", views.cohort_calendar, name="meeting_calendar"),
    path("<uuid:public_id>/roster/", views_trainer.cohort_roster, name="roster"),
    path("<uuid:public_id>/meetings/<int:meeting_id>/attendance/", views_trainer.take_attendance, name="attendance"),
    path(
        "<uuid:public_id>/meetings/<int:meeting_id>/attendance/all-present/",
        views_trainer.all_present,
        name="all_present",
    ),
    path(
        "<uuid:public_id>/meetings/<int:meeting_id>/check-in-code/",
        views_trainer.new_checkin_code,
        name="new_checkin_code",
    ),
    path("<uuid:public_id>/import/", views_trainer.import_attendance, name="import"),
    path(
        "<uuid:public_id>/participants/<int:participation_id>/approve/",
        views_trainer.approve_participant,
        name="approve",
    ),
    path(
        "<uuid:public_id>/participants/<int:participation_id>/refuse/",
        views_trainer.refuse_participant,
        name="refuse",
    ),
    path("<uuid:public_id>/assign/", views_hr.assign_staff, name="assign"),
]
