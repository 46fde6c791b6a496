"""What the beat does every minute: publish scheduled posts that are due, end expired crises."""
from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from ..models import Post
from ..selectors import forget_banner
from ..states import Action, Kind, Status
from .post_events import record_event
from .post_rules import PostError
from .release import publish

logger = logging.getLogger(__name__)



def publish_due(*, now: datetime | None = None) -> int:
    """Publish the scheduled posts whose time has come (beat, every minute). A post that can no longer
    be published goes back to 'approved' with the reason in its history, where staff see it."""
    now = now or timezone.now()
    published = 0
    for pk in Post.objects.filter(status=Status.SCHEDULED, scheduled_at__lte=now).values_list("pk", flat=True):
        try:
            with transaction.atomic():
                post = Post.objects.select_for_update().get(pk=pk)
                if post.status != Status.SCHEDULED:
                    continue
                publish(post, actor=None, action=Action.PUBLISHED, now=timezone.now())
                published += 1
        except PostError as error:
            with transaction.atomic():
                post = Post.objects.select_for_update().get(pk=pk)
                before = post.status
                post.status = Status.APPROVED
                post.save(update_fields=["status", "updated_at"])
                record_event(post, Action.PUBLISH_FAILED, from_status=before, to_status=post.status, note=error.message)
            logger.warning("scheduled news post %s could not be published", pk)
    return published


@transaction.atomic
def end_expired_crises(*, now: datetime | None = None) -> int:
    """Mark crises past their 'valid until' as ended (the banner already hides them at that second)."""
    now = now or timezone.now()
    expired = list(Post.objects.select_for_update().filter(kind=Kind.CRISIS, status=Status.PUBLISHED,
                                                          ended_at__isnull=True, expires_at__lte=now))
    for post in expired:
        post.ended_at = now
        post.save(update_fields=["ended_at", "updated_at"])
        record_event(post, Action.EXPIRED, at=now)
    if expired:
        transaction.on_commit(forget_banner)
    return len(expired)
