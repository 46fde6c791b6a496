"""Celery entry points of the cases: thin wrappers around services."""
from celery import shared_task

from desk.cases import escalation


@shared_task(name="desk.cases.tasks.escalate_terms", ignore_result=True)
def escalate_terms() -> int:
    """Mark near-due and overdue cases and tell their department (beat, every 5 minutes)."""
    return escalation.escalate_terms()
