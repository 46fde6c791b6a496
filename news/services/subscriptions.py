"""Following the news by e-mail, with double opt-in and one-click unsubscribe.

The visitor always gets the same answer ("check your mailbox"), whether the address was new, pending or
already following: nobody can find out through the form who follows the city's news. The address owner
learns it from the mail they receive. Only a hash of the confirmation token is stored; it is valid for
NEWS_CONFIRM_HOURS and confirming takes a POST (link scanners in mail filters only GET).
"""
from __future__ import annotations

import logging
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from common import jobs, throttle
from common.tokens import hash_token

from ..mailing import public_id_from_token
from ..models import Consent, Subscriber, Topic
from ..states import LANGUAGES

logger = logging.getLogger(__name__)
audit = logging.getLogger("thuisloket.audit")


def normalise_email(address: str) -> str:
    """An e-mail address as we compare and store it: trimmed and in lower case."""
    return (address or "").strip().lower()


def _address_rate_exceeded(email: str) -> bool:
    return throttle.over_rate(throttle.private_key("news-subscribe-address", email), settings.NEWS_SUBSCRIBE_RATE)


def request_subscription(*, email: str, topics: list[Topic], crisis: bool, language: str,
                         now: datetime | None = None) -> bool:
    """Ask the address owner to confirm (a new subscription, or a change of a confirmed one). Returns True
    when a mail was queued; the caller shows the same message either way."""
    email = normalise_email(email)
    language = language if language in LANGUAGES else "nl"
    if _address_rate_exceeded(email):
        audit.info("news.subscribe.rate_limited")
        return False
    now = now or timezone.now()
    token = secrets.token_urlsafe(32)
    pending = {"topics": [topic.slug for topic in topics], "crisis": bool(crisis), "language": language}
    try:
        with transaction.atomic():
            subscriber, created = Subscriber.objects.select_for_update().get_or_create(
                email=email, defaults={"language": language, "crisis": bool(crisis), "created_at": now})
            subscriber.pending = pending
            subscriber.token_hash = hash_token(token)
            subscriber.token_expires_at = now + timedelta(hours=settings.NEWS_CONFIRM_HOURS)
            if not subscriber.is_confirmed:
                subscriber.language, subscriber.crisis = language, bool(crisis)
            subscriber.save()
            change = subscriber.is_confirmed
            subscriber_id = subscriber.pk
            transaction.on_commit(lambda: _queue_confirmation(subscriber_id, token, change))
    except IntegrityError:  # the same address sent twice at the same moment: the other request mails
        return False
    audit.info("news.subscribe.requested subscriber=%s change=%s", subscriber_id, change)
    return True


def _queue_confirmation(subscriber_id: int, token: str, change: bool) -> None:
    # Broker down: send it now rather than leave the visitor waiting for nothing.
    jobs.enqueue("news.tasks.send_confirmation", subscriber_id, token, change, run_here_if_broker_down=True)


def pending_for_token(token: str, *, now: datetime | None = None) -> Subscriber | None:
    """The follower waiting for this confirmation link, if the link is still valid."""
    if not token or len(token) > 200:
        return None
    now = now or timezone.now()
    return (Subscriber.objects.filter(token_hash=hash_token(token), token_expires_at__gt=now)
            .prefetch_related("topics").first())


@transaction.atomic
def confirm(*, token: str, now: datetime | None = None) -> Subscriber | None:
    """Confirm by POST: the choices become the follower's, with a proof of consent; None when the link is
    unknown or expired. A welcome (or 'change saved') mail follows."""
    now = now or timezone.now()
    subscriber = pending_for_token(token, now=now)
    if subscriber is None:
        return None
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    pending = subscriber.pending or {}
    change = subscriber.is_confirmed
    topics = list(Topic.objects.filter(slug__in=pending.get("topics", []), is_active=True))
    subscriber.language = pending.get("language") or subscriber.language
    subscriber.crisis = bool(pending.get("crisis", subscriber.crisis))
    subscriber.confirmed_at = subscriber.confirmed_at or now
    subscriber.token_hash, subscriber.token_expires_at, subscriber.pending = "", None, {}
    subscriber.save()
    subscriber.topics.set(topics)
    Consent.objects.create(subscriber=subscriber, at=now, text_version=settings.NEWS_CONSENT_TEXT_VERSION,
                           topics=[topic.slug for topic in topics], crisis=subscriber.crisis,
                           language=subscriber.language)
    subscriber_id = subscriber.pk
    transaction.on_commit(lambda: _queue_welcome(subscriber_id, change))
    audit.info("news.subscribe.confirmed subscriber=%s change=%s", subscriber_id, change)
    return subscriber


def _queue_welcome(subscriber_id: int, change: bool) -> None:
    jobs.enqueue("news.tasks.send_welcome", subscriber_id, change, run_here_if_broker_down=True)


@transaction.atomic
def unsubscribe(*, token: str) -> bool:
    """Stop at once and forget the address (its consent proof goes with it). Idempotent: an address that
    is already gone counts as unsubscribed. False only for a link that is not ours."""
    public_id = public_id_from_token(token)
    if public_id is None:
        return False
    deleted, _rows = Subscriber.objects.filter(public_id=public_id).delete()
    if deleted:
        audit.info("news.unsubscribed")
    return True


@transaction.atomic
def purge_unconfirmed(*, now: datetime | None = None) -> int:
    """Forget addresses nobody confirmed within the link's validity; expire pending changes of followers."""
    now = now or timezone.now()
    cutoff = now - timedelta(hours=settings.NEWS_CONFIRM_HOURS)
    unconfirmed = Subscriber.objects.filter(confirmed_at__isnull=True).filter(
        Q(token_expires_at__lte=now) | Q(token_expires_at__isnull=True, created_at__lte=cutoff))
    _total, per_model = unconfirmed.delete()
    removed = per_model.get(Subscriber._meta.label, 0)
    Subscriber.objects.filter(confirmed_at__isnull=False, token_expires_at__lte=now).update(
        token_hash="", token_expires_at=None, pending={})
    if removed:
        audit.info("news.subscribe.purged count=%s", removed)
    return removed
