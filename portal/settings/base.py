"""Production settings: every value comes from the environment; defaults are the safe ones.

The quick start (``portal.settings.dev``) and the tests (``portal.settings.test``) build on this
module. ``portal.checks`` refuses unsafe production values before the first request.
"""
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from .env import csp_form_action, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("THUISLOKET_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# The city this portal serves (shown in the layout and, later, on certificates).
CITY_NAME = env_str("THUISLOKET_CITY_NAME", "Stad Voorbeeld")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
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
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "identity.middleware.IdleSessionMiddleware",
    "identity.middleware.StaffTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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

# Database: DATABASE_URL (e.g. postgres://user:pass@host:5432/thuisloket); SQLite under var/ otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'thuisloket.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
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
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: REDIS_URL in production (shared by all web instances); local memory otherwise.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "identity.User"
AUTHENTICATION_BACKENDS = [
    "identity.oidc.backend.ResidentOIDCBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "identity:sign_in"
LOGIN_REDIRECT_URL = "portal:dashboard"
LOGOUT_REDIRECT_URL = "portal:home"

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
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": env_str("DEFAULT_FILE_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage")},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Sessions and cookies.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env_int("SESSION_MAX_AGE", 8 * 3600)  # absolute limit; the idle limit is below
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 15 * 60)  # seconds without activity
SESSION_IDLE_WARNING = env_int("SESSION_IDLE_WARNING", 2 * 60)  # warn this long before the idle end
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"  # Lax: the IdP's redirect back to the callback must carry the session
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True

# --- Security headers. Behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER_ENABLED=1.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if env_bool("SECURE_PROXY_SSL_HEADER_ENABLED", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
# No inline script or style anywhere: everything comes from our own static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        # Signing out posts a form that redirects to the IdP's end-session endpoint (set below).
        "form-action": ["'self'"],
    }
}

# --- Resident sign-in (OpenID Connect; names follow mozilla-django-oidc's settings).
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid profile")
OIDC_OP_ISSUER = env_str("OIDC_OP_ISSUER", "")
# Endpoints left empty are read from the issuer's /.well-known/openid-configuration (identity.oidc.config).
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_OP_LOGOUT_ENDPOINT = env_str("OIDC_OP_LOGOUT_ENDPOINT", "")
# Claim(s) carrying the national number; by default itsme's, FAS's and the Flemish IdP's are tried.
OIDC_NRN_CLAIM = env_list(
    "OIDC_NRN_CLAIM", ["http://itsme.services/v2/claim/BENationalNumber", "egovNRN", "rrn"]
)
# Accepted acr values: explicit URNs and/or an eIDAS level ("low", "substantial", "high") meaning
# every known means of at least that level (identity.oidc.assurance).
OIDC_MIN_ACR = env_list("OIDC_MIN_ACR", ["substantial"])
OIDC_USE_PKCE = True
OIDC_PKCE_CODE_CHALLENGE_METHOD = "S256"
OIDC_USE_NONCE = True
OIDC_STORE_ID_TOKEN = True  # needed as id_token_hint for RP-initiated logout
OIDC_TOKEN_USE_BASIC_AUTH = env_bool("OIDC_TOKEN_USE_BASIC_AUTH", False)
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT", 10)
OIDC_VERIFY_SSL = env_bool("OIDC_VERIFY_SSL", True)
OIDC_AUTH_REQUEST_EXTRA_PARAMS = {}
OIDC_AUTHENTICATE_CLASS = "identity.oidc.views.SignInStartView"
OIDC_CALLBACK_CLASS = "identity.oidc.views.SignInCallbackView"
OIDC_CLOCK_SKEW = env_int("OIDC_CLOCK_SKEW", 60)
ALLOW_LOGOUT_GET_METHOD = False
CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] = csp_form_action(OIDC_OP_ISSUER, OIDC_OP_LOGOUT_ENDPOINT)
# Keyed hash of national numbers (lookups without the number in clear). Keep it stable and secret.
NRN_HASH_KEY = env_str("NRN_HASH_KEY", "")

