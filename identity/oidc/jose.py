"""The JOSE pieces of the high-assurance profile (itsme direct): client assertion, request object, nested JWTs.

jwcrypto does the cryptography; the policy is here. A JWE is judged on its header before any key touches it:
only RSA-OAEP(-256) key wrapping with an authenticated content encryption, no ``zip`` (a decompression bomb
and a length oracle), and a ``kid`` naming one of our own encryption keys. Every refusal is a
``SignInRefused`` whose detail names the rule, never the token.
"""
import base64
import json
import time
import uuid

from jwcrypto import jwe, jwk, jws
from jwcrypto.common import JWException

from .errors import SignInRefused

ALLOWED_JWE_ALGS = ("RSA-OAEP-256", "RSA-OAEP")
# Our order of preference when we encrypt (the request object) to what the provider's discovery offers:
# A128CBC-HS256 first, the default of OIDC client registration and itsme's example.
ALLOWED_JWE_ENCS = ("A128CBC-HS256", "A256CBC-HS512", "A192CBC-HS384", "A256GCM", "A192GCM", "A128GCM")
SIGNING_ALG = "RS256"
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
ASSERTION_LIFETIME = 60  # seconds: the assertion is used once, at once
REQUEST_OBJECT_LIFETIME = 300  # seconds: the resident may take a moment before the provider reads it


def _b64_json(segment: str) -> dict:
    try:
        value = json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))
    except ValueError as exc:
        raise SignInRefused("token_invalid", "unreadable JWE header") from exc
    if not isinstance(value, dict):
        raise SignInRefused("token_invalid", "unreadable JWE header")
    return value


def is_encrypted(token: str) -> bool:
    """A compact JWE has five segments, a compact JWS three."""
    return isinstance(token, str) and token.count(".") == 4


def check_jwe_header(header: dict, decryption_keys: dict[str, jwk.JWK]) -> jwk.JWK:
    """Refuse a JWE header outside our policy; return our key its ``kid`` names."""
    alg, enc = header.get("alg"), header.get("enc")
    if alg not in ALLOWED_JWE_ALGS:
        raise SignInRefused("token_invalid", f"JWE alg {str(alg)[:20]!r} is not allowed")
    if enc not in ALLOWED_JWE_ENCS:
        raise SignInRefused("token_invalid", f"JWE enc {str(enc)[:20]!r} is not allowed")
    if "zip" in header:
        raise SignInRefused("token_invalid", "compressed JWE payload (zip) is not allowed")
    if header.get("crit"):
        raise SignInRefused("token_invalid", "JWE with critical header parameters is not allowed")
    key = decryption_keys.get(header.get("kid") or "")
    if key is None:
        raise SignInRefused("token_invalid", "JWE kid names none of our encryption keys")
    return key


def decrypt_nested(token: str, decryption_keys: dict[str, jwk.JWK]) -> str:
    """Decrypt a signed-then-encrypted JWT and return the inner compact JWS (still to be verified)."""
    segments = token.split(".")
    if len(segments) != 5:
        raise SignInRefused("token_invalid", "not a compact JWE")
    header = _b64_json(segments[0])
    key = check_jwe_header(header, decryption_keys)
    envelope = jwe.JWE()
    envelope.allowed_algs = [*ALLOWED_JWE_ALGS, *ALLOWED_JWE_ENCS]
    try:
        envelope.deserialize(token, key=key)
    except (JWException, ValueError, TypeError) as exc:
        # Wrong key, swapped kid, a changed byte: all end here without saying which.
        raise SignInRefused("token_invalid", "JWE could not be decrypted with the key its kid names") from exc
    inner = envelope.payload.decode("ascii", errors="replace")
    if inner.count(".") != 2:
        raise SignInRefused("token_invalid", "the JWE does not contain a signed JWT")
    return inner


def sign(claims: dict, key: jwk.JWK, typ: str = "JWT") -> str:
    token = jws.JWS(json.dumps(claims, separators=(",", ":")).encode())
    token.add_signature(key, alg=SIGNING_ALG, protected={"alg": SIGNING_ALG, "kid": key.get("kid"), "typ": typ})
    return token.serialize(compact=True)


def encrypt(inner: str, key: jwk.JWK, enc: str) -> str:
    header = {"alg": "RSA-OAEP-256", "enc": enc, "cty": "JWT"}
    if key.get("kid"):
        header["kid"] = key.get("kid")
    envelope = jwe.JWE(inner.encode(), protected=header)
    envelope.add_recipient(key)
    return envelope.serialize(compact=True)


def client_assertion(client_id: str, token_endpoint: str, key: jwk.JWK) -> str:
    """RFC 7523 client authentication: iss = sub = client id, aud = the token endpoint, a fresh jti."""
    now = int(time.time())
    return sign({"iss": client_id, "sub": client_id, "aud": token_endpoint, "jti": uuid.uuid4().hex,
                 "iat": now, "exp": now + ASSERTION_LIFETIME}, key)


def request_object(params: dict, *, client_id: str, audience: str, signing_key: jwk.JWK,
                   encryption_key: jwk.JWK | None = None, enc: str = "A128CBC-HS256") -> str:
    """RFC 9101 request object with every authorization parameter; signed, then encrypted when a key is given."""
    now = int(time.time())
    claims = {**params, "iss": client_id, "aud": audience, "iat": now, "nbf": now,
              "exp": now + REQUEST_OBJECT_LIFETIME, "jti": uuid.uuid4().hex}
    signed = sign(claims, signing_key, typ="oauth-authz-req+jwt")
    return encrypt(signed, encryption_key, enc) if encryption_key is not None else signed


def provider_encryption_key(op_jwks: dict) -> jwk.JWK:
    """The provider's RSA key for encryption to it (``use: enc``; a key without ``use`` will do)."""
    candidates = [raw for raw in op_jwks.get("keys", []) if raw.get("kty") == "RSA"
                  and raw.get("use", "enc") == "enc" and raw.get("alg", "RSA-OAEP-256") in ALLOWED_JWE_ALGS]
    if not candidates:
        raise SignInRefused("provider_unavailable", "the provider publishes no RSA encryption key")
    explicit = [raw for raw in candidates if raw.get("use") == "enc"]
    return jwk.JWK(**(explicit or candidates)[0])


def choose_enc(offered: list[str] | None) -> str:
    """The content encryption for our request object: the first of our allow-list the provider offers."""
    for enc in ALLOWED_JWE_ENCS:
        if not offered or enc in offered:
            return enc
    raise SignInRefused("provider_unavailable", "no content encryption in common with the provider")
