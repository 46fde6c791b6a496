"""What the resident pages share: who is signed in, what this browser did (kept in its session) and the
answer to a resident who sends too much too fast."""
from __future__ import annotations

from django.conf import settings
from django.shortcuts import render

from common import throttle

REMEMBERED = 20  # references a session remembers per kind of confirmation page


def signed_in_resident(request):
    """The signed-in resident, or None for an anonymous visitor (or a staff account)."""
    return request.user.resident if hasattr(request.user, "resident") else None


def remember(request, key: str, reference: str, value) -> None:
    """Keep ``value`` for ``reference`` under ``key`` in the session (the newest :data:`REMEMBERED` only)."""
    stored = dict(request.session.get(key, {}))
    stored.pop(reference, None)
    stored[reference] = value
    request.session[key] = dict(list(stored.items())[-REMEMBERED:])


def rate_limited(request):
    """The 429 page for a resident over ``DESK_SUBMIT_RATE``."""
    seconds = throttle.window_seconds(settings.DESK_SUBMIT_RATE)
    response = render(request, "desk/resident/rate_limited.html", {"minutes": max(1, seconds // 60)}, status=429)
    response["Retry-After"] = str(seconds)
    return response
