"""Test settings: the dev defaults, fast hashing, and DATABASE_URL / CELERY_BROKER_URL from the
environment when CI points the suite at PostgreSQL and Redis.

Every folder of a test run lives under one temporary folder, TEST_RUN_DIR. Importing these settings
creates nothing: tests/conftest.py creates the folders the run needs before it starts (and removes
TEST_RUN_DIR at the end); the embedded broker creates its own (common/patches/kombu.py).
"""
import tempfile
import uuid
from pathlib import Path

from .dev import *  # noqa: F403
from .env import env_str

TEST_RUN_DIR = Path(tempfile.gettempdir()) / f"thuisloket-test-{uuid.uuid4().hex}"

SECRET_KEY = "test-secret-key-not-for-production-0123456789abcdefghijklmnopqrstuvwxyz"
NRN_HASH_KEY = "test-nrn-hash-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# Tests get their own broker folders so they never feed a running quick-start worker.
if env_str("CELERY_BROKER_URL") is None:
    _broker = TEST_RUN_DIR / "broker"
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker / "queue"),
        "data_folder_out": str(_broker / "queue"),
        "processed_folder": str(_broker / "processed"),
        "control_folder": str(_broker / "control"),
        "polling_interval": 0.02,
    }
MEDIA_ROOT = TEST_RUN_DIR / "media"
HEARTBEAT_DIR = Path(env_str("HEARTBEAT_DIR", str(TEST_RUN_DIR / "heartbeat")))
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# The tests start the development provider themselves, on a free port (tests/conftest.py).
OIDC_OP_ISSUER = ""
OIDC_RP_CLIENT_ID = "thuisloket-test"
OIDC_RP_CLIENT_SECRET = "test-client-secret"
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
STATIC_ROOT = TEST_RUN_DIR / "static"  # WhiteNoise warns when it is missing (tests run with DEBUG off)
# SQLite: a test database in a file, not in memory. The browser and worker tests write from several
# threads at once; an in-memory shared-cache database answers "table is locked" at once instead of
# waiting for the lock (the busy timeout only works for files), which made those tests flaky.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(TEST_RUN_DIR / "db" / "test.sqlite3"),
    }
