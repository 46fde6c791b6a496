import os

from django.core.asgi import get_asgi_application

from common.garbage_collection import freeze_long_lived_objects

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.base")
# Under ASGI persistent database connections must be off (portal/settings/core.py, portal.checks).
os.environ.setdefault("WEB_SERVER", "asgi")
application = get_asgi_application()
freeze_long_lived_objects()  # what every request would otherwise rescan (common/garbage_collection.py)
