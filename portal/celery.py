"""The Celery app. Settings come from Django's settings (``CELERY_*``).

Every process imports this module first (``portal/__init__.py`` loads it with Django; ``celery -A portal``
before connecting to the broker), so it applies the library patches of common/patches/ here, once.
"""
import os

from celery import Celery

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
