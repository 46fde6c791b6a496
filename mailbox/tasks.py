from celery import shared_task

from . import services


@shared_task(name="mailbox.tasks.purge_expired_messages", ignore_result=True)
def purge_expired_messages() -> int:
    """Retention: messages and their documents go when their time is up (MAILBOX_RETENTION_DAYS)."""
    return services.purge_expired_messages()
