"""The same round trip through a real Celery worker on the configured broker (filesystem here, Redis in CI)."""
import time

import pytest
from celery.contrib.testing.worker import start_worker

from news.push import services
from news.push.models import Broadcast
from portal.celery import app


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_fans_out_and_delivers_with_a_retry(subscribe, mockpush, settings):
    settings.WEBPUSH_BATCH_SIZE = 2
    subscriptions = [subscribe(language=lang) for lang in ("nl", "fr", "en")]
    mockpush.fail(subscriptions[1], times=1)
    payloads = {"nl": {"title": "Storm", "body": "Blijf binnen.", "url": "/nieuws/5/"},
                "fr": {"title": "Tempête", "body": "Restez à l'intérieur.", "url": "/nieuws/5/"}}

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        item = services.broadcast(post_id=5, topic="crisis", payloads=payloads)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and Broadcast.objects.get(pk=item.pk).finished_at is None:
            time.sleep(0.05)

    item.refresh_from_db()
    assert (item.total, item.delivered, item.failed, item.pending) == (3, 3, 0, 0)
    assert mockpush.messages(subscriptions[1])[0]["payload"]["title"] == "Tempête"
    assert mockpush.messages(subscriptions[2])[0]["payload"]["title"] == "Storm"
    assert item.batches.count() == 2
