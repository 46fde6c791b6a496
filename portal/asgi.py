import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.base")
# Under ASGI persistent database connections must be off (portal/settings/core.py, portal.checks).
os.environ.setdefault("WEB_SERVER", "asgi")
application = get_asgi_application()
