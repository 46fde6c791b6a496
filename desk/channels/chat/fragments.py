"""The chat's answers to its own script (chat.js): page fragments it may swap in, and what it posts.

The visitor's page and the agent's "Gesprekken" page share them.
"""
from __future__ import annotations

from django.http import HttpResponse

from common.parsing import parse_id

FRAGMENT_HEADER = "X-Chat-Fragment"  # chat.js only uses answers that carry it (not a login page, say)


def is_fetch(request) -> bool:
    """Sent by chat.js (fetch), not by a plain form post without JavaScript."""
    return request.headers.get("X-Requested-With") == "fetch"


def after_id(request) -> int | None:
    """The id of the last message the page shows (``after``), or None when absent or not a plain number."""
    return parse_id(request.POST.get("after"))


def fragment(html: str, *, status: int = 200, **headers) -> HttpResponse:
    """A piece of the page for chat.js, never cached; ``X_Chat_Replace="1"`` becomes ``X-Chat-Replace: 1``."""
    response = HttpResponse(html, status=status, content_type="text/html; charset=utf-8")
    response[FRAGMENT_HEADER] = "1"
    response["Cache-Control"] = "no-store"
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def nothing_new() -> HttpResponse:
    """204 for chat.js: no new messages since the last it has (still marked as ours)."""
    response = HttpResponse(status=204)
    response[FRAGMENT_HEADER] = "1"
    return response
