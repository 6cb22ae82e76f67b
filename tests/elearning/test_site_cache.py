"""The shared Site cache never serves a stale catalogue after an edit."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ..factories import catalog

pytestmark = pytest.mark.django_db


def test_editing_the_catalogue_shows_at_once(client):
    page = catalog()
    page.intro_km = "<p>ចំណងជើងចាស់</p>"
    page.save()
    assert "ចំណងជើងចាស់" in client.get("/km/").content.decode()
    page.intro_km = "<p>ចំណងជើងថ្មី</p>"
    page.save()
    html = client.get("/km/").content.decode()
    assert "ចំណងជើងថ្មី" in html and "ចំណងជើងចាស់" not in html


def test_site_lookup_is_not_repeated_per_request(client):
    client.get("/km/")
    with CaptureQueriesContext(connection) as ctx:
        client.get("/km/")
    assert not any("wagtailcore_site" in q["sql"] for q in ctx.captured_queries)
