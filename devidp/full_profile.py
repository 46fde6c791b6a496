"""itsme's full profile in the DEVELOPMENT provider, for clients registered with ``devidp_setup --full-profile``.

Like itsme with private_key_jwt: the token request must carry a client assertion signed with a key of the
client's JWKS (fetched from its ``jwks_uri``, e.g. the portal's /oidc/jwks/), the authorization request must
be a request object signed by the client and encrypted to our ``use: enc`` key, and the ID token and
userinfo go back signed then encrypted to the client's ``use: enc`` key. What happened is logged to the
console (logger ``devidp``) and shown on the login page, so that the quick start can show it.
"""
import json
import logging
import os
import time
from pathlib import Path

import jwt
import requests
from django.core.cache import cache
from jwcrypto import jwe, jwk

from .keys import KEYS_DIR, generate_rsa_pem, read_text_or_none, write_private
from .models import FullProfileClient

logger = logging.getLogger("devidp")
JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
ENC_KID = "devidp-enc"
JWE_ALGS = ["RSA-OAEP-256", "RSA-OAEP", "A128CBC-HS256", "A256CBC-HS512", "A128GCM", "A256GCM"]


class FullProfileError(Exception):
    """A request that itsme's full profile refuses; the message is shown to the developer."""


def enc_key_path() -> Path:
    return Path(os.environ.get("DEVIDP_RSA_ENC_KEY_FILE", str(KEYS_DIR / "devidp_rsa_enc.pem")))


def ensure_enc_key() -> tuple[Path, bool]:
    """Create our encryption key (for request objects sent to us) when it is missing."""
    path = enc_key_path()
    if read_text_or_none(path):
        return path, False
    write_private(path, generate_rsa_pem())
    return path, True


def enc_key() -> jwk.JWK:
    pem = read_text_or_none(enc_key_path())
    if not pem:
        raise FullProfileError("The provider has no encryption key: run devidp_setup.")
    key = jwk.JWK.from_pem(pem.encode())
    return jwk.JWK(**{**json.loads(key.export_private()), "kid": ENC_KID, "use": "enc", "alg": "RSA-OAEP-256"})


def public_enc_jwk() -> dict | None:
    try:
        return enc_key().export_public(as_dict=True)
    except FullProfileError:
        return None


def registration(client_id: str | None) -> FullProfileClient | None:
    return FullProfileClient.objects.filter(client_id=client_id or "").first()


def client_jwks(client: FullProfileClient) -> list[dict]:
    key = f"devidp:client-jwks:{client.client_id}"
    keys = cache.get(key)
    if keys is None:
        try:
            response = requests.get(client.jwks_uri, timeout=5)
            response.raise_for_status()
            keys = response.json()["keys"]
        except (requests.RequestException, ValueError, KeyError) as exc:
            raise FullProfileError(f"The client's JWKS at {client.jwks_uri} cannot be read.") from exc
        cache.set(key, keys, 60)
    return keys


def client_key(client: FullProfileClient, use: str, kid: str | None = None) -> jwk.JWK:
    for raw in client_jwks(client):
        if raw.get("use") == use and (kid is None or raw.get("kid") == kid):
            return jwk.JWK(**raw)
    raise FullProfileError(f"The client's JWKS has no '{use}' key{f' {kid}' if kid else ''}.")


def verify_signed(token: str, client: FullProfileClient, *, audiences: list[str], what: str) -> dict:
    kid = jwt.get_unverified_header(token).get("kid")
    public = jwt.PyJWK(client_key(client, "sig", kid).export_public(as_dict=True)).key
    try:
        claims = jwt.decode(token, public, algorithms=["RS256"], audience=audiences, issuer=client.client_id,
                            options={"require": ["iss", "aud", "exp"]}, leeway=30)
    except jwt.PyJWTError as exc:
        raise FullProfileError(f"The {what} is not valid: {exc.__class__.__name__}.") from exc
    return claims


def open_request_object(token: str, client: FullProfileClient, issuer: str) -> dict:
    """Decrypt a request object with our enc key, verify the client's signature; return its parameters."""
    if token.count(".") != 4:
        raise FullProfileError("The request object must be signed and then encrypted.")
    envelope = jwe.JWE()
    envelope.allowed_algs = JWE_ALGS
    try:
        envelope.deserialize(token, key=enc_key())
    except Exception as exc:  # noqa: BLE001 (jwcrypto raises several unrelated types)
        raise FullProfileError("The request object cannot be decrypted with our encryption key.") from exc
    claims = verify_signed(envelope.payload.decode(), client, audiences=[issuer], what="request object")
    logger.info("devidp: request object of %s decrypted (%s, %s) and its signature verified",
                client.client_id, envelope.jose_header.get("alg"), envelope.jose_header.get("enc"))
    return {name: value for name, value in claims.items() if name not in {"iss", "aud", "iat", "nbf", "exp", "jti"}}


def authenticate(body: dict, client: FullProfileClient, audiences: list[str]) -> bool:
    """private_key_jwt: a valid, unused client assertion (and never the client secret)."""
    if body.get("client_assertion_type") != JWT_BEARER or not body.get("client_assertion"):
        logger.warning("devidp: token request of %s without a client assertion refused", client.client_id)
        return False
    try:
        claims = verify_signed(body["client_assertion"], client, audiences=audiences, what="client assertion")
    except FullProfileError as exc:
        logger.warning("devidp: %s", exc)
        return False
    if claims.get("sub") != client.client_id or not claims.get("jti"):
        return False
    if not cache.add(f"devidp:jti:{claims['jti']}", 1, timeout=max(60, int(claims["exp"] - time.time()) + 60)):
        logger.warning("devidp: replayed client assertion of %s refused", client.client_id)
        return False
    logger.info("devidp: %s authenticated with private_key_jwt", client.client_id)
    return True


def encrypt_for(client: FullProfileClient, signed: str, what: str) -> str:
    key = client_key(client, "enc")
    envelope = jwe.JWE(signed.encode(), protected={"alg": "RSA-OAEP-256", "enc": "A128CBC-HS256", "cty": "JWT",
                                                   "kid": key.get("kid")})
    envelope.add_recipient(key)
    logger.info("devidp: %s for %s signed and encrypted to its key %s", what, client.client_id, key.get("kid"))
    return envelope.serialize(compact=True)
