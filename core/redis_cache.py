"""The shared cache's backend: Django's Redis cache, keeping one redis-py client per connection pool.

Django's client builds a new `redis.Redis` for every cache call, and redis-py fills a new dict of
some 170 response callbacks each time: about a tenth of a millisecond per call, on every page. A
`redis.Redis` is safe to share (each command borrows a connection from the pool), so one is kept
per pool and process.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class _ClientPerPool(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ClientPerPool
