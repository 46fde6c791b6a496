"""The Celery app. Settings come from Django's settings (``CELERY_*``)."""
import os

from celery import Celery

from portal.broker import use_atomic_filesystem_transport

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.base")

use_atomic_filesystem_transport()
app = Celery("thuisloket")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
