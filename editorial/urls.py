"""Admin URLs of the editors' workshop, mounted under /admin/translations/ by wagtail_hooks."""

from django.urls import path

from . import views

app_name = "editorial"
urlpatterns = [
    path("", views.status_index, name="status_index"),
    path("<str:course_id>/", views.status_detail, name="status_detail"),
    path("<str:course_id>/export/<str:language>/", views.export_po, name="export"),
    path("<str:course_id>/import/", views.import_preview, name="import_preview"),
    path("<str:course_id>/import/apply/", views.import_apply, name="import_apply"),
]
