"""A real Celery worker consumes from the configured broker (filesystem by default, Redis in CI)."""
import time

import pytest
from celery.contrib.testing.worker import start_worker

from portal.celery import app
from portal.models import WorkerHeartbeat
from portal.tasks import record_worker_heartbeat


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_records_its_heartbeat_through_the_broker():
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        record_worker_heartbeat.delay()
        deadline = time.monotonic() + 20
        while not WorkerHeartbeat.objects.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
    assert WorkerHeartbeat.objects.count() == 1
