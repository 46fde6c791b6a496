"""Reads for staff pages and the admin: how a broadcast went, and which batches failed."""
from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from .models import Broadcast, PushBatch, PushSubscription, Topic


def broadcast_stats(post_id: int) -> dict:
    """Web Push figures of one post, over all its broadcasts (a correction is a second broadcast).

    ``{"broadcasts": [Broadcast, newest first], "total", "delivered", "gone", "failed", "pending",
    "finished": bool (all broadcasts done), "failed_batches": int, "latest": Broadcast | None,
    "seconds": float | None (the latest broadcast: created → last answer), "errors": [str]}``.
    With no broadcast yet, the counters are 0, ``broadcasts`` is empty and ``finished`` is False.
    """
    broadcasts = list(Broadcast.objects.filter(post_id=post_id).order_by("-created_at", "-pk"))
    stats = {"broadcasts": broadcasts, "latest": broadcasts[0] if broadcasts else None,
             "finished": bool(broadcasts) and all(b.finished_at is not None for b in broadcasts),
             "seconds": broadcasts[0].seconds if broadcasts else None,
             "errors": [b.error for b in broadcasts if b.error]}
    for name in ("total", "delivered", "gone", "failed", "pending"):
        stats[name] = sum(getattr(b, name) for b in broadcasts)
    stats["failed_batches"] = (PushBatch.objects.filter(broadcast__post_id=post_id, failed__gt=0).count()
                               if broadcasts else 0)
    return stats


def recent_broadcasts(limit: int = 20) -> QuerySet[Broadcast]:
    return Broadcast.objects.order_by("-created_at", "-pk")[:limit]


def failed_broadcasts() -> QuerySet[Broadcast]:
    """Broadcasts with failed deliveries or an error (staff follow these up)."""
    return Broadcast.objects.filter(Q(failed__gt=0) | ~Q(error="")).order_by("-created_at", "-pk")


def failed_batches(broadcast_id: int | None = None) -> QuerySet[PushBatch]:
    """Batches with failed deliveries, or still waiting for a retry, with their last error summary."""
    batches = PushBatch.objects.filter(Q(failed__gt=0) | Q(status=PushBatch.Status.RETRYING))
    if broadcast_id is not None:
        batches = batches.filter(broadcast_id=broadcast_id)
    return batches.select_related("broadcast").order_by("-created_at", "first_id")


def subscriber_counts() -> dict[str, int]:
    """How many browsers follow each topic (totals only: subscribers are anonymous)."""
    counts = PushSubscription.objects.aggregate(
        total=Count("pk"), **{topic: Count("pk", filter=Q(**{topic: True})) for topic in Topic.values})
    return {key: value or 0 for key, value in counts.items()}
