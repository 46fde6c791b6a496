"""Where the chat button shows: on every page for residents and visitors, never in the back office."""
from __future__ import annotations

from django.conf import settings

HIDDEN_PREFIXES = ("/balie/", "/admin/")


def launcher_visible(request) -> bool:
    """The chat button belongs on every public and resident page; not for staff, nor on staff pages."""
    if request is None or not getattr(settings, "CHAT_ENABLED", False):
        return False
    if request.path.startswith(HIDDEN_PREFIXES):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated and user.is_staff)


def on_chat_page(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return bool(match and match.namespace == "chat")
