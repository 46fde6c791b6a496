"""A small per-client-address rate limit in Django's cache (shared by every web instance: Redis).

A fixed window: the first hit starts it, later hits count within it. Coarse, but enough to stop a
script from filling the desk, and it needs no extra dependency. Rates read like "10/h", "2/m",
"100/d" or "5/15m" (five per quarter of an hour).
"""
from __future__ import annotations

import hashlib
import re

from django.conf import settings
from django.core.cache import cache

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")


def parse_rate(rate: str) -> tuple[int, int]:
    """``"10/h"`` → ``(10, 3600)``: the number of hits allowed per window of that many seconds."""
    match = _RATE.match(rate or "")
    if match is None:
        raise ValueError(f"Not a rate like '10/h': {rate!r}")
    count, multiple, unit = int(match.group(1)), int(match.group(2) or 1), match.group(3)
    if multiple < 1:
        raise ValueError(f"Not a rate like '10/h': {rate!r}")
    return count, multiple * _UNITS[unit]


def client_address(request) -> str:
    """REMOTE_ADDR only: X-Forwarded-For can be forged unless the proxy in front is trusted."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _key(scope: str, address: str) -> str:
    # Hashed: addresses need not sit in the cache in clear, and keys stay short and safe.
    return f"desk-rate:{scope}:{hashlib.sha256(address.encode()).hexdigest()[:32]}"


def hit(request, *, scope: str = "submit", rate: str | None = None) -> bool:
    """Count one hit for the request's address; True when it goes over the rate (refuse the request).

    ``rate`` defaults to ``settings.DESK_SUBMIT_RATE``.
    """
    return hit_key(_key(scope, client_address(request)), rate or settings.DESK_SUBMIT_RATE)


def hit_key(key: str, rate: str) -> bool:
    """Count one hit on a cache key in a fixed window of ``rate``; True when it goes over the rate."""
    allowed, window = parse_rate(rate)
    if cache.add(key, 1, window):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, window)
            count = 1
    return count > allowed


def window_seconds(rate: str | None = None) -> int:
    """The window of a rate in seconds (for a Retry-After header)."""
    return parse_rate(rate or settings.DESK_SUBMIT_RATE)[1]
