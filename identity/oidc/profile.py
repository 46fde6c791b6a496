"""The high-assurance profile, glued to the settings: what the backend and the views call.

``identity.oidc.jose`` knows the rules of JOSE; this module knows which keys, endpoints and settings apply.
"""
import json
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings

from . import jose, rp_keys
from .assurance import LEVEL_NAMES
from .config import discovery, jwks
from .errors import SignInRefused

# What stays in the plain query beside ``request``: what OIDC Core requires there, equal to the values inside.
PLAIN_PARAMS = ("response_type", "client_id", "scope", "redirect_uri")


def keys() -> rp_keys.RPKeys:
    try:
        return rp_keys.current()
    except rp_keys.KeyFileError as exc:
        raise SignInRefused("provider_unavailable", "the private key file cannot be read") from exc


def unwrap(token: str, what: str) -> str:
    """The signed JWT inside ``token``: decrypted when it is a JWE, refused when encryption is required."""
    if jose.is_encrypted(token):
        return jose.decrypt_nested(token, keys().enc)
    if settings.OIDC_RP_REQUIRE_ENCRYPTED_TOKENS:
        raise SignInRefused("token_invalid", f"{what} is not encrypted while encryption is required")
    return token


def token_request_authentication(payload: dict, token_endpoint: str) -> dict:
    """The token request's form with private_key_jwt client authentication instead of the client secret."""
    signing_key = keys().signing_key
    if signing_key is None:
        raise SignInRefused("provider_unavailable", "private_key_jwt without a signing key")
    payload = {name: value for name, value in payload.items() if name != "client_secret"}
    payload["client_assertion_type"] = jose.ASSERTION_TYPE
    payload["client_assertion"] = jose.client_assertion(settings.OIDC_RP_CLIENT_ID, token_endpoint, signing_key)
    return payload


def extra_authorization_params() -> dict:
    """``acr_values`` (the explicit acr URNs of OIDC_MIN_ACR) and ``claims`` (OIDC_RP_CLAIMS), when set."""
    params = {}
    explicit = [acr for acr in settings.OIDC_MIN_ACR if acr.lower() not in LEVEL_NAMES]
    if explicit:
        params["acr_values"] = " ".join(explicit)
    if settings.OIDC_RP_CLAIMS:
        params["claims"] = json.dumps(settings.OIDC_RP_CLAIMS, separators=(",", ":"))
    return params


def with_request_object(authorize_url: str) -> str:
    """Move every parameter of an authorization URL into a request object (RFC 9101), signed or signed and
    encrypted as OIDC_RP_REQUEST_OBJECT says; the plain query keeps only PLAIN_PARAMS, with equal values."""
    parts = urlsplit(authorize_url)
    params = dict(parse_qsl(parts.query, keep_blank_values=True))
    signing_key = keys().signing_key
    if signing_key is None:
        raise SignInRefused("provider_unavailable", "a request object without a signing key")
    issuer = settings.OIDC_OP_ISSUER or discovery().get("issuer", "")
    encryption_key, enc = None, None
    if settings.OIDC_RP_REQUEST_OBJECT == "signed_encrypted":
        encryption_key = jose.provider_encryption_key(jwks())
        enc = jose.choose_enc(discovery().get("request_object_encryption_enc_values_supported"))
    request = jose.request_object(params, client_id=settings.OIDC_RP_CLIENT_ID, audience=issuer,
                                  signing_key=signing_key, encryption_key=encryption_key, enc=enc or "")
    plain = {name: params[name] for name in PLAIN_PARAMS if name in params}
    return urlunsplit(parts._replace(query=urlencode({**plain, "request": request})))
