"""The only door to writes of the Web Push app: subscriptions, broadcasts, and the bookkeeping of batches.

Public for other apps: ``broadcast()`` (news calls it when a post goes out), ``subscribe()`` and
``unsubscribe()`` (the views). The rest is called by the Celery tasks in ``tasks.py``.
"""
from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from common import jobs

from .models import Broadcast, PushBatch, PushSubscription, Topic, Urgency
from .sender import Outcome, Target

PAYLOAD_FIELDS = ("title", "body", "url", "tag")
MAX_PAYLOAD_BYTES = 3072  # the encrypted record holds about 3993 bytes; keep a margin
MAX_TTL = 28 * 24 * 3600  # the longest push services keep a message (FCM: 4 weeks)
NO_KEY_ERROR = "No VAPID key: set WEBPUSH_VAPID_PRIVATE_KEY (see the system check news_push.W001)."


# --- subscriptions -----------------------------------------------------------------------------------------
@transaction.atomic
def subscribe(*, endpoint: str, p256dh: str, auth: str, topics: list[str], language: str) -> PushSubscription:
    """Store (or update) a browser's subscription. Expects values cleaned by ``validation.clean_subscription``.

    Subscribing again with the same endpoint changes its topics, language and keys: the browser may have
    renewed its keys, and a resident changing their choice simply subscribes again.
    """
    flags = {topic: topic in topics for topic in Topic.values}
    subscription, _created = PushSubscription.objects.update_or_create(
        endpoint=endpoint, defaults={"p256dh": p256dh, "auth": auth, "language": language, "failures": 0, **flags})
    return subscription


@transaction.atomic
def unsubscribe(*, endpoint: str) -> bool:
    """Forget a subscription; True when there was one."""
    deleted, _rows = PushSubscription.objects.filter(endpoint=endpoint).delete()
    return bool(deleted)


# --- broadcasts --------------------------------------------------------------------------------------------
def _clean_payloads(payloads: dict[str, dict], *, urgent: bool) -> dict[str, dict]:
    """One small JSON object per portal language; languages without a text get the Dutch one."""
    if not isinstance(payloads, dict) or not isinstance(payloads.get("nl"), dict):
        raise ValueError("payloads needs at least a Dutch ('nl') entry")
    cleaned = {}
    for code, _name in settings.LANGUAGES:
        source = payloads.get(code) if isinstance(payloads.get(code), dict) else payloads["nl"]
        item = {key: str(source[key]) for key in PAYLOAD_FIELDS if source.get(key) not in (None, "")}
        if not item.get("title"):
            raise ValueError(f"payload {code!r} has no title")
        if urgent:
            item["urgent"] = True
        size = len(json.dumps(item, ensure_ascii=False, separators=(",", ":")).encode())
        if size > MAX_PAYLOAD_BYTES:
            raise ValueError(f"payload {code!r} is {size} bytes; keep it under {MAX_PAYLOAD_BYTES}")
        cleaned[code] = item
    return cleaned


@transaction.atomic
def broadcast(*, post_id: int | None = None, topic: str, urgency: str | None = None, payloads: dict[str, dict],
              ttl: int = 86400) -> Broadcast:
    """Send one notification to every subscriber of ``topic`` ("news" or "crisis").

    ``payloads`` = ``{"nl": {"title", "body", "url", "tag"}, "fr": {...}, "en": {...}}``; a missing language
    gets the Dutch text; each must stay under 3 KB. ``urgency`` defaults to "high" for crisis messages and
    "normal" otherwise. The fan-out starts when the surrounding transaction commits; follow it with
    ``selectors.broadcast_stats(post_id)``. Raises ValueError on a bad topic, urgency or payload.
    """
    if topic not in Topic.values:
        raise ValueError(f"unknown topic {topic!r}")
    urgency = urgency or (Urgency.HIGH if topic == Topic.CRISIS else Urgency.NORMAL)
    if urgency not in Urgency.values:
        raise ValueError(f"unknown urgency {urgency!r}")
    ttl = max(0, min(int(ttl), MAX_TTL))
    # The count now, for the staff page at once; the fan-out sets the exact number it sends to.
    count = PushSubscription.objects.filter(**{topic: True}).count()
    item = Broadcast.objects.create(post_id=post_id, topic=topic, urgency=urgency, ttl=ttl, total=count,
                                    pending=count, payloads=_clean_payloads(payloads, urgent=urgency == Urgency.HIGH))
    jobs.enqueue_after_commit("news.push.tasks.fan_out_broadcast", item.pk, queue=settings.WEBPUSH_QUEUE or None)
    return item


