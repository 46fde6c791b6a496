"""Logs, error reports and metrics: what operators see of a running portal.

* ``LOG_FORMAT=json``: one JSON object per line (python-json-logger) for a log collector; national numbers
  are redacted from the whole line (``identity.logging``), as in the plain format's messages.
* ``SENTRY_DSN``: error reports to Sentry (or a compatible service such as GlitchTip) from web and
  workers, scrubbed of personal data before they leave (``portal.error_reports``).
* ``METRICS_TOKEN``: Prometheus metrics at ``/metrics`` for a scraper that sends it (``portal.metrics``).
"""
from django.core.exceptions import ImproperlyConfigured

from .core import LOGGING
from .env import env_int, env_str

LOG_FORMAT = env_str("LOG_FORMAT", "plain")
if LOG_FORMAT not in ("plain", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be plain or json, not {LOG_FORMAT!r}")
LOGGING["formatters"]["json"] = {
    "()": "identity.logging.RedactingJsonFormatter",
    "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
    "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
}
if LOG_FORMAT == "json":
    LOGGING["handlers"]["console"]["formatter"] = "json"

METRICS_TOKEN = env_str("METRICS_TOKEN", "")
METRICS_CACHE_SECONDS = env_int("METRICS_CACHE_SECONDS", 15)

SENTRY_DSN = env_str("SENTRY_DSN", "")
if SENTRY_DSN:
    try:
        SENTRY_TRACES_SAMPLE_RATE = float(env_str("SENTRY_TRACES_SAMPLE_RATE", "0"))
    except ValueError as exc:
        raise ImproperlyConfigured("SENTRY_TRACES_SAMPLE_RATE must be a number between 0 and 1") from exc
    # Why here: Sentry must be started before Django handles the first request or a worker its first task,
    # and the settings are the one module every process (web, worker, beat, manage.py) loads first.
    from portal.error_reports import init_sentry

    init_sentry(SENTRY_DSN, environment=env_str("SENTRY_ENVIRONMENT", "production"),
                release=env_str("SENTRY_RELEASE"), traces_sample_rate=SENTRY_TRACES_SAMPLE_RATE)
