"""common.cache.ForgivingRedisCache: an unreachable Redis is a miss (logged), not an exception on every page."""
import logging
import socket

import pytest

from common import cache as forgiving
from common import throttle


def _closed_port() -> int:
    with socket.socket() as sock:  # bound then closed: nothing listens there afterwards
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def down_cache(monkeypatch):
    monkeypatch.setattr(forgiving.ForgivingRedisCache, "_last_warning", float("-inf"))
    return forgiving.ForgivingRedisCache(f"redis://127.0.0.1:{_closed_port()}/0",
                                         {"OPTIONS": {"socket_connect_timeout": 1}})


def test_reads_miss_and_writes_do_nothing_while_redis_is_down(down_cache):
    assert down_cache.get("k") is None
    assert down_cache.get("k", "fallback") == "fallback"
    assert down_cache.get_many(["a", "b"]) == {}
    assert down_cache.has_key("k") is False
    down_cache.set("k", 1, 10)
    down_cache.set_many({"a": 1})
    down_cache.delete("k")
    down_cache.delete_many(["a"])
    assert down_cache.touch("k") is False


def test_a_counter_starts_again_so_the_rate_limit_does_not_count(down_cache, monkeypatch):
    assert down_cache.add("rate:x", 1, 10) is True
    assert down_cache.incr("rate:x") == 1
    monkeypatch.setattr(throttle, "cache", down_cache)
    assert [throttle.count_hit("rate:x", 60) for _ in range(3)] == [1, 1, 1]


def test_it_is_logged_once_a_minute_not_once_per_call(down_cache, caplog):
    with caplog.at_level(logging.WARNING, logger="thuisloket.cache"):
        for _ in range(5):
            down_cache.get("k")
    assert [r.getMessage().split(" (")[0] for r in caplog.records] == ["cache unreachable"]


def test_other_errors_still_raise(down_cache, monkeypatch):
    from redis.exceptions import ResponseError

    def broken(*args, **kwargs):
        raise ResponseError("WRONGTYPE")

    monkeypatch.setattr(forgiving.RedisCache, "get", broken)
    with pytest.raises(ResponseError):
        down_cache.get("k")
