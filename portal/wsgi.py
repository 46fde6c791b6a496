import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.base")
# Under WSGI (gunicorn's sync workers) a thread serves one request after another: persistent database
# connections are safe and the default (portal/settings/core.py, DATABASE_CONN_MAX_AGE).
os.environ.setdefault("WEB_SERVER", "wsgi")
application = get_wsgi_application()
