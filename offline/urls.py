"""Language-neutral URLs of the offline app. The service worker must be served at the root so
that its scope covers every page; the other URLs name their language in the path."""

from django.urls import path

from . import views

app_name = "offline"

urlpatterns = [
    path("sw.js", views.service_worker, name="service_worker"),
    path("offline/<str:lang>/manifest.webmanifest", views.manifest, name="manifest"),
    path("offline/<str:lang>/", views.offline_page, name="page"),
    path("offline/<str:lang>/courses/<int:course_id>/pages.json", views.course_pages, name="course_pages"),
    # Names ending in ".json": LocaleMiddleware turns a 404 at an address without a language into a
    # redirect when Wagtail's catch-all would match it with a prefix (any "a/b/c/" address does).
    path("offline/lessons/<int:lesson_id>/complete.json", views.complete_lesson, name="complete_lesson"),
    path("offline/attempts/<uuid:attempt_uuid>/answer.json", views.answer_question, name="answer"),
    path("offline/attempts/<uuid:attempt_uuid>/submit.json", views.submit_quiz, name="submit"),
    path("offline/check-in.json", views.check_in_code, name="check_in"),
]
