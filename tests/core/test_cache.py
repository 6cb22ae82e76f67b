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
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
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
