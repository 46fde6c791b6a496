"""The Celery app. Settings come from Django's settings (``CELERY_*``).

Every process imports this module first (``portal/__init__.py`` loads it with Django; ``celery -A portal``
before connecting to the broker), so it applies the library patches of common/patches/ here, once.
"""
import os

from celery import Celery
from celery.signals import worker_init, worker_process_init

from common.garbage_collection import freeze_long_lived_objects
from common.patches import apply_all

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.base")

apply_all()
app = Celery("thuisloket")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Why imported here, after the app: the heartbeat module connects beat's signal and its worker step must be
# added before a worker starts (portal.heartbeat, the container health checks).
from .heartbeat import WorkerLivenessProbe  # noqa: E402

app.steps["worker"].add(WorkerLivenessProbe)


@worker_init.connect
def freeze_before_forking(**_kwargs) -> None:
    """The worker has loaded Django and every task: freeze that before the pool forks (shared, never scanned)."""
    freeze_long_lived_objects()


@worker_process_init.connect
def prepare_pool_process(**_kwargs) -> None:
    """A pool process after its fork: ready for certificates when this worker takes their queue (print kit and
    seal loaded, certificates/warmup.py), then everything it set up since the fork is frozen too."""
    if takes_default_queue():
        # Why imported here: this module loads before Django's apps are ready (portal/__init__.py).
        from certificates import warmup

        warmup.prepare_process()
    freeze_long_lived_objects()


def takes_default_queue() -> bool:
    """Whether this worker consumes the default queue, where certificates are issued (``--queues``; all when
    not given). A worker for the push queue alone never renders a certificate."""
    return app.conf.task_default_queue in app.amqp.queues.consume_from  # the queues of --queues, or every queue
