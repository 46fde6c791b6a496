"""Celery entry points of the news channel: thin wrappers around news.services and news.mailing.

Network work (SMTP) retries with backoff; a batch that keeps failing is marked failed on the post, where
staff see it and can start it again. The beat publishes scheduled posts, ends expired crises (every
minute) and purges unconfirmed e-mail addresses (every hour).
"""
import logging

from celery import shared_task

from . import services
from .mailing import batch_failed, confirmation_message, plan_batches, send_batch, welcome_message
from .models import Subscriber
from .services import end_expired_crises

logger = logging.getLogger(__name__)
MAX_RETRIES = 5


@shared_task(name="news.tasks.publish_due", ignore_result=True)
def publish_due() -> int:
    published = services.publish_due()
    ended = end_expired_crises()
    return published + ended


@shared_task(name="news.tasks.purge_unconfirmed", ignore_result=True)
def purge_unconfirmed() -> int:
    return services.purge_unconfirmed()


@shared_task(name="news.tasks.send_post_emails", ignore_result=True, autoretry_for=(Exception,),
             retry_backoff=True, max_retries=MAX_RETRIES)
def send_post_emails(post_id: int) -> int:
    """Split the followers of a post into batches and queue one task per batch."""
    batches = plan_batches(post_id)
    for batch_id in batches:
        send_email_batch.delay(batch_id)
    return len(batches)


@shared_task(name="news.tasks.send_email_batch", bind=True, ignore_result=True, max_retries=MAX_RETRIES)
def send_email_batch(self, batch_id: int) -> int:
    try:
        return send_batch(batch_id)
    except Exception as error:
        final = self.request.retries >= self.max_retries
        batch_failed(batch_id, error, final=final)
        logger.warning("news e-mail batch %s failed (attempt %s): %s", batch_id, self.request.retries + 1,
                       type(error).__name__)
        if final:
            return 0
        raise self.retry(exc=error, countdown=min(30 * 2 ** self.request.retries, 1800)) from error


@shared_task(name="news.tasks.send_confirmation", ignore_result=True, autoretry_for=(Exception,),
             retry_backoff=True, max_retries=MAX_RETRIES)
def send_confirmation(subscriber_id: int, token: str, change: bool) -> None:
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is not None:
        confirmation_message(subscriber, token, change=change).send()


@shared_task(name="news.tasks.send_welcome", ignore_result=True, autoretry_for=(Exception,),
             retry_backoff=True, max_retries=MAX_RETRIES)
def send_welcome(subscriber_id: int, change: bool) -> None:
    subscriber = Subscriber.objects.filter(pk=subscriber_id, confirmed_at__isnull=False).first()
    if subscriber is not None:
        welcome_message(subscriber, change=change).send()
