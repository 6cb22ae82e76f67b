from django.urls import path

from . import views

app_name = "evaluations"

urlpatterns = [
    path("course/<str:course_id>/", views.answer, name="answer"),
    path("results/", views.results, name="results"),
    path("results/export.<slug:fmt>", views.export, name="export"),
]
