"""One rate limit for the whole portal: fixed windows in Django's cache, one rate syntax, keys without identity.

The cache is Redis in production, so every web instance shares the counts. A window starts with its first
hit; later hits count within it. Rates read like ``"10/h"``, ``"2/m"``, ``"100/d"`` or ``"5/15m"`` (five per
quarter of an hour).

One privacy rule for every key: the parts that identify someone (a client address, a username, an e-mail
address) enter the cache only as an HMAC keyed with a secret derived from SECRET_KEY. A plain hash of an
IPv4 address could be reversed by trying all 2³² of them; an HMAC cannot without the secret.
"""
from __future__ import annotations

import hashlib
import hmac
import re

from django.conf import settings
from django.core.cache import cache

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$", re.ASCII)


def parse_rate(rate: str) -> tuple[int, int]:
    """``"10/h"`` → ``(10, 3600)``; ``"5/15m"`` → ``(5, 900)``: hits allowed per window of that many seconds."""
    match = _RATE.match(rate or "")
    if match is None or int(match.group(2) or 1) < 1:
        raise ValueError(f"Not a rate like '10/h': {rate!r}")
    return int(match.group(1)), int(match.group(2) or 1) * _UNITS[match.group(3)]


def window_seconds(rate: str) -> int:
    """The window of a rate in seconds (for a Retry-After header)."""
    return parse_rate(rate)[1]


def client_address(request) -> str:
    """REMOTE_ADDR only: X-Forwarded-For can be forged unless the proxy in front is trusted."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _default_secret() -> bytes:
    return hashlib.sha256(f"thuisloket-throttle:{settings.SECRET_KEY}".encode()).digest()


def private_key(scope: str, *parts: str, secret: bytes | None = None) -> str:
    """A cache key for ``scope`` whose identifying ``parts`` are an HMAC (see the module docstring).

    ``secret`` may be a rotating one (news reactions use a daily secret so days cannot be linked).
    """
    message = "\x1f".join([scope, *parts]).encode()
    digest = hmac.new(secret or _default_secret(), message, hashlib.sha256).hexdigest()[:40]
    return f"rate:{scope}:{digest}"


def count_hit(key: str, window: int) -> int:
    """Add one hit to the fixed window of ``key`` (the first hit starts it); returns the hits so far."""
    if cache.add(key, 1, window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, window)
        return 1


def over_rate(key: str, rate: str) -> bool:
    """Count one hit on ``key``; True when it goes over ``rate`` (refuse the request)."""
    allowed, window = parse_rate(rate)
    return count_hit(key, window) > allowed


def hit(request, *, scope: str, rate: str) -> bool:
    """Count one hit for the request's client address in ``scope``; True when it goes over ``rate``."""
    return over_rate(private_key(scope, client_address(request)), rate)
