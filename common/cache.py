"""Django's Redis cache, but a Redis that cannot be reached is a cache miss, not a 500 on every page.

The cache holds nothing that is only there: the news banner is read again from the database, and the counters
of the rate limits (common.throttle, identity.staff.throttle, the verification sandbox's checks in flight) start
again from nothing. While Redis is down those limits do not count: the pages keep working with degraded rate
limiting, and a warning says so (at most once a minute per process). A sync gunicorn worker serves one request at
a time, so the checks in flight stay bounded by the number of workers even then.
Only an unreachable Redis (connection refused, timeout) is forgiven; any other error still raises.
"""
from __future__ import annotations

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("thuisloket.cache")
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
WARN_EVERY_SECONDS = 60


class ForgivingRedisCache(RedisCache):
    """RedisCache whose reads miss and whose writes do nothing while Redis cannot be reached (logged)."""

    _last_warning = float("-inf")

    def _unreachable(self, operation: str, error: Exception) -> None:
        now = time.monotonic()
        if now - ForgivingRedisCache._last_warning >= WARN_EVERY_SECONDS:
            ForgivingRedisCache._last_warning = now
            logger.warning("cache unreachable (%s: %s): pages go on without it, rate limits do not count",
                           operation, error)

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except UNREACHABLE as error:
            self._unreachable("get", error)
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except UNREACHABLE as error:
            self._unreachable("get_many", error)
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except UNREACHABLE as error:
            self._unreachable("has_key", error)
            return False

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        # True: as if the key were new, so a counter starts at its first hit (the limit does not count).
        try:
            return super().add(key, value, timeout, version)
        except UNREACHABLE as error:
            self._unreachable("add", error)
            return True

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except UNREACHABLE as error:
            self._unreachable("incr", error)
            return delta

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except UNREACHABLE as error:
            self._unreachable("set", error)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except UNREACHABLE as error:
            self._unreachable("set_many", error)
            return []

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except UNREACHABLE as error:
            self._unreachable("touch", error)
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except UNREACHABLE as error:
            self._unreachable("delete", error)
            return False

    def delete_many(self, keys, version=None):
        try:
            super().delete_many(keys, version)
        except UNREACHABLE as error:
            self._unreachable("delete_many", error)

    def ping(self) -> bool:
        """Ask the (writable) Redis server directly; raises while it cannot be reached (the readiness probe)."""
        return self._cache.get_client(write=True).ping()