# --- Staff: password + TOTP. Throttle repeated password failures.
STAFF_LOGIN_MAX_FAILURES = env_int("STAFF_LOGIN_MAX_FAILURES", 5)
STAFF_LOGIN_LOCKOUT_SECONDS = env_int("STAFF_LOGIN_LOCKOUT_SECONDS", 15 * 60)
OTP_TOTP_ISSUER = CITY_NAME

# --- Registry adapter (registry.services talks only to this).
REGISTRY_ADAPTER = env_str("REGISTRY_ADAPTER", "registry.adapters.embedded.EmbeddedRegistry")

# --- Celery. The database state machine is the truth; results are not stored.
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
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {"task": "portal.tasks.record_worker_heartbeat", "schedule": 60.0},
    "purge-expired-sessions": {"task": "identity.tasks.purge_expired_sessions", "schedule": 3600.0},
    "sweep-stuck-certificate-requests": {"task": "certificates.tasks.sweep_stuck_requests", "schedule": 60.0},
    "purge-expired-mailbox-messages": {"task": "mailbox.tasks.purge_expired_messages", "schedule": 24 * 3600.0},
}

# --- Certificates: the city's seal (PKCS#12) and, optionally, a timestamp authority (PAdES B-T).
SEAL_PKCS12_FILE = env_str("SEAL_PKCS12_FILE", "")
SEAL_PKCS12_PASSPHRASE = env_str("SEAL_PKCS12_PASSPHRASE", "")
# PEM file of the CA the seal chains to (the verification page's trust root); read from the PKCS#12 chain
# when empty.
SEAL_TRUST_ROOT_FILE = env_str("SEAL_TRUST_ROOT_FILE", "")
SEAL_TSA_URL = env_str("SEAL_TSA_URL", "")
PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL", "")  # e.g. https://thuisloket.stad.be (for QR codes)
VERIFY_RATE_LIMIT = env_int("VERIFY_RATE_LIMIT", 30)  # verification attempts per address per 10 minutes

# --- Mailbox.
MAILBOX_RETENTION_DAYS = env_int("MAILBOX_RETENTION_DAYS", 90)
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "thuisloket@example.invalid")
# Where residents report accessibility problems (named in the accessibility statement).
ACCESSIBILITY_CONTACT_EMAIL = env_str("ACCESSIBILITY_CONTACT_EMAIL", DEFAULT_FROM_EMAIL)

# --- The development OpenID provider runs only when the dev settings say so.
DEVIDP_ENABLED = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_nrn": {"()": "identity.logging.RedactNationalNumbers"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact_nrn"]},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "thuisloket.audit": {"level": "INFO"},
    },
}

