"""Celery entry points of the WhatsApp adapter: thin wrappers around its inbound, outbound and housekeeping.

Both tasks are idempotent (a lease on the row, wamids stored once) and retried with backoff while the
Graph API or the network fails; after the last attempt the failure is recorded where staff see it (the
delivery's error in the admin, the message's status on the conversation), never silently dropped.
"""
from celery import shared_task

from desk.channels.whatsapp import housekeeping, inbound, outbound

MAX_RETRIES = 6


def _backoff(retries: int) -> int:
    return min(30 * 2 ** retries, 1800)  # 30 s, 1 min, 2 min, 4 min, 8 min, 16 min


@shared_task(bind=True, name="desk.channels.whatsapp.tasks.process_delivery", ignore_result=True,
             max_retries=MAX_RETRIES)
def process_delivery(self, delivery_id: int) -> None:
    """File the messages and statuses of one stored webhook delivery."""
    if inbound.process_delivery(delivery_id, final_attempt=self.request.retries >= self.max_retries):
        raise self.retry(countdown=_backoff(self.request.retries))


@shared_task(bind=True, name="desk.channels.whatsapp.tasks.send_message", ignore_result=True, max_retries=MAX_RETRIES)
def send_message(self, message_id: int) -> None:
    """Send one outgoing message (text inside the 24-hour window, the approved template outside it)."""
    if outbound.deliver(message_id, final_attempt=self.request.retries >= self.max_retries):
        raise self.retry(countdown=_backoff(self.request.retries))


@shared_task(name="desk.channels.whatsapp.tasks.sweep", ignore_result=True)
def sweep() -> dict:
    """Every few minutes: queue what a broker outage left behind, purge raw deliveries past their time."""
    return housekeeping.sweep()
