"""Portal-wide system checks for production (run by ``manage.py check --deploy``).

Each one is a trap an operations team fell into, or would have, on its first production start: values that
work on one machine and break quietly on two (a per-process cache or broker, files on local disk), the demo
register, DEBUG, and persistent database connections under ASGI (Django: "persistent connections should be
disabled" there, each request may run in a new thread; use psycopg's pool, ``DATABASE_POOL=1``).
"""
from django.conf import settings
from django.core import checks

PER_PROCESS_CACHES = ("django.core.cache.backends.locmem.LocMemCache", "django.core.cache.backends.dummy.DummyCache")
LOCAL_BROKERS = ("filesystem://", "memory://")
DEMO_REGISTRY = "registry.adapters.embedded.EmbeddedRegistry"
LOCAL_STORAGE = "django.core.files.storage.FileSystemStorage"


@checks.register(checks.Tags.database, deploy=True)
def check_production_database(app_configs, **kwargs):
    return database_problems(settings.DATABASES["default"], settings.WEB_SERVER, settings.DEBUG)


def database_problems(database: dict, web_server: str, debug: bool = False) -> list:
    """SQLite in production; persistent connections under ASGI or beside psycopg's pool."""
    found = []
    if not debug and database["ENGINE"].endswith("sqlite3"):
        found.append(checks.Warning(
            "Production runs on SQLite.",
            hint="Set DATABASE_URL to a PostgreSQL database (postgres://user:password@host:5432/name).",
            id="thuisloket.W001",
        ))
    if web_server == "asgi" and database.get("CONN_MAX_AGE"):
        found.append(checks.Error(
            "Persistent database connections (DATABASE_CONN_MAX_AGE above 0) under ASGI (WEB_SERVER=asgi): "
            "every request may open a connection that nobody closes, until PostgreSQL refuses new ones.",
            hint="Set DATABASE_CONN_MAX_AGE=0 and DATABASE_POOL=1 (psycopg's connection pool), or WEB_SERVER=wsgi "
                 "when the web runs on gunicorn's sync workers.",
            id="thuisloket.E021",
        ))
    if (database.get("OPTIONS") or {}).get("pool") and database.get("CONN_MAX_AGE"):
        found.append(checks.Error(
            "DATABASE_POOL=1 with DATABASE_CONN_MAX_AGE above 0: Django refuses persistent connections with a pool.",
            hint="Unset DATABASE_CONN_MAX_AGE (or set it to 0).", id="thuisloket.E026",
        ))
    return found


@checks.register(checks.Tags.caches, deploy=True)
def check_shared_services(app_configs, **kwargs):
    """Cache and broker must be shared by every process, not kept in one."""
    found = []
    backend = settings.CACHES["default"]["BACKEND"]
    if backend in PER_PROCESS_CACHES:
        found.append(checks.Error(
            f"The cache is {backend.rsplit('.', 1)[-1]}: every process counts rate limits and staff lockouts "
            "on its own (a password can be tried workers × limit times).",
            hint="Set REDIS_URL (redis://host:6379/0).", id="thuisloket.E020",
        ))
    broker = settings.CELERY_BROKER_URL or ""
    if broker.startswith(LOCAL_BROKERS):
        found.append(checks.Error(
            f"The Celery broker is {broker.split(':', 1)[0]}:// (the quick start's): workers on other machines or "
            "containers never see the tasks.",
            hint="Set CELERY_BROKER_URL to redis://… or amqp://… (or REDIS_URL).", id="thuisloket.E022",
        ))
    return found


@checks.register(checks.Tags.security, deploy=True)
def check_production_values(app_configs, **kwargs):
    """The demo register, DEBUG, and files on one machine's disk while several web processes run."""
    found = []
    if settings.REGISTRY_ADAPTER == DEMO_REGISTRY and not settings.REGISTRY_ADAPTER_DEMO_ALLOWED:
        found.append(checks.Error(
            "The register is the embedded demo population: residents would see invented data.",
            hint="Set REGISTRY_ADAPTER to the city's adapter; on a training server, REGISTRY_ADAPTER_DEMO_ALLOWED=1.",
            id="thuisloket.E023",
        ))
    if settings.DEBUG:
        found.append(checks.Error(
            "DEBUG is on: error pages show settings and personal data.",
            hint="Unset DJANGO_DEBUG (and run portal.settings.base).", id="thuisloket.E024",
        ))
    if settings.STORAGES["default"]["BACKEND"] == LOCAL_STORAGE and settings.WEB_REPLICAS > 1:
        found.append(checks.Error(
            f"Files are kept on local disk (MEDIA_ROOT) while WEB_REPLICAS={settings.WEB_REPLICAS}: a file saved "
            "by one web process is missing for the others.",
            hint="Set S3_BUCKET (and S3_ENDPOINT_URL, keys) for an S3-compatible object store "
                 "(pip install 'thuisloket[s3]'), or run one web process.",
            id="thuisloket.E025",
        ))
    return found
