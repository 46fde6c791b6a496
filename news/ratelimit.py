"""The daily secret of anonymous reactions (their rate-limit keys: ``common.throttle.private_key``).

The secret rotates every day (derived from SECRET_KEY and the date), so yesterday's keys cannot be linked
to today's — the "daily salt" approach of cookieless analytics.
"""
from __future__ import annotations

import hashlib
import hmac
from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils import timezone


def daily_secret(day: date | None = None) -> bytes:
    """Today's secret: derived, never stored; a new day makes every earlier key meaningless."""
    day = day or timezone.localdate()
    return hmac.new(settings.SECRET_KEY.encode(), f"news-reactions:{day.isoformat()}".encode(),
                    hashlib.sha256).digest()


def seconds_until_tomorrow(now: datetime | None = None) -> int:
    now = timezone.localtime(now or timezone.now())
    tomorrow = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return max(60, int((tomorrow - now).total_seconds()) + 60)
