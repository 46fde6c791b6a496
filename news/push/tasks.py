"""Celery entry points of Web Push: fan a broadcast out into batches, send a batch, sweep up stuck work.

Every task is safe to run twice: a batch is claimed with a conditional update, so a duplicate finds it
taken or done and returns. Retries resend only the subscriptions whose push service asked for it.
"""
from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings

from . import sender, services, vapid

logger = logging.getLogger(__name__)


def enqueue(task, *args, **options) -> None:
    """Send a task to the push queue (``WEBPUSH_QUEUE``; empty = Celery's default queue)."""
    queue = getattr(settings, "WEBPUSH_QUEUE", "")
    if queue:
        options.setdefault("queue", queue)
    task.apply_async(args=args, **options)


@shared_task(name="news.push.tasks.fan_out_broadcast", ignore_result=True, autoretry_for=(Exception,),
             retry_backoff=True, max_retries=8)
def fan_out_broadcast(broadcast_id: int) -> None:
    """Split a broadcast into batches of subscription-id ranges and queue one task per batch."""
    try:
        vapid.get_vapid()
    except (vapid.VapidNotConfigured, ValueError) as exc:
        logger.error("Web Push broadcast %s not sent: %s", broadcast_id, exc)
        services.fail_unsendable(broadcast_id, error=f"{services.NO_KEY_ERROR} ({exc})")
        return
    for batch_id in services.plan_batches(broadcast_id):
        enqueue(send_batch, batch_id)


@shared_task(bind=True, name="news.push.tasks.send_batch", ignore_result=True, max_retries=None)
def send_batch(self, batch_id: int) -> None:
    """Send one batch concurrently; record the answers; retry only the retryable ones, with backoff."""
    work = services.claim_batch(batch_id)
    if work is None:
        return
    try:
        outcome = sender.send(work.targets, payloads=work.payloads, ttl=work.ttl, urgency=work.urgency,
                              topic=work.topic_header, concurrency=settings.WEBPUSH_CONCURRENCY,
                              timeout=settings.WEBPUSH_TIMEOUT, client=settings.WEBPUSH_HTTP_CLIENT)
    except Exception as exc:
        # Not one subscription's problem (those are sorted inside send), e.g. the VAPID key became unreadable.
        logger.exception("Web Push batch %s could not be sent (attempt %s)", batch_id, work.attempt)
        if work.attempt >= settings.WEBPUSH_MAX_ATTEMPTS:  # give up visibly: every subscriber counts as failed
            outcome = sender.Outcome(failed=[target.id for target in work.targets])
            outcome.errors[f"error:{type(exc).__name__}"] = len(work.targets)
            services.record_batch_outcome(work, outcome)
            return
        services.release_batch(batch_id)
        raise self.retry(countdown=services.retry_delay(work.attempt)) from exc
    delay = services.record_batch_outcome(work, outcome)
    if outcome.errors:
        logger.warning("Web Push batch %s attempt %s: %s delivered, %s gone, %s to retry, %s failed (%s)",
                       batch_id, work.attempt, len(outcome.delivered), len(outcome.gone), len(outcome.retry),
                       len(outcome.failed), outcome.summary())
    if delay is not None:
        raise self.retry(countdown=delay)


@shared_task(name="news.push.tasks.sweep_stuck", ignore_result=True)
def sweep_stuck() -> None:
    """Queue again what a lost worker or broker left behind (Celery beat, every few minutes)."""
    broadcasts, batches = services.stuck_work(older_than_seconds=settings.WEBPUSH_STUCK_AFTER)
    for broadcast_id in broadcasts:
        enqueue(fan_out_broadcast, broadcast_id)
    for batch_id in batches:
        enqueue(send_batch, batch_id)
    if broadcasts or batches:
        logger.warning("Web Push sweep re-queued %s broadcasts and %s batches", len(broadcasts), len(batches))
