"""A post's history: every change writes a PostEvent, and status moves follow news.states.TRANSITIONS."""
from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Post, PostEvent
from ..states import TRANSITIONS
from .post_rules import PostError

SYSTEM = "systeem"


def person(user) -> str:
    """How a person is named in a post's history ("systeem" for the beat)."""
    return (user.get_full_name() or user.get_username()) if user is not None else SYSTEM


def record_event(post: Post, action: str, *, actor=None, at: datetime | None = None, from_status: str = "",
                 to_status: str = "", note: str = "", data: dict | None = None) -> PostEvent:
    """Write one line of the post's history (by the system when ``actor`` is None)."""
    return PostEvent.objects.create(post=post, action=action, at=at or timezone.now(), actor=actor,
                                    actor_label="" if actor is not None else SYSTEM, from_status=from_status,
                                    to_status=to_status, note=note, data=data or {})


def move_status(post: Post, action: str, *, actor, at: datetime, note: str = "", data: dict | None = None) -> None:
    """Apply ``action`` to the post's status and record it; ``PostError`` when the status no longer allows it."""
    if not TRANSITIONS.can_do(action, post.status):
        raise PostError(_("Dit kan niet meer: het bericht heeft intussen de status '%(status)s'.")
                        % {"status": post.get_status_display()})
    before = post.status
    post.status = TRANSITIONS.target_of(action)
    record_event(post, action, actor=actor, at=at, from_status=before, to_status=post.status, note=note, data=data)


def locked(post: Post) -> Post:
    """The post, re-read under a row lock: two people clicking at once do not both win."""
    return Post.objects.select_for_update().get(pk=post.pk)

