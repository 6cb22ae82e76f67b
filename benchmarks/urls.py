"""The site's URLs plus /bench/bare/: same middleware and server, renders the user, one query of its own."""

from django.http import HttpResponse
from django.urls import path
from django.utils.html import escape

from elearning.urls import urlpatterns as site_urlpatterns
from people.models import Country


def bare(request):
    country = Country.objects.order_by("pk").first()
    return HttpResponse(
        f"<!doctype html><title>bare</title><p>{escape(request.user.get_username())}</p><p>{country.code}</p>"
    )


urlpatterns = [path("bench/bare/", bare)] + site_urlpatterns
