"""Settings for the benchmarks: the quick-start settings, but production-like (DEBUG off).

Only for bench/my_data_throughput.py, which points THUISLOKET_VAR_DIR at a throw-away directory, so the
SQLite database, keys and broker folders never touch the developer's var/.
"""
import os

from django.core.exceptions import ImproperlyConfigured

if not os.environ.get("THUISLOKET_VAR_DIR"):
    raise ImproperlyConfigured(
        "bench.settings needs THUISLOKET_VAR_DIR (a temporary directory); "
        "run the benchmark with .venv/bin/python bench/my_data_throughput.py"
    )

from portal.settings.dev import *  # noqa: E402,F403

DEBUG = False  # production-like code paths (no debug toolbar of queries, template debug, ...)
SECRET_KEY = "bench-secret-key-not-for-production-0123456789abcdefghijklmnopqrstuvwxyz"
NRN_HASH_KEY = "bench-nrn-hash-key"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.urls"
WSGI_APPLICATION = "bench.wsgi.application"

# Plain http on loopback: no redirect to https, no HSTS, cookies not marked Secure.
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = False

LOGGING["root"]["level"] = "WARNING"  # noqa: F405
LOGGING["loggers"]["thuisloket.audit"]["level"] = "WARNING"  # noqa: F405
