"""The core settings (apps, middleware, templates, database, cache, accounts, languages, files, Celery,
e-mail, logging); ``portal.settings.base`` puts them together with one module per concern, which may read
and extend these values."""
import tempfile
from email.utils import formataddr, parseaddr
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("THUISLOKET_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# The city's face (docs/OPERATIONS.md, "City identity"): one name everywhere (layout, certificates, seal,
# mailbox sender, e-mails), its mark (a static file; a city's own static folder overrides ours) and its colours
# (checked for WCAG AA contrast at start-up: portal/checks.py).
CITY_NAME = env_str("THUISLOKET_CITY_NAME", "Stad Voorbeeld")
CITY_LOGO = env_str("THUISLOKET_CITY_LOGO", "city/logo.svg")
CITY_COLOUR = env_str("THUISLOKET_CITY_COLOUR", "#00507a")
CITY_COLOUR_DARK = env_str("THUISLOKET_CITY_COLOUR_DARK", "#003a59")
CITY_STATIC_DIR = env_str("THUISLOKET_CITY_STATIC_DIR", "")
PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL", "")  # e.g. https://thuisloket.stad.be (for QR codes)

INSTALLED_APPS = [
    "portal.apps.AdminConfig",  # django.contrib.admin with django-otp's two-factor site (portal/admin_site.py)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "identity.otp_apps.TOTPConfig",  # django_otp.plugins.otp_totp under a name staff understand
    "identity.otp_apps.StaticConfig",  # django_otp.plugins.otp_static, idem
    "mozilla_django_oidc",
    "csp",
    "formtools",
    "portal",
    "certificates",
    "news",
    "news.push",
    "desk.channels.chat",
    "desk.channels.whatsapp",
    "desk.feedback",
    "desk",
    "mailbox",
    "identity",
    "registry",
]

MIDDLEWARE = [
    "portal.middleware.ProbeMiddleware",  # /gezondheid/live/, /ready/, /metrics: no SSL redirect, no Host check
    "django_prometheus.middleware.PrometheusBeforeMiddleware",  # request counts and latency per view
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.ChosenLanguageMiddleware",
    "portal.middleware.RefuseNulBytesMiddleware",  # 400 before any view or the database sees a NUL byte
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "identity.middleware.IdleSessionMiddleware",
    "identity.middleware.StaffTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
ASGI_APPLICATION = "portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
                "mailbox.context_processors.unread",
            ],
        },
    },
]

# How the web serves: "asgi" (uvicorn, the documented way; portal/asgi.py) or "wsgi" (gunicorn's sync workers;
# portal/wsgi.py sets it). Under ASGI each request may run in a new thread, so Django's persistent connections
# would pile up: they are off by default there, and psycopg's pool (DATABASE_POOL=1) reuses connections instead.
WEB_SERVER = env_str("WEB_SERVER", "asgi")
if WEB_SERVER not in ("asgi", "wsgi"):
    raise ImproperlyConfigured(f"WEB_SERVER must be asgi or wsgi, not {WEB_SERVER!r}")
# Web processes (pods, machines) that serve at once; portal.checks refuses local-disk files above one.
WEB_REPLICAS = env_int("WEB_REPLICAS", 1)

