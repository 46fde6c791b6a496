"""The fan-out of a published post to its channels (called by news.services.release inside the publishing
transaction; everything that leaves the portal starts after the commit).

- news page, Atom feeds, CAP feed: read from the database, so they are done at publication;
- e-mail: Celery, in batches (news.tasks / news.mailing);
- Web Push: ``news.push.services.broadcast`` (another part of this app), when that app is installed;
- the WhatsApp channel: a task for a person (there is no official API for Channels), ticked off by hand.

Each channel has a ChannelDelivery row that staff see on the post, with what went wrong if it did.
"""
from __future__ import annotations

import logging
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from common import jobs

from ..cap import post_url
from ..models import ChannelDelivery, Post
from ..selectors import forget_banner
from ..states import LANGUAGES, Channel

logger = logging.getLogger(__name__)
PUSH_APP = "news.push"
IMMEDIATE = (Channel.PAGE, Channel.ATOM, Channel.CAP)


def mark_delivery(post: Post, channel: str, *, state: str | None = None, done: bool = False, detail: str = "",
                  count: int | None = None) -> None:
    """Record how a post's delivery on one channel stands (staff see it on the post)."""
    state = state or (ChannelDelivery.State.DONE if done else ChannelDelivery.State.PENDING)
    defaults = {"state": state, "detail": detail[:1000]}
    if count is not None:
        defaults["count"] = count
    ChannelDelivery.objects.update_or_create(post=post, channel=channel, defaults=defaults)


def fan_out(post: Post) -> None:
    """Record the channels and start the ones that send something, after the commit."""
    for channel in post.channels:
        if channel in IMMEDIATE:
            mark_delivery(post, channel, done=True)
        elif channel == Channel.WHATSAPP:
            mark_delivery(post, channel, state=ChannelDelivery.State.MANUAL)
        else:
            mark_delivery(post, channel)
    transaction.on_commit(forget_banner)
    post_id = post.pk
    if post.on_email:
        transaction.on_commit(lambda: start_email(post_id))
    if post.on_push:
        transaction.on_commit(lambda: send_push(post_id))


def start_email(post_id: int) -> None:
    """Queue the e-mail fan-out; if the queue is unreachable, say so on the post (staff can retry)."""
    try:
        jobs.enqueue("news.tasks.send_post_emails", post_id)
    except Exception:  # the broker is down: visible to staff rather than silently lost
        logger.exception("could not queue the e-mails of news post %s", post_id)
        post = Post.objects.filter(pk=post_id).first()
        if post is not None:
            mark_delivery(post, Channel.EMAIL, state=ChannelDelivery.State.FAILED,
                          detail="De wachtrij was niet bereikbaar. Probeer opnieuw.")


# ------------------------------------------------------------------------------------------------ Web Push


def push_payloads(post: Post) -> dict[str, dict]:
    """Title, body (the summary), URL and tag per language; the tag makes an Update replace the earlier
    notification of the same crisis on the device."""
    tag = f"crisis-{post.chain_root().pk}" if post.is_crisis else f"news-{post.pk}"
    payloads = {}
    for language in LANGUAGES:
        content = post.content(language)
        payloads[language] = {"title": content.title, "body": content.summary,
                              "url": post_url(post, language), "tag": tag}
    return payloads


def push_ttl(post: Post) -> int:
    """How long a push service keeps trying a device that is offline: a crisis until it expires."""
    if post.is_crisis and post.expires_at:
        return int(max(timedelta(minutes=1), min(post.expires_at - timezone.now(), timedelta(days=1)))
                   .total_seconds())
    return settings.NEWS_PUSH_TTL


def push_available() -> bool:
    """Is Web Push installed on this server (the news.push app and its broadcast)?"""
    if not apps.is_installed(PUSH_APP):
        return False
    try:
        from news.push import services as push_services  # optional: news.push may not be installed
    except ImportError:
        return False
    return callable(getattr(push_services, "broadcast", None))


def send_push(post_id: int) -> None:
    """Hand the post to news.push.services.broadcast (it queues the deliveries itself)."""
    post = Post.objects.filter(pk=post_id).prefetch_related("translations").first()
    if post is None:
        return
    if not push_available():
        mark_delivery(post, Channel.PUSH, state=ChannelDelivery.State.SKIPPED,
                      detail="Webpush is niet geïnstalleerd op deze server.")
        return
    from news.push.services import broadcast  # optional: news.push may not be installed (push_available)

    try:
        result = broadcast(post_id=post.pk, topic="crisis" if post.is_crisis else "news",
                           urgency="high" if post.is_crisis else "normal", payloads=push_payloads(post),
                           ttl=push_ttl(post))
    except Exception as error:  # the push part failed: keep the post published, show it to staff
        logger.exception("web push broadcast of news post %s failed", post.pk)
        mark_delivery(post, Channel.PUSH, state=ChannelDelivery.State.FAILED, detail=type(error).__name__)
        return
    count = result if isinstance(result, int) else getattr(result, "subscriber_count", None)
    mark_delivery(post, Channel.PUSH, done=True, count=count if isinstance(count, int) else None)


@transaction.atomic
def retry_channel(*, post: Post, channel: str) -> None:
    """Start a failed e-mail or push fan-out again (e-mail batches resume where they stopped)."""
    if channel == Channel.EMAIL and post.on_email:
        mark_delivery(post, channel)
        post_id = post.pk
        transaction.on_commit(lambda: start_email(post_id))
    elif channel == Channel.PUSH and post.on_push:
        mark_delivery(post, channel)
        post_id = post.pk
        transaction.on_commit(lambda: send_push(post_id))