# --- Contact desk (desk/): terms, map, uploads, e-mail in, Open311.
DESK_REFERENCE_PREFIX = env_str("DESK_REFERENCE_PREFIX", "M")
# Opening hours that terms are counted in (Belgian public holidays and ClosingDay rows are skipped).
DESK_OPENING_HOURS = env_str("DESK_OPENING_HOURS", "mon-fri 08:30-12:00,13:00-17:00")
DESK_DEFAULT_DEPARTMENT = env_str("DESK_DEFAULT_DEPARTMENT", "contactcenter")
DESK_NEAR_DUE_HOURS = env_int("DESK_NEAR_DUE_HOURS", 4)  # working hours before a term ends: "bijna te laat"
DESK_REOPEN_DAYS = env_int("DESK_REOPEN_DAYS", 30)  # a resident may reopen a closed case this long
DESK_PHOTO_MAX_BYTES = env_int("DESK_PHOTO_MAX_BYTES", 10 * 1024 * 1024)
DESK_PHOTO_MAX_SIDE = env_int("DESK_PHOTO_MAX_SIDE", 2048)
DESK_MAP_TILES_URL = env_str("DESK_MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
DESK_MAP_ATTRIBUTION = env_str("DESK_MAP_ATTRIBUTION", "© OpenStreetMap-bijdragers")
DESK_MAP_RECENT_DAYS = env_int("DESK_MAP_RECENT_DAYS", 30)  # closed reports stay on the map this long
DESK_FORWARD_LINK_DAYS = env_int("DESK_FORWARD_LINK_DAYS", 14)
DESK_SUBMIT_RATE = env_str("DESK_SUBMIT_RATE", "10/h")  # web reports per address
# E-mail in: an IMAP mailbox (imaps://user:password@host/INBOX) or a Maildir path (maildir:///path).
DESK_INBOUND_MAILBOX = env_str("DESK_INBOUND_MAILBOX", "")
DESK_REPLY_ADDRESS = env_str("DESK_REPLY_ADDRESS", "")  # the one e-mail address (e.g. 1777@stad.be)
CELERY_BEAT_SCHEDULE["desk-escalate-terms"] = {"task": "desk.cases.tasks.escalate_terms", "schedule": 300.0}
if DESK_INBOUND_MAILBOX:
    CELERY_BEAT_SCHEDULE["desk-fetch-email"] = {"task": "desk.channels.email.tasks.fetch_email", "schedule": 60.0}
if DESK_MAP_TILES_URL:
    from urllib.parse import urlsplit as _urlsplit

    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(
        f"{_urlsplit(DESK_MAP_TILES_URL).scheme}://{_urlsplit(DESK_MAP_TILES_URL).netloc.replace('{s}', '*')}")

# --- Digital inclusion (identity.assist): volunteers, assisted sessions, public computers. -----------
# Public-computer mode is switched on per computer: a signed cookie set by staff at /helpen/computer/, or
# a source address in one of these networks (comma-separated CIDRs, e.g. "10.20.0.0/16,192.0.2.7/32").
# REMOTE_ADDR only: behind a proxy, let the proxy set REMOTE_ADDR (X-Forwarded-For can be forged).
PUBLIC_COMPUTER_NETWORKS = env_list("PUBLIC_COMPUTER_NETWORKS", [])
PUBLIC_COMPUTER_IDLE_TIMEOUT = env_int("PUBLIC_COMPUTER_IDLE_TIMEOUT", 3 * 60)  # seconds without activity
PUBLIC_COMPUTER_IDLE_WARNING = env_int("PUBLIC_COMPUTER_IDLE_WARNING", 60)  # countdown shown this long before
PUBLIC_COMPUTER_COOKIE_AGE = env_int("PUBLIC_COMPUTER_COOKIE_AGE", 400 * 24 * 3600)  # browsers cap at 400 days
ASSISTED_SESSION_MAX_AGE = env_int("ASSISTED_SESSION_MAX_AGE", 2 * 3600)  # the volunteer's hand-over cookie


def _check_networks(networks: list[str]) -> None:
    import ipaddress

    from django.core.exceptions import ImproperlyConfigured

    for network in networks:
        try:
            ipaddress.ip_network(network, strict=False)
        except ValueError as exc:
            raise ImproperlyConfigured(f"PUBLIC_COMPUTER_NETWORKS: {network!r} is not a network (CIDR)") from exc


_check_networks(PUBLIC_COMPUTER_NETWORKS)
# Before the idle check, which uses the shorter public-computer timeout; the assisted-session link
# needs the signed-in user, so both come after the authentication middleware.
MIDDLEWARE.insert(MIDDLEWARE.index("identity.middleware.IdleSessionMiddleware"),
                  "identity.assist.middleware.PublicComputerMiddleware")
MIDDLEWARE.insert(MIDDLEWARE.index("identity.middleware.IdleSessionMiddleware") + 1,
                  "identity.assist.middleware.AssistedSessionMiddleware")


# --- Channels (issue 6). Each block belongs to one part; settings come from the environment. -------------
# --- chat (desk.channels.chat) ---
CHAT_ENABLED = env_bool("CHAT_ENABLED", True)  # the chat button on every page and /chat/
# When someone answers the live chat (same format as DESK_OPENING_HOURS); outside them: leave a message.
CHAT_OPENING_HOURS = env_str("CHAT_OPENING_HOURS", DESK_OPENING_HOURS)
CHAT_MAX_MESSAGE_LENGTH = env_int("CHAT_MAX_MESSAGE_LENGTH", 2000)  # characters per chat message
CHAT_MESSAGE_RATE = env_str("CHAT_MESSAGE_RATE", "20/m")  # messages per conversation
CHAT_ADDRESS_RATE = env_str("CHAT_ADDRESS_RATE", "40/m")  # messages per client address (all its conversations)
CHAT_START_RATE = env_str("CHAT_START_RATE", "10/h")  # new conversations and left messages per client address
CHAT_COOKIE_AGE = env_int("CHAT_COOKIE_AGE", 7 * 24 * 3600)  # an anonymous visitor's access cookie
CHAT_STREAM_LIFETIME = env_int("CHAT_STREAM_LIFETIME", 55)  # seconds an event stream stays open (then reconnects)
CHAT_STREAM_HEARTBEAT = env_int("CHAT_STREAM_HEARTBEAT", 15)  # seconds between keep-alive comments
CHAT_STREAM_CHECK_MS = env_int("CHAT_STREAM_CHECK_MS", 1000)  # how often an open stream looks for new messages
CHAT_POLL_SECONDS = env_int("CHAT_POLL_SECONDS", 4)  # polling interval when the stream cannot be used
CHAT_NEAR_DUE_MINUTES = env_int("CHAT_NEAR_DUE_MINUTES", 15)  # "eerste antwoord bijna te laat" in Gesprekken
CHAT_UNREAD_NOTICE_MINUTES = env_int("CHAT_UNREAD_NOTICE_MINUTES", 3)  # an unseen answer goes to mailbox/e-mail

# --- whatsapp (desk.channels.whatsapp) ---
# WhatsApp Business (Cloud API). Off by default: the webhook /whatsapp/webhook/ answers 404. A city turns it on
# with its provider's credentials (Meta app + WhatsApp Business Account); all from the environment.
WHATSAPP_ENABLED = env_bool("WHATSAPP_ENABLED", False)
WHATSAPP_ACCESS_TOKEN = env_str("WHATSAPP_ACCESS_TOKEN", "")  # system-user token (Bearer) for the Graph API
WHATSAPP_PHONE_NUMBER_ID = env_str("WHATSAPP_PHONE_NUMBER_ID", "")  # the number we send from (and accept for)
WHATSAPP_WABA_ID = env_str("WHATSAPP_WABA_ID", "")  # the WhatsApp Business Account id
WHATSAPP_APP_SECRET = env_str("WHATSAPP_APP_SECRET", "")  # checks X-Hub-Signature-256 on every delivery
WHATSAPP_VERIFY_TOKEN = env_str("WHATSAPP_VERIFY_TOKEN", "")  # the token Meta's verification GET must carry
WHATSAPP_API_VERSION = env_str("WHATSAPP_API_VERSION", "26.0")  # Graph API version (graph.facebook.com/v26.0)
# The approved utility template sent outside the 24-hour window; its one body parameter is the case reference.
WHATSAPP_TEMPLATE_NAME = env_str("WHATSAPP_TEMPLATE_NAME", "")
WHATSAPP_TEMPLATE_LANGUAGES = env_list("WHATSAPP_TEMPLATE_LANGUAGES", ["nl"])  # approved languages, default first
WHATSAPP_PORTAL_URL = env_str("WHATSAPP_PORTAL_URL", "")  # the secure portal the privacy replies point to
WHATSAPP_MAX_BODY_BYTES = env_int("WHATSAPP_MAX_BODY_BYTES", 1024 * 1024)  # larger deliveries are refused (413)
WHATSAPP_HTTP_TIMEOUT = env_int("WHATSAPP_HTTP_TIMEOUT", 20)  # seconds per Graph API call
WHATSAPP_MEDIA_HOSTS = env_list("WHATSAPP_MEDIA_HOSTS", ["fbsbx.com", "whatsapp.net", "facebook.com", "fbcdn.net"])
WHATSAPP_KEEP_DAYS = env_int("WHATSAPP_KEEP_DAYS", 30)  # raw deliveries (personal data) are deleted after this
if WHATSAPP_ENABLED:
    CELERY_BEAT_SCHEDULE["whatsapp-sweep"] = {"task": "desk.channels.whatsapp.tasks.sweep", "schedule": 300.0}

# --- news (news) ---
NEWS_WEEKLY_LIMIT = env_int("NEWS_WEEKLY_LIMIT", 2)  # news posts per ISO week before the calendar warns
NEWS_PAGE_SIZE = env_int("NEWS_PAGE_SIZE", 10)  # posts per page on /nieuws/
# The city as a circle (crisis areas must lie inside it; "the whole city" in CAP): "lat,lon" and km.
NEWS_CITY_CENTRE = env_str("NEWS_CITY_CENTRE", "51.03,3.42")
NEWS_CITY_RADIUS_KM = float(env_str("NEWS_CITY_RADIUS_KM", "6"))
NEWS_CITY_AREA_DESC = env_str("NEWS_CITY_AREA_DESC", CITY_NAME)
# CAP 1.2: <sender> (an e-mail address or URI of the city), the identifier prefix (+ post id), <status>
# (Actual; Exercise or Test on a training server) and an optional <contact>.
NEWS_CAP_SENDER = env_str("NEWS_CAP_SENDER", DEFAULT_FROM_EMAIL)
NEWS_CAP_IDENTIFIER_PREFIX = env_str("NEWS_CAP_IDENTIFIER_PREFIX", "thuisloket-crisis-")
NEWS_CAP_STATUS = env_str("NEWS_CAP_STATUS", "Actual")
NEWS_CAP_CONTACT = env_str("NEWS_CAP_CONTACT", "")
NEWS_CRISIS_DEFAULT_HOURS = env_int("NEWS_CRISIS_DEFAULT_HOURS", 6)  # "valid until" proposed for a new crisis
NEWS_BANNER_CACHE_SECONDS = env_int("NEWS_BANNER_CACHE_SECONDS", 30)  # the crisis banner's cache on each page
NEWS_BE_ALERT_URL = env_str("NEWS_BE_ALERT_URL", "https://www.be-alert.be/")
NEWS_PUSH_TTL = env_int("NEWS_PUSH_TTL", 24 * 3600)  # how long push services keep a news post for offline devices
NEWS_EMAIL_BATCH_SIZE = env_int("NEWS_EMAIL_BATCH_SIZE", 200)  # followers per Celery task (one SMTP connection)
NEWS_CONFIRM_HOURS = env_int("NEWS_CONFIRM_HOURS", 48)  # the double opt-in link; unconfirmed rows go after this
NEWS_CONSENT_TEXT_VERSION = env_str("NEWS_CONSENT_TEXT_VERSION", "2026-1")  # kept with every confirmation
NEWS_SUBSCRIBE_RATE = env_str("NEWS_SUBSCRIBE_RATE", "3/h")  # confirmation mails per e-mail address
NEWS_SUBSCRIBE_IP_RATE = env_str("NEWS_SUBSCRIBE_IP_RATE", "20/h")  # sign-up form posts per client address
NEWS_REACTIONS_PER_HOUR = env_int("NEWS_REACTIONS_PER_HOUR", 30)  # reactions per (daily-salted) key per hour
# Atom <id>s are tag: URIs (RFC 4151) under this authority; default: the host of PUBLIC_BASE_URL.
NEWS_FEED_TAG_AUTHORITY = env_str("NEWS_FEED_TAG_AUTHORITY", "")
TEMPLATES[0]["OPTIONS"]["context_processors"].append("news.context_processors.crisis_banner")
CELERY_BEAT_SCHEDULE["news-publish-due"] = {"task": "news.tasks.publish_due", "schedule": 60.0}
CELERY_BEAT_SCHEDULE["news-purge-unconfirmed"] = {"task": "news.tasks.purge_unconfirmed", "schedule": 3600.0}

# --- push (news.push) ---
# VAPID private key: a PEM/DER file path, a PEM string, or base64url (raw 32 bytes or DER). Empty: the
# development key var/keys/vapid-private.pem (manage.py init_dev_vapid); production warns (news_push.W001).
WEBPUSH_VAPID_PRIVATE_KEY = env_str("WEBPUSH_VAPID_PRIVATE_KEY", "")
WEBPUSH_VAPID_SUBJECT = env_str("WEBPUSH_VAPID_SUBJECT", "")  # mailto:/https: contact; empty: DEFAULT_FROM_EMAIL
# Endpoints must be https on one of these push-service domains (and subdomains); empty list = any https host.
WEBPUSH_ALLOWED_HOSTS = env_list("WEBPUSH_ALLOWED_HOSTS", [
    "fcm.googleapis.com", "android.googleapis.com", "push.services.mozilla.com", "push.apple.com",
    "notify.windows.com"])
WEBPUSH_ALLOW_HTTP_LOCALHOST = env_bool("WEBPUSH_ALLOW_HTTP_LOCALHOST", False)  # tests/bench mock (also when DEBUG)
WEBPUSH_BATCH_SIZE = env_int("WEBPUSH_BATCH_SIZE", 1000)  # subscriptions per Celery task
WEBPUSH_CONCURRENCY = env_int("WEBPUSH_CONCURRENCY", 64)  # requests in flight per worker process
WEBPUSH_TIMEOUT = env_int("WEBPUSH_TIMEOUT", 10)  # seconds per request
# "fast" (news/push/transport.py, ~5x less CPU per message) or "aiohttp" (when HTTPS must go through a proxy).
WEBPUSH_HTTP_CLIENT = env_str("WEBPUSH_HTTP_CLIENT", "fast")
WEBPUSH_MAX_ATTEMPTS = env_int("WEBPUSH_MAX_ATTEMPTS", 5)  # per subscription (429/5xx/timeouts are retried)
WEBPUSH_RETRY_BACKOFF = env_int("WEBPUSH_RETRY_BACKOFF", 30)  # seconds before the 1st retry, doubled each time
WEBPUSH_RETRY_MAX_DELAY = env_int("WEBPUSH_RETRY_MAX_DELAY", 900)
WEBPUSH_STUCK_AFTER = env_int("WEBPUSH_STUCK_AFTER", 600)  # the sweep re-queues work untouched this long
WEBPUSH_QUEUE = env_str("WEBPUSH_QUEUE", "")  # a dedicated Celery queue (e.g. "push"); empty = default queue
WEBPUSH_SUBSCRIBE_RATE = env_str("WEBPUSH_SUBSCRIBE_RATE", "20/h")  # subscribe/unsubscribe calls per address
CELERY_BEAT_SCHEDULE["news-push-sweep"] = {"task": "news.push.tasks.sweep_stuck", "schedule": 300.0}

# --- feedback (desk.feedback) ---
DESK_FEEDBACK_ENABLED = env_bool("DESK_FEEDBACK_ENABLED", True)  # ask for feedback when a case closes
DESK_FEEDBACK_DAYS = env_int("DESK_FEEDBACK_DAYS", 14)  # the feedback link works this long, once
