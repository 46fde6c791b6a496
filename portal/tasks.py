import socket

from celery import shared_task
from django.utils import timezone

from .models import WorkerHeartbeat


@shared_task(name="portal.tasks.record_worker_heartbeat", ignore_result=True)
def record_worker_heartbeat() -> None:
    """Proof of life for operators: a row per worker host, updated every minute by beat."""
    WorkerHeartbeat.objects.update_or_create(
        hostname=socket.gethostname(), defaults={"seen_at": timezone.now()}
    )
