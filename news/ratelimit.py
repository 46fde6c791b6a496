"""Rate limits in Django's cache (Redis in production, shared by every web instance), keyed without identity.

Keys are HMACs: an address, an IP or an e-mail address never sits in the cache in clear. Reactions use a
secret that rotates every day (derived from SECRET_KEY and the date), so yesterday's keys cannot be
linked to today's — the "daily salt" approach of cookieless analytics (shared/design/CHANNELS.md C6).
"""
from __future__ import annotations

import hashlib
import hmac
import re
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")


def parse_rate(rate: str) -> tuple[int, int]:
    """``"3/h"`` → ``(3, 3600)``; ``"5/15m"`` → ``(5, 900)``."""
    match = _RATE.match(rate or "")
    if match is None or int(match.group(2) or 1) < 1:
        raise ValueError(f"Not a rate like '10/h': {rate!r}")
    return int(match.group(1)), int(match.group(2) or 1) * _UNITS[match.group(3)]


def keyed(purpose: str, *parts: str, secret: bytes | None = None) -> str:
    secret = secret or hashlib.sha256(f"news-ratelimit:{settings.SECRET_KEY}".encode()).digest()
    message = "\x1f".join([purpose, *parts]).encode()
    return f"news:{purpose}:{hmac.new(secret, message, hashlib.sha256).hexdigest()[:40]}"


def daily_secret(day: date | None = None) -> bytes:
    """Today's secret: derived, never stored; a new day makes every earlier key meaningless."""
    day = day or timezone.localdate()
    return hmac.new(settings.SECRET_KEY.encode(), f"news-reactions:{day.isoformat()}".encode(),
                    hashlib.sha256).digest()


def seconds_until_tomorrow(now: datetime | None = None) -> int:
    now = timezone.localtime(now or timezone.now())
    tomorrow = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return max(60, int((tomorrow - now).total_seconds()) + 60)


def count_hit(key: str, window: int) -> int:
    """Add one hit to a fixed window that the first hit starts; returns the hits so far."""
    if cache.add(key, 1, window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, window)
        return 1


def over_rate(key: str, rate: str) -> bool:
    allowed, window = parse_rate(rate)
    return count_hit(key, window) > allowed


def client_address(request) -> str:
    """REMOTE_ADDR only: X-Forwarded-For can be forged unless the proxy in front is trusted."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"
