"""Emoji reactions: totals only, rate-limited without storing who reacted.

The key of a reaction is HMAC(today's secret, address + browser + post + emoji) and lives only in the
cache until the day ends: one reaction per emoji per post per day per key. A second key without post and
emoji caps how often one key may react per hour (NEWS_REACTIONS_PER_HOUR); a flood changes no count.
Nothing about the person is written to the database.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F

from common import throttle

from .. import ratelimit
from ..models import Post, PostReaction
from ..states import REACTIONS, Status

COUNTED, ALREADY, FLOOD, CLOSED = "counted", "already", "flood", "closed"


@dataclass(frozen=True)
class ReactionResult:
    outcome: str
    count: int


def _count(post: Post, emoji: str) -> int:
    return PostReaction.objects.filter(post=post, emoji=emoji).values_list("count", flat=True).first() or 0


def react(*, post: Post, emoji: str, address: str, user_agent: str) -> ReactionResult:
    """Count one reaction, unless the post takes none, this key already gave it today, or it floods."""
    if emoji not in REACTIONS or not post.reactions_enabled or post.status != Status.PUBLISHED:
        return ReactionResult(CLOSED, _count(post, emoji) if emoji in REACTIONS else 0)
    secret = ratelimit.daily_secret()
    user_agent = (user_agent or "")[:300]
    hourly = throttle.private_key("news-react-hour", address, user_agent, secret=secret)
    if throttle.count_hit(hourly, 3600) > settings.NEWS_REACTIONS_PER_HOUR:
        return ReactionResult(FLOOD, _count(post, emoji))
    once = throttle.private_key("news-react", address, user_agent, str(post.pk), emoji, secret=secret)
    if not cache.add(once, 1, ratelimit.seconds_until_tomorrow()):
        return ReactionResult(ALREADY, _count(post, emoji))
    with transaction.atomic():
        row, _created = PostReaction.objects.get_or_create(post=post, emoji=emoji)
        PostReaction.objects.filter(pk=row.pk).update(count=F("count") + 1)
    return ReactionResult(COUNTED, _count(post, emoji))
