"""SCORM URLs (under the language prefix, so messages follow the reader's language)."""

from django.urls import path

from . import views

app_name = "scorm"

urlpatterns = [
    path("content/<uuid:content_key>/<path:path>", views.content, name="content"),
    path("lessons/<str:lesson_id>/packages/<str:package_id>/launch/", views.launch, name="launch"),
    path("attempts/<uuid:key>/", views.attempt_state, name="attempt"),
    path("attempts/<uuid:key>/commit/", views.commit, name="commit"),
]
