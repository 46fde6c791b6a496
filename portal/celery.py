"""The Celery app. Settings come from Django's settings (``CELERY_*``)."""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.base")

app = Celery("thuisloket")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
