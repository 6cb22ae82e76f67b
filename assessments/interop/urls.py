"""Admin URLs of question import and export (registered by interop/hooks.py under /admin/questions/)."""

from django.urls import path

from . import views

app_name = "assessments_interop"
urlpatterns = [
    path("import/", views.import_view, name="import"),
    path("export/", views.export_view, name="export"),
]
