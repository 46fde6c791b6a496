"""Where the identity provider's endpoints come from: a setting, or the issuer's discovery document.

Endpoints are resolved lazily (at sign-in, never at start-up or on every request), cached, and checked:
the discovery document must name the configured issuer.
"""
import requests
from django.conf import settings
from django.core.cache import cache

DISCOVERY_TTL = 3600
JWKS_TTL = 600

ENDPOINT_FIELDS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "OIDC_OP_LOGOUT_ENDPOINT": "end_session_endpoint",
}


class ProviderUnavailable(Exception):
    """The identity provider could not be reached or described itself inconsistently."""


def _get_json(url: str) -> dict:
    try:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT, verify=settings.OIDC_VERIFY_SSL)
        response.raise_for_status()
        return response.json()
    except (requests.RequestException, ValueError) as exc:
        raise ProviderUnavailable(f"{url}: {exc.__class__.__name__}") from exc


def discovery() -> dict:
    issuer = settings.OIDC_OP_ISSUER
    if not issuer:
        return {}
    key = f"oidc:discovery:{issuer}"
    document = cache.get(key)
    if document is None:
        document = _get_json(issuer.rstrip("/") + "/.well-known/openid-configuration")
        if document.get("issuer") != issuer:
            raise ProviderUnavailable("the discovery document names another issuer")
        cache.set(key, document, DISCOVERY_TTL)
    return document


def op_setting(name: str, default=None):
    """A setting by mozilla-django-oidc's name; empty endpoints are filled in from discovery."""
    value = getattr(settings, name, default)
    if name in ENDPOINT_FIELDS and not value:
        value = discovery().get(ENDPOINT_FIELDS[name]) or default
    return value


def jwks(force_refresh: bool = False) -> dict:
    """The provider's signing keys; refreshed when a token names a key we do not know (rotation)."""
    uri = op_setting("OIDC_OP_JWKS_ENDPOINT")
    if not uri:
        raise ProviderUnavailable("no JWKS endpoint configured or discovered")
    key = f"oidc:jwks:{uri}"
    keys = None if force_refresh else cache.get(key)
    if keys is None:
        keys = _get_json(uri)
        cache.set(key, keys, JWKS_TTL)
    return keys
