"""Short, language-neutral verification URL printed on certificates: /v/<code> redirects into a language."""

from django.urls import path

from . import views

urlpatterns = [
    path("v/<str:code>", views.short_verify, name="certificates_short_verify"),
    path("v/<str:code>/", views.short_verify),  # a slash added by a mail client or by hand
]
