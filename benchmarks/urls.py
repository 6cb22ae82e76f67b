"""The site's URLs plus /bench/bare/: one query, same middleware, same server, a tiny template."""

from django.http import HttpResponse
from django.urls import path

from elearning.urls import urlpatterns as site_urlpatterns
from people.models import Country


def bare(request):
    country = Country.objects.order_by("pk").first()
    return HttpResponse(f"<!doctype html><title>bare</title><p>{country.code}</p>")


urlpatterns = [path("bench/bare/", bare)] + site_urlpatterns
