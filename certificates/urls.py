from django.urls import path

from . import views, views_cohorts

app_name = "certificates"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("verify/", views.verify, name="verify"),
    path("verify/<str:code>/", views.verify, name="verify_code"),
    path("download/<str:code>/", views.download, name="download"),
    path("manage/<str:code>/", views.manage, name="manage"),
    path("issued/", views.hr_list, name="list"),
    path("issued/export.csv", views.export, {"fmt": "csv"}, name="export_csv"),
    path("issued/export.xlsx", views.export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("issued/certificates.zip", views.export, {"fmt": "zip"}, name="export_zip"),
    path("issue/", views.issue_for_course, name="issue"),
    path("cohorts/", views_cohorts.cohort_list, name="cohorts"),
    path("cohorts/<uuid:public_id>/", views_cohorts.cohort_certificates, name="cohort"),
    path("cohorts/<uuid:public_id>/issue/", views_cohorts.issue_cohort, name="issue_cohort"),
    path("cohorts/<uuid:public_id>/certificates.zip", views_cohorts.cohort_zip, name="cohort_zip"),
]
