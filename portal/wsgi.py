import os

from django.core.wsgi import get_wsgi_application

from common.garbage_collection import freeze_long_lived_objects

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.base")
# Under WSGI (gunicorn's sync workers) a thread serves one request after another: persistent database
# connections are safe and the default (portal/settings/core.py, DATABASE_CONN_MAX_AGE).
os.environ.setdefault("WEB_SERVER", "wsgi")
application = get_wsgi_application()
freeze_long_lived_objects()  # what every request would otherwise rescan (common/garbage_collection.py)
