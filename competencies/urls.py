from django.urls import path

from . import views

app_name = "competencies"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("gaps/", views.gaps, name="gaps"),
    path("people/", views.people, name="people"),
    path("people/<str:token>/", views.person, name="person"),
    path("import/", views.import_staff, name="import"),
    path("import/<uuid:public_id>/", views.import_job, name="import_job"),
    path("export/<slug:key>.<slug:fmt>", views.export, name="export"),
]
