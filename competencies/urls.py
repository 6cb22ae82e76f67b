from django.urls import path

from . import views

app_name = "competencies"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("gaps/", views.gaps, name="gaps"),
    path("people/", views.people, name="people"),
    path("people/<str:token>/", views.person, name="person"),
    path("import/", views.import_staff, name="import"),
    path("export/<slug:key>.<slug:fmt>", views.export, name="export"),
]
