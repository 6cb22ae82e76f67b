from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("learning/", views.my_learning, name="my_learning"),
    path("learning/<int:course_id>/continue/", views.continue_course, name="continue"),
]
