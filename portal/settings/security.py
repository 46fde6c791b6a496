"""Security settings: sessions and cookies, security headers and the Content Security Policy, passwords,
staff sign-in (password + TOTP), and digital inclusion's public computers and assisted sessions
(``identity.assist``), which shorten sessions and add two middlewares.

A part of ``portal.settings.base`` (imported at its end); load that module, not this one.
"""
from .core import CITY_NAME, DEBUG, MIDDLEWARE
from .env import env_bool, env_int, env_list

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

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
        # Signing out posts a form that redirects to the IdP's end-session endpoint (set in oidc.py).
        "form-action": ["'self'"],
    }
}

# --- Staff: password + TOTP. Throttle repeated password failures.
STAFF_LOGIN_MAX_FAILURES = env_int("STAFF_LOGIN_MAX_FAILURES", 5)
STAFF_LOGIN_LOCKOUT_SECONDS = env_int("STAFF_LOGIN_LOCKOUT_SECONDS", 15 * 60)
# Locks are per (username, address) and per address; a name is only slowed down (identity.staff.throttle):
# after this many failures from anywhere, each pair waits this long between tries.
STAFF_LOGIN_SLOWDOWN_AFTER = env_int("STAFF_LOGIN_SLOWDOWN_AFTER", 20)
STAFF_LOGIN_SLOWDOWN_SECONDS = env_int("STAFF_LOGIN_SLOWDOWN_SECONDS", 30)
OTP_TOTP_ISSUER = CITY_NAME
# The admin never shows a device's secret key or its QR code (whoever reads it can make codes forever).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

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
