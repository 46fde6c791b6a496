"""Celery entry point of e-mail in (beat, every minute when DESK_INBOUND_MAILBOX is set)."""
from celery import shared_task

from desk.channels.email.mailboxes import fetch_configured_mailbox


@shared_task(name="desk.channels.email.tasks.fetch_email", ignore_result=True)
def fetch_email() -> int:
    """Read the one e-mail address's mailbox and turn new messages into conversations."""
    return fetch_configured_mailbox()
