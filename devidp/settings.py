"""Settings of the DEVELOPMENT OpenID provider: a separate process (port 8001), never production.

Run with ``DJANGO_SETTINGS_MODULE=devidp.settings``. It has its own database and cookie names
because the portal runs on the same host (127.0.0.1:8000) and browsers ignore ports for cookies.
"""

import os

from devidp.keys import KEYS_DIR, PROJECT_DIR, VAR_DIR, read_text_or_none, rsa_key_path

BASE_DIR = PROJECT_DIR

# A fixed development string is acceptable: this process only ever runs on a developer's machine.
SECRET_KEY = (
    read_text_or_none(KEYS_DIR / "devidp_secret_key") or "devidp-insecure-development-only-key-0123456789"
)
DEBUG = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "oauth2_provider",
    "devidp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "devidp.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("DEVIDP_DATABASE", str(VAR_DIR / "devidp.sqlite3")),
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cookies ignore ports: without these names the provider's session would overwrite the portal's.
SESSION_COOKIE_NAME = "devidp_sessionid"
CSRF_COOKIE_NAME = "devidp_csrftoken"
LOGIN_URL = "devidp:login"
AUTH_PASSWORD_VALIDATORS = []

LANGUAGE_CODE = "nl-be"
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True
STATIC_URL = "static/"

# Which claim shape the login page preselects: fas, itsme or vlaanderen.
DEVIDP_DEFAULT_PROFILE = os.environ.get("DEVIDP_PROFILE", "fas")


def _rsa_private_key() -> str:
    # Absent until ``devidp_setup`` has run (it runs ``migrate`` with these settings first), so an
    # empty value is tolerated here; the validator raises a clear error if it must sign without it.
    return read_text_or_none(rsa_key_path()) or ""


OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": _rsa_private_key(),
    # Empty: DOT derives the issuer from the request, i.e. http://<host:port>/o. DEVIDP_ISSUER pins it.
    "OIDC_ISS_ENDPOINT": os.environ.get("DEVIDP_ISSUER", ""),
    "OIDC_RESPONSE_TYPES_SUPPORTED": ["code"],
    # The sub is derived per client (see devidp.profiles.subject), as itsme does.
    "OIDC_SUBJECT_TYPES_SUPPORTED": ["pairwise"],
    "OIDC_RP_INITIATED_LOGOUT_ENABLED": True,
    # With a valid id_token_hint of the signed-in user, log out and go back without a question.
    "OIDC_RP_INITIATED_LOGOUT_ALWAYS_PROMPT": False,
    # Only post_logout_redirect_uris registered on the client: never an open redirect after logout.
    "OIDC_RP_INITIATED_LOGOUT_STRICT_REDIRECT_URIS": True,
    "PKCE_REQUIRED": True,
    # Drops "plain" from discovery and refuses it: S256 only, as itsme and FAS advise.
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    # RFC 9207: the callback carries iss (FAS does the same), so a client can detect IdP mix-ups.
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    # itsme's authorisation code lives three minutes.
    "AUTHORIZATION_CODE_EXPIRE_SECONDS": 180,
    "SCOPES": {
        "openid": "OpenID Connect",
        "profile": "Naam en geboortedatum",
        "egovnrn": "Rijksregisternummer (FAS: egovNRN)",
        "eid": "Rijksregisternummer (itsme: BENationalNumber)",
        "rrn": "Rijksregisternummer (Vlaamse overheid: rrn)",
    },
    "DEFAULT_SCOPES": ["openid"],
    "OAUTH2_VALIDATOR_CLASS": "devidp.validators.DevIdpValidator",
}

# devidp.full_profile tells on the console what it decrypted, verified and encrypted (itsme's full profile).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"devidp": {"handlers": ["console"], "level": "INFO"}},
}
