"""thinktank.redis_cache.registered_script: Lua scripts run on pooled connections directly.

Against the real Redis of `make test`, each test on a database of its own
(the ninth), since one of them flushes the server's script cache.
"""

import pytest
import redis

from thinktank.redis_cache import registered_script

# Echoes what it was given, counting its calls in KEYS[1].
ECHO = "return {redis.call('incr', KEYS[1]), KEYS[2], ARGV[1]}"


@pytest.fixture
def client(redis_url):
    client = redis.Redis.from_url(f"{redis_url}/9")
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


def test_a_script_answers_as_redis_py_runs_it(client):
    direct = registered_script(client, ECHO)
    assert direct(keys=["calls", "b"], args=["x"]) == [1, b"b", b"x"]
    assert client.register_script(ECHO)(keys=["calls", "b"], args=["y"]) == [2, b"b", b"y"]
    assert direct(keys=["calls", "c"], args=[3]) == [3, b"c", b"3"]


def test_a_script_the_server_lost_is_loaded_again_and_runs_once(client):
    echo = registered_script(client, ECHO)
    echo(keys=["calls", "k"], args=["a"])
    client.script_flush()  # as after a restart without persistence
    assert echo(keys=["calls", "k"], args=["b"]) == [2, b"k", b"b"]
    assert int(client.get("calls")) == 2


def test_a_script_error_is_raised_and_the_connection_stays_usable(client):
    echo = registered_script(client, ECHO)
    client.set("calls", "not a number")
    with pytest.raises(redis.exceptions.ResponseError):
        echo(keys=["calls", "k"], args=["a"])
    client.set("calls", 5)
    assert echo(keys=["calls", "k"], args=["b"]) == [6, b"k", b"b"]


def test_an_unreachable_server_raises_a_connection_error(client):
    from tests.services import free_port

    nobody = redis.Redis(port=free_port(), socket_connect_timeout=1)
    with pytest.raises(redis.exceptions.ConnectionError):
        registered_script(nobody, ECHO)(keys=["calls", "k"], args=["a"])
