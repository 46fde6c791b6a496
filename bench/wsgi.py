"""WSGI entry point for the benchmark server (gunicorn bench.wsgi:application)."""
import os

from django.core.wsgi import get_wsgi_application

from common.garbage_collection import freeze_long_lived_objects

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
# As portal/wsgi.py, which production's gunicorn runs: a sync worker keeps its database connection between
# requests (DATABASE_CONN_MAX_AGE). Without it every signed-in request opened a new connection.
os.environ.setdefault("WEB_SERVER", "wsgi")
application = get_wsgi_application()
freeze_long_lived_objects()  # what every request would otherwise rescan (common/garbage_collection.py)
