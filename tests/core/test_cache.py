"""Versioned keys in the shared cache, on local memory and on Redis (the production cache).

Redis is at REDIS_TEST_URL (CI sets it) or redis://127.0.0.1:6379/15; without CI and without a
Redis server the Redis cases are skipped, in CI they fail.
"""

import os

import pytest
from django.core.cache import cache
from django.test import override_settings

from core import cache as versioned

REDIS_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")
BACKENDS = {
    "locmem": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "core-cache-test"},
    "redis": {
        "BACKEND": "core.redis_cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "core-test",
    },
}


def _redis_reachable():
    try:
        import redis

        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except Exception:
        return False


@pytest.fixture(params=sorted(BACKENDS))
def shared_cache(request):
    if request.param == "redis" and not _redis_reachable():
        if os.environ.get("CI"):
            pytest.fail(f"Redis is not reachable at {REDIS_URL}")
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    with override_settings(CACHES={"default": BACKENDS[request.param]}):
        cache.clear()
        yield cache
        cache.clear()


def test_bump_makes_every_old_key_unreachable(shared_cache):
    builds = []

    def build():
        builds.append(1)
        return f"value {len(builds)}"

    old_key = versioned.versioned_key("restrictions", "page", 7)
    assert versioned.get_or_build("restrictions", ("page", 7), build) == "value 1"
    assert versioned.get_or_build("restrictions", ("page", 7), build) == "value 1"
    versioned.bump("restrictions")
    assert versioned.versioned_key("restrictions", "page", 7) != old_key
    assert versioned.get_or_build("restrictions", ("page", 7), build) == "value 2"
    assert len(builds) == 2


def test_bump_touches_only_its_namespace(shared_cache):
    sites = versioned.versioned_key("sites", "example.org")
    versioned.bump("restrictions")
    assert versioned.versioned_key("sites", "example.org") == sites


def test_a_missing_version_starts_afresh_not_at_a_reused_number(shared_cache):
    """After the version key is lost (eviction, a flushed cache), old keys must not come back."""
    first = versioned.version("sites")
    versioned.bump("sites")
    second = versioned.version("sites")
    assert second == first + 1
    shared_cache.delete("core:version:sites")
    third = versioned.version("sites")
    assert third not in (first, second, 1)
    shared_cache.delete("core:version:sites")
    versioned.bump("sites")  # a bump of a missing version starts afresh too
    assert versioned.version("sites") not in (first, second, third, 1)


def test_the_version_never_expires(shared_cache):
    versioned.version("sites")
    if hasattr(shared_cache, "_expire_info"):
        assert shared_cache._expire_info[shared_cache.make_key("core:version:sites")] is None
    else:
        client = shared_cache._cache.get_client(write=False)
        assert client.ttl(shared_cache.make_key("core:version:sites")) == -1


def test_a_built_none_is_kept_not_built_again(shared_cache):
    builds = []

    def build():
        builds.append(1)

    assert versioned.get_or_build("sites", ("nowhere.example",), build) is None
    assert versioned.get_or_build("sites", ("nowhere.example",), build) is None
    assert len(builds) == 1


def test_values_are_shared_through_the_cache_not_the_process(shared_cache):
    versioned.get_or_build("sites", ("a",), lambda: {"root": 3})
    key = versioned.versioned_key("sites", "a")
    assert shared_cache.get(key) == {"root": 3}


class _Request:
    """Stands for a request: get_many_or_build keeps the versions it read on it."""


@pytest.fixture(autouse=True)
def _end_of_request():
    """These tests read versions with made-up requests: end the "request" so that no later test sees them."""
    yield
    versioned._request_finished()
    versioned.clear_local()


def _other_process_bumps(namespace):
    """What a bump in another process does: only the shared cache changes, not this process's memory."""
    from django.core.cache import caches

    other = caches.create_connection("default")  # a second client on the same shared cache
    try:
        other.incr("core:version:" + namespace)
    finally:
        other.close()


def test_values_kept_in_process_memory_follow_a_bump_made_by_another_process(shared_cache):
    builds = []

    def build():
        builds.append(1)
        return f"built {len(builds)}"

    first = versioned.get_many_or_build(_Request(), "courses:test", {"v": (("a",), build)})["v"]
    again = versioned.get_many_or_build(_Request(), "courses:test", {"v": (("a",), build)})["v"]
    assert (first, again, len(builds)) == ("built 1", "built 1", 1)
    versioned.clear_local()  # this process's memory gone: the shared cache still answers
    assert versioned.get_many_or_build(_Request(), "courses:test", {"v": (("a",), build)})["v"] == "built 1"
    assert len(builds) == 1

    _other_process_bumps("courses:test")

    assert versioned.get_many_or_build(_Request(), "courses:test", {"v": (("a",), build)})["v"] == "built 2"


def test_a_request_reads_each_version_once_and_sees_its_own_bump(shared_cache):
    request = _Request()
    before = versioned.request_version(request, "courses:test")
    _other_process_bumps("courses:test")
    assert versioned.request_version(request, "courses:test") == before  # one version for the whole request
    assert versioned.request_version(_Request(), "courses:test") != before  # the next request reads it afresh


def test_the_request_memo_keeps_nothing_outside_get_requests(client, db):
    memo = versioned.request_memo()
    memo["x"] = 1
    assert "x" not in versioned.request_memo()  # outside a request: a new dict each time
    versioned._request_started(environ={"REQUEST_METHOD": "POST"})
    versioned.request_memo()["x"] = 1
    assert "x" not in versioned.request_memo()  # a POST may change what it read: nothing shared
    versioned._request_started(environ={"REQUEST_METHOD": "GET"})
    versioned.request_memo()["x"] = 1
    assert versioned.request_memo()["x"] == 1
    versioned._request_finished()
    assert "x" not in versioned.request_memo()
