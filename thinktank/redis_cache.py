"""Django's Redis cache, with one client per server instead of one per call.

django.core.cache.backends.redis builds a new `redis.Redis` for every cache
call (its constructor fills a table of ~170 response callbacks), which costs
more than the round trip itself on a page served from the cache. A client is
thread-safe and only wraps the connection pool, so one per pool is enough.
settings.CACHES uses this backend whenever CACHE_URL names Redis.
"""

import functools

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class SharedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient

    # For code that runs its own script next to the cache's keys (one round
    # trip for several reads): the client, key names and values as the cache has them.

    def server_url(self):
        """The server writes go to, and the one a script must read."""
        return self._servers[0]

    def script_client(self):
        return self._cache.get_client(write=True)

    def decode(self, raw):
        return self._cache._serializer.loads(raw)


@functools.cache
def registered_script(client, source):
    """The Lua `source` as a callable on `client`, made once (making one hashes the source)."""
    return client.register_script(source)
