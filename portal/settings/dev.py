"""Quick-start settings: SQLite under var/, an embedded Celery broker, the development OpenID provider.

Everything can still be overridden by the same environment variables as in production.
"""
from .base import *  # noqa: F403
from .base import VAR_DIR
from .env import csp_form_action, env_bool, env_list, env_str


def _var_secret(name: str) -> str:
    """A secret generated once by ``manage.py init_dev_keys`` (run by ./thuisloket up)."""
    path = VAR_DIR / "keys" / name
    return path.read_text().strip() if path.exists() else f"insecure-dev-{name}-not-generated-yet"


# DEBUG off: a mistyped address shows the portal's own Dutch 404 (and 403, 500) page, as residents see it, not
# Django's debug page listing every URL pattern; a 500's traceback still goes to the console (LOGGING).
# DJANGO_DEBUG=1 brings the debug pages back. QUICK_START keeps the development conveniences that DEBUG used
# to allow: demo data and staff, generated keys and seal, the development provider (common/development.py).
DEBUG = env_bool("DJANGO_DEBUG", False)
QUICK_START = True
SECRET_KEY = env_str("SECRET_KEY", _var_secret("secret_key"))
NRN_HASH_KEY = env_str("NRN_HASH_KEY", _var_secret("nrn_hash_key"))
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = 0

# Embedded broker: kombu's filesystem transport (no server process; common/patches/kombu.py creates these
# folders when it opens a channel). Polling every 50 ms instead of kombu's default 1 s keeps a task's round
# trip short.
BROKER_DIR = VAR_DIR / "broker"
# "localhost": the transport ignores the host, but kombu warns "No hostname was supplied" without one.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "filesystem://localhost/")
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
        "polling_interval": 0.05,
    }

# The development OpenID provider (devidp/) listens on its own port.
DEVIDP_ENABLED = True
DEVIDP_URL = env_str("DEVIDP_URL", "http://127.0.0.1:8001")
OIDC_OP_ISSUER = env_str("OIDC_OP_ISSUER", f"{DEVIDP_URL}/o")
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID", "thuisloket-dev")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET", _var_secret("devidp_client_secret"))
# Our private keys for itsme's full profile (./thuisloket up --itsme); made by manage.py oidc_rp_keys create.
OIDC_RP_PRIVATE_JWKS_FILE = env_str("OIDC_RP_PRIVATE_JWKS_FILE", str(VAR_DIR / "keys" / "oidc_rp_jwks.json"))
CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] = csp_form_action(OIDC_OP_ISSUER)  # noqa: F405

# Static files without collectstatic and without DEBUG: WhiteNoise serves them straight from the finders
# (static/ and the city's folder) and looks again on every request, so an edited stylesheet shows at once.
# ./thuisloket up creates var/static/ (STATIC_ROOT), which WhiteNoise otherwise warns about.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405

# Development seal: generated under var/keys/ by `manage.py init_dev_seal` (run by ./thuisloket up).
SEAL_PKCS12_FILE = env_str("SEAL_PKCS12_FILE", str(VAR_DIR / "keys" / "dev-seal.p12"))
SEAL_PKCS12_PASSPHRASE = env_str("SEAL_PKCS12_PASSPHRASE", "")
SEAL_TRUST_ROOT_FILE = env_str("SEAL_TRUST_ROOT_FILE", str(VAR_DIR / "keys" / "dev-ca.pem"))
PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL", "http://127.0.0.1:8000")
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"
