"""The person's versions are fetched with the request's others (core.cache), without touching the
session of a visitor who has none."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import cache as shared

pytestmark = pytest.mark.django_db


def test_a_visitor_without_a_session_gets_no_vary_cookie_from_the_version_read(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert "Cookie" not in response.get("Vary", "")


def test_a_signed_in_page_reads_the_person_versions_in_the_first_round_trip(logged_in, learner, monkeypatch):
    logged_in.get("/en/learning/")  # warm
    reads, inside = [], []
    original_many, original_get = shared.cache.get_many, shared.cache.get

    def get_many(keys, *args, **kwargs):
        reads.append(list(keys))
        inside.append(True)  # the local-memory backend reads key by key inside get_many
        try:
            return original_many(keys, *args, **kwargs)
        finally:
            inside.pop()

    def get(key, *args, **kwargs):
        if not inside:
            reads.append([key])
        return original_get(key, *args, **kwargs)

    monkeypatch.setattr(shared.cache, "get_many", get_many)
    monkeypatch.setattr(shared.cache, "get", get)
    with CaptureQueriesContext(connection) as ctx:
        assert logged_in.get("/en/learning/").status_code == 200
    assert len(ctx.captured_queries) == 2  # the session and the user
    assert len(reads) == 1, reads  # one round trip: every version, the person's and the unread count's included
    first = " ".join(reads[0])
    assert f"person:{learner.pk}" in first and f"notifications:{learner.pk}" in first
