"""A per-address limit on subscribe/unsubscribe calls, kept only in the cache (never in the database).

The key is an HMAC of the address with the secret key, so the cache holds no address, not even one a
lookup table of all IPv4 addresses could reverse. A fixed window: the first hit starts it.
"""
from __future__ import annotations

import hashlib
import hmac
import re

from django.conf import settings
from django.core.cache import cache

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")


def parse_rate(rate: str) -> tuple[int, int]:
    """``"20/h"`` → ``(20, 3600)``."""
    match = _RATE.match(rate or "")
    if match is None or int(match.group(2) or 1) < 1:
        raise ValueError(f"Not a rate like '20/h': {rate!r}")
    return int(match.group(1)), int(match.group(2) or 1) * _UNITS[match.group(3)]


def _key(address: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]
    return f"push-rate:{digest}"


def hit(request) -> tuple[bool, int]:
    """Count one call from the request's address: (over the limit?, window in seconds)."""
    allowed, window = parse_rate(settings.WEBPUSH_SUBSCRIBE_RATE)
    key = _key(request.META.get("REMOTE_ADDR", "") or "unknown")
    if cache.add(key, 1, window):
        return False, window
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, window)
        count = 1
    return count > allowed, window
