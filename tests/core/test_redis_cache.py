"""The Redis backend keeps one client per connection pool, and still stores and reads values."""

import os
import uuid

import pytest

from core.redis_cache import RedisCache

REDIS_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def backend():
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"Redis must run in CI: {error}")
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    cache = RedisCache(REDIS_URL, {"KEY_PREFIX": f"test-backend-{uuid.uuid4().hex}"})
    yield cache
    cache.clear()


def test_one_client_serves_every_call(backend):
    client = backend._cache.get_client(write=True)
    assert backend._cache.get_client() is client
    assert backend._cache.get_client("some-key", write=True) is client


def test_values_round_trip_through_redis(backend):
    backend.set("a", {"n": 1})
    backend.set_many({"b": 2, "c": [3]})
    assert backend.get("a") == {"n": 1}
    assert backend.get_many(["a", "b", "c", "missing"]) == {"a": {"n": 1}, "b": 2, "c": [3]}
    assert backend.incr("b") == 3
    backend.delete("a")
    assert backend.get("a", "gone") == "gone"
