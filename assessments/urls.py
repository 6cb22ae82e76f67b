"""Quiz URLs, under /<lang>/quizzes/. Learner URLs carry UUIDs, never sequential ids; editors' numeric
question ids are bounded by core.http.object_id in the view (a huge number is a 404, never a 500)."""

from django.urls import path

from . import views

app_name = "assessments"

urlpatterns = [
    path("<uuid:quiz_uuid>/", views.quiz_detail, name="quiz"),
    path("<uuid:quiz_uuid>/figures/", views.quiz_figures, name="figures"),
    path("<uuid:quiz_uuid>/knowledge-gain/", views.course_gain, name="gain"),
    path("attempts/<uuid:attempt_uuid>/", views.attempt_page, name="attempt"),
    path("attempts/<uuid:attempt_uuid>/answer/", views.attempt_answer, name="answer"),
    path("attempts/<uuid:attempt_uuid>/submit/", views.attempt_submit, name="submit"),
    path("attempts/<uuid:attempt_uuid>/result/", views.attempt_result, name="result"),
    path("questions/<int:question_id>/regrade/", views.regrade, name="regrade"),
]