# Database: DATABASE_URL (e.g. postgres://user:pass@host:5432/thuisloket); SQLite under var/ otherwise.
DATABASE_POOL = env_bool("DATABASE_POOL", False)
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'thuisloket.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60 if WEB_SERVER == "wsgi" and not DATABASE_POOL else 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web, worker and beat share one SQLite file: WAL and immediate transactions avoid "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    options = DATABASES["default"].setdefault("OPTIONS", {})
    # An unreachable server costs a request seconds, not the kernel's two minutes (a URL's ?connect_timeout= wins).
    options.setdefault("connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 5))
    if DATABASE_POOL:
        # psycopg's pool in each process (psycopg[pool]): max_size per process × processes ≤ max_connections.
        options["pool"] = {"min_size": env_int("DATABASE_POOL_MIN_SIZE", 2),
                           "max_size": env_int("DATABASE_POOL_MAX_SIZE", 10),
                           "timeout": env_int("DATABASE_POOL_TIMEOUT", 10)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: REDIS_URL in production (shared by all web instances); local memory otherwise.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    # Forgiving: while Redis is down pages keep working, rate limits do not count (logged); see common/cache.py.
    # Short timeouts: an unreachable Redis costs a page a second at most, not the kernel's connect timeout.
    CACHES = {"default": {"BACKEND": "common.cache.ForgivingRedisCache", "LOCATION": REDIS_URL,
                          "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2}}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The layout's fixed parts (links, labels, the chat button) rendered once per process and language
# (portal/fragments.py). In this process's memory, not in Redis: they depend only on the code, the settings
# and the language, as the templates Django's cached loader keeps do; with DEBUG on, never kept.
CACHES["fragments"] = ({"BACKEND": "django.core.cache.backends.dummy.DummyCache"} if DEBUG else
                       {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "fragments",
                        "TIMEOUT": None, "OPTIONS": {"MAX_ENTRIES": 1000}})

# --- Accounts. Where identity's views send people is named here (URL names or paths, as for Django's own
# LOGIN_REDIRECT_URL), so identity needs none of portal's URL names.
AUTH_USER_MODEL = "identity.User"
AUTHENTICATION_BACKENDS = [
    "identity.oidc.backend.ResidentOIDCBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "identity:sign_in"
LOGIN_REDIRECT_URL = "portal:dashboard"  # also "keep me signed in" without a next page, assisted sign-in
LOGOUT_REDIRECT_URL = "portal:home"  # also the post-logout address given to the identity provider
HOME_URL = "portal:home"  # the start page (identity.assist sends people there)

# --- Languages: Dutch is the language of the administration; French and English for residents.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("fr", _("Frans")), ("en", _("Engels"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
# Belgian date and number formats per language (portal/formats/: "23 November 2026", 24 h, day first).
FORMAT_MODULE_PATH = "portal.formats"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
# The city's own folder comes first, so its city/logo.svg (or any other file) wins over ours.
STATICFILES_DIRS = [*([Path(CITY_STATIC_DIR)] if CITY_STATIC_DIR else []), BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# The default storage holds every file the portal keeps; portal.settings.storage switches it to S3.
STORAGES = {
    "default": {"BACKEND": env_str("DEFAULT_FILE_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage")},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Registry adapter (registry.services talks only to this).
REGISTRY_ADAPTER = env_str("REGISTRY_ADAPTER", "registry.adapters.embedded.EmbeddedRegistry")
# The embedded demo population is refused by `check --deploy` (thuisloket.E023) unless this says it is
# meant: a training or demonstration server.
REGISTRY_ADAPTER_DEMO_ALLOWED = env_bool("REGISTRY_ADAPTER_DEMO_ALLOWED", False)
# Per-person answers of the adapter kept in the cache (registry.cache); the adapter invalidates them when the
# register changes, so this is only the longest a copy lives. 0: no cache.
REGISTRY_CACHE_SECONDS = env_int("REGISTRY_CACHE_SECONDS", 600)

# --- Celery. The database state machine is the truth; results are not stored. The concern modules
# below add their own periodic tasks to CELERY_BEAT_SCHEDULE.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL or "")
CELERY_BROKER_TRANSPORT_OPTIONS: dict = {}
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Beat touches its heartbeat file every tick (portal.heartbeat): a tick at least every minute.
CELERY_BEAT_SCHEDULER = "portal.heartbeat:HeartbeatScheduler"
CELERY_BEAT_MAX_LOOP_INTERVAL = 60
# Where worker and beat keep their heartbeat files for `manage.py celery_alive` (one process of each per folder).
HEARTBEAT_DIR = Path(env_str("HEARTBEAT_DIR", str(Path(tempfile.gettempdir()) / "thuisloket-heartbeat")))
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {"task": "portal.tasks.record_worker_heartbeat", "schedule": 60.0},
    "purge-expired-sessions": {"task": "identity.tasks.purge_expired_sessions", "schedule": 3600.0},
    "sweep-stuck-certificate-requests": {"task": "certificates.tasks.sweep_stuck_requests", "schedule": 60.0},
    "purge-expired-mailbox-messages": {"task": "mailbox.tasks.purge_expired_messages", "schedule": 24 * 3600.0},
}

# --- Mailbox and e-mail.
MAILBOX_RETENTION_DAYS = env_int("MAILBOX_RETENTION_DAYS", 90)
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# E-mails come from the city by name ("Stad Voorbeeld <thuisloket@…>"); code that needs the bare address
# takes it with email.utils.parseaddr.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", formataddr((CITY_NAME, "thuisloket@example.invalid")))
# Where residents report accessibility problems (named in the accessibility statement).
ACCESSIBILITY_CONTACT_EMAIL = env_str("ACCESSIBILITY_CONTACT_EMAIL", parseaddr(DEFAULT_FROM_EMAIL)[1])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_nrn": {"()": "identity.logging.RedactNationalNumbers"}},
    # Both formats redact national numbers from the whole line, tracebacks too (identity.logging).
    "formatters": {"plain": {"()": "identity.logging.RedactingFormatter",
                             "format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact_nrn"]},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "thuisloket.audit": {"level": "INFO"},
    },
}