@transaction.atomic
def plan_batches(broadcast_id: int) -> list[int]:
    """Split the topic's subscribers (as they are now) into id ranges; the ids of the batches to send.

    Idempotent: a second call (a redelivered task) returns the batches still queued, creates none.
    """
    item = Broadcast.objects.select_for_update().get(pk=broadcast_id)
    if item.started_at is not None:
        return list(item.batches.filter(status=PushBatch.Status.QUEUED).values_list("pk", flat=True))
    ids = list(PushSubscription.objects.filter(**{item.topic: True}).order_by("pk").values_list("pk", flat=True))
    size = max(1, settings.WEBPUSH_BATCH_SIZE)
    batches = [PushBatch(broadcast=item, first_id=chunk[0], last_id=chunk[-1], size=len(chunk))
               for chunk in (ids[i:i + size] for i in range(0, len(ids), size))]
    PushBatch.objects.bulk_create(batches)
    now = timezone.now()
    item.started_at = now
    item.total = item.pending = len(ids)
    if not ids:
        item.finished_at = now
    item.save(update_fields=["started_at", "total", "pending", "finished_at"])
    return list(item.batches.values_list("pk", flat=True))


@transaction.atomic
def fail_unsendable(broadcast_id: int, *, error: str) -> None:
    """Nothing can be sent (no VAPID key): every subscriber counts as failed, visibly, and it is finished."""
    item = Broadcast.objects.select_for_update().get(pk=broadcast_id)
    if item.finished_at is not None:
        return
    count = PushSubscription.objects.filter(**{item.topic: True}).count()
    now = timezone.now()
    Broadcast.objects.filter(pk=item.pk).update(total=count, failed=count, pending=0, error=error[:300],
                                                started_at=item.started_at or now, finished_at=now)


@dataclass
class BatchWork:
    batch_id: int
    broadcast_id: int
    attempt: int
    targets: list[Target]
    payloads: dict[str, bytes]
    ttl: int
    urgency: str
    topic_header: str
    vanished: int  # subscriptions gone since planning (unsubscribed): counted as gone


def topic_header(item: Broadcast) -> str:
    """RFC 8030 Topic: at most 32 base64url characters. One per post, so a correction replaces the original
    on a device that was offline, while two different crisis posts do not replace each other."""
    value = f"{item.topic}-{item.post_id}" if item.post_id else f"{item.topic}-b{item.pk}"
    return re.sub(r"[^A-Za-z0-9_-]", "", value)[:32]


@transaction.atomic
def claim_batch(batch_id: int) -> BatchWork | None:
    """Mark a batch as being sent and read what to send; None when it is done or another worker has it."""
    claimed = PushBatch.objects.filter(
        pk=batch_id, status__in=[PushBatch.Status.QUEUED, PushBatch.Status.RETRYING],
    ).update(status=PushBatch.Status.SENDING, attempts=F("attempts") + 1, updated_at=timezone.now())
    if not claimed:
        return None
    batch = PushBatch.objects.select_related("broadcast").get(pk=batch_id)
    item = batch.broadcast
    rows = PushSubscription.objects.filter(**{item.topic: True})
    if batch.retry_ids is None:
        rows = rows.filter(pk__gte=batch.first_id, pk__lte=batch.last_id)
        expected = batch.size
    else:
        rows = rows.filter(pk__in=batch.retry_ids)
        expected = len(batch.retry_ids)
    targets = [Target(*row) for row in rows.order_by("pk").values_list("pk", "endpoint", "p256dh", "auth",
                                                                       "language")]
    vanished = max(0, expected - len(targets))
    extra = max(0, len(targets) - expected)
    if extra:  # a subscriber who chose this topic after planning, inside the range: count them in
        PushBatch.objects.filter(pk=batch.pk).update(size=F("size") + extra)
        Broadcast.objects.filter(pk=item.pk).update(total=F("total") + extra, pending=F("pending") + extra)
    payloads = {code: json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
                for code, value in item.payloads.items()}
    return BatchWork(batch_id=batch.pk, broadcast_id=item.pk, attempt=batch.attempts, targets=targets,
                     payloads=payloads, ttl=item.ttl, urgency=item.urgency, topic_header=topic_header(item),
                     vanished=vanished)


