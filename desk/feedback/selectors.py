"""Reads of the satisfaction feedback for the case pages (the figures are in desk.reports.satisfaction)."""
from __future__ import annotations

from django.utils import timezone

from desk.feedback.models import Feedback


def feedback_of_case(case) -> list[Feedback]:
    """The questions of one case, newest first, with their reasons (the caller may see the case)."""
    now = timezone.now()
    items = list(Feedback.objects.filter(case_id=case.pk).prefetch_related("reasons").order_by("-created_at", "-pk"))
    for item in items:
        item.now = now
    return items
