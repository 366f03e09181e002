"""Django's Redis cache, with one client per server instead of one per call.

django.core.cache.backends.redis builds a new `redis.Redis` for every cache
call (its constructor fills a table of ~170 response callbacks), which costs
more than the round trip itself on a page served from the cache. A client is
thread-safe and only wraps the connection pool, so one per pool is enough.
settings.CACHES uses this backend whenever CACHE_URL names Redis.

Lua scripts (hits, counted_lookup) run through `registered_script`, which
calls them on a pooled connection directly (DirectScript).
"""

import functools

import redis
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
    return DirectScript(client, source)


class DirectScript:
    """A Lua script run with EVALSHA on a connection of the client's pool.

    Called like redis-py's Script (`script(keys=[...], args=[...])`), with
    the same answer, but without Redis.execute_command around it: in
    redis-py 8 its retry and metrics wrappers cost about 15 µs a call, a
    quarter of a cached article view's time in Redis. A script the server
    does not have (restarted, flushed) is loaded by redis-py's Script, which
    then runs it. On a timeout or a broken connection the connection drops
    itself (redis-py) and the error is raised, not retried: the callers fall
    back as they do for an unreachable server, and a script that counts is
    never run twice for one view.
    """

    def __init__(self, client, source):
        self._script = client.register_script(source)
        self._pool = client.connection_pool

    def __call__(self, keys=(), args=()):
        connection = self._pool.get_connection()
        try:
            connection.send_command("EVALSHA", self._script.sha, len(keys), *keys, *args)
            return connection.read_response()
        except redis.exceptions.NoScriptError:
            return self._script(keys=keys, args=args)
        finally:
            self._pool.release(connection)