def retry_delay(attempt: int, retry_after: float = 0.0) -> float:
    """Exponential backoff with jitter, at least what the push service asked for (Retry-After)."""
    base = float(settings.WEBPUSH_RETRY_BACKOFF) * (2 ** max(0, attempt - 1))
    delay = max(base * random.uniform(0.8, 1.2), retry_after)  # noqa: S311 - jitter, not a secret
    return min(delay, float(settings.WEBPUSH_RETRY_MAX_DELAY))


@transaction.atomic
def record_batch_outcome(work: BatchWork, outcome: Outcome) -> float | None:
    """Apply a batch's answers: delivered stamped, gone deleted, failures counted. Seconds until the
    retry of the retryable ones, or None when the batch is finished (after the last attempt those count
    as failed)."""
    now = timezone.now()
    final = work.attempt >= settings.WEBPUSH_MAX_ATTEMPTS
    retry = [] if final else outcome.retry
    failed = outcome.failed + (outcome.retry if final else [])
    if outcome.delivered:
        PushSubscription.objects.filter(pk__in=outcome.delivered).update(last_success_at=now, failures=0)
    if outcome.gone:
        PushSubscription.objects.filter(pk__in=outcome.gone).delete()
    if failed:
        PushSubscription.objects.filter(pk__in=failed).update(failures=F("failures") + 1)
    gone = len(outcome.gone) + work.vanished
    settled = len(outcome.delivered) + gone + len(failed)
    batch_fields = {
        "delivered": F("delivered") + len(outcome.delivered), "gone": F("gone") + gone,
        "failed": F("failed") + len(failed), "updated_at": now,
        "status": PushBatch.Status.RETRYING if retry else PushBatch.Status.DONE,
        "retry_ids": retry or [],
    }
    if outcome.errors:
        batch_fields["last_error"] = outcome.summary()
    if not retry:
        batch_fields["finished_at"] = now
    PushBatch.objects.filter(pk=work.batch_id).update(**batch_fields)
    Broadcast.objects.filter(pk=work.broadcast_id).update(
        delivered=F("delivered") + len(outcome.delivered), gone=F("gone") + gone, failed=F("failed") + len(failed),
        pending=F("pending") - settled)
    Broadcast.objects.filter(pk=work.broadcast_id, pending__lte=0, finished_at__isnull=True).update(finished_at=now)
    return retry_delay(work.attempt, outcome.retry_after) if retry else None


@transaction.atomic
def release_batch(batch_id: int) -> None:
    """Put a batch whose sending crashed back in the queue (the sweep, or the task's own error path)."""
    PushBatch.objects.filter(pk=batch_id, status=PushBatch.Status.SENDING).update(
        status=PushBatch.Status.QUEUED, updated_at=timezone.now())


def stuck_work(*, older_than_seconds: int) -> tuple[list[int], list[int]]:
    """(broadcasts never fanned out, batches to enqueue again) older than the given age.

    A batch still "sending" that long ago lost its worker; a "retrying" one lost its delayed task (a broker
    restart drops countdowns on some transports); a "queued" one never reached the broker.
    """
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    broadcasts = list(Broadcast.objects.filter(started_at__isnull=True, finished_at__isnull=True,
                                               created_at__lt=cutoff).values_list("pk", flat=True))
    retry_cutoff = cutoff - timedelta(seconds=settings.WEBPUSH_RETRY_MAX_DELAY)
    batches = list(
        PushBatch.objects.filter(status=PushBatch.Status.QUEUED, updated_at__lt=cutoff).values_list("pk", flat=True))
    stale = list(PushBatch.objects.filter(status=PushBatch.Status.SENDING, updated_at__lt=cutoff)
                 .values_list("pk", flat=True))
    for pk in stale:
        release_batch(pk)
    batches += stale
    batches += list(PushBatch.objects.filter(status=PushBatch.Status.RETRYING, updated_at__lt=retry_cutoff)
                    .values_list("pk", flat=True))
    return broadcasts, batches
