"""Tampered ID tokens are refused with a clear page and no session.

The provider (a real process) issues a real token for a real authorization code; the test then changes
that token the way an attacker in the middle would, before the portal's backend checks it.
"""
import base64
import hashlib
import hmac
import json
import time
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from identity.models import Resident
from identity.oidc.backend import ResidentOIDCBackend
from registry.demo import sign_in_personas

from .oidc_helpers import sign_in

pytestmark = pytest.mark.django_db
NUMBER = sign_in_personas()[0]["national_number"]


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def parts(token: str) -> tuple[dict, dict]:
    header = jwt.get_unverified_header(token)
    claims = jwt.decode(token, options={"verify_signature": False})
    return header, claims


def provider_key(devidp):
    return serialization.load_pem_private_key(Path(devidp.env["DEVIDP_RSA_KEY_FILE"]).read_bytes(), None)


def resign_with_provider_key(devidp, **changes):
    def tamper(token):
        header, claims = parts(token)
        return jwt.encode({**claims, **changes}, provider_key(devidp), algorithm="RS256",
                          headers={"kid": header.get("kid")})
    return tamper


def alg_none(token):
    _, claims = parts(token)
    return f"{b64(json.dumps({'alg': 'none', 'typ': 'JWT'}).encode())}.{b64(json.dumps(claims).encode())}."


def hs256_with_the_public_key(devidp):
    def tamper(token):
        header, claims = parts(token)
        public_pem = provider_key(devidp).public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        signing_input = f"{b64(json.dumps({'alg': 'HS256', 'typ': 'JWT', 'kid': header.get('kid')}).encode())}." \
                        f"{b64(json.dumps(claims).encode())}"
        signature = hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
        return f"{signing_input}.{b64(signature)}"
    return tamper


def changed_payload_keeping_signature(token):
    header_b64, _, signature = token.split(".")
    _, claims = parts(token)
    claims["egovNRN"] = sign_in_personas()[1]["national_number"]  # become someone else
    return f"{header_b64}.{b64(json.dumps(claims).encode())}.{signature}"


def signed_by_another_key_with_the_same_kid(token):
    header, claims = parts(token)
    attacker = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return jwt.encode(claims, attacker, algorithm="RS256", headers={"kid": header.get("kid")})


TAMPERINGS = {
    "alg_none": lambda devidp: alg_none,
    "hs256_with_public_key": hs256_with_the_public_key,
    "payload_changed": lambda devidp: changed_payload_keeping_signature,
    "foreign_key_same_kid": lambda devidp: signed_by_another_key_with_the_same_kid,
    "wrong_audience": lambda devidp: resign_with_provider_key(devidp, aud="someone-else"),
    "wrong_issuer": lambda devidp: resign_with_provider_key(devidp, iss="https://evil.example/o"),
    "expired": lambda devidp: resign_with_provider_key(devidp, exp=int(time.time()) - 3600,
                                                       iat=int(time.time()) - 7200),
    "wrong_nonce": lambda devidp: resign_with_provider_key(devidp, nonce="replayed-nonce"),
    "no_nonce": lambda devidp: resign_with_provider_key(devidp, nonce=None),
    "extra_audience_without_azp": lambda devidp: resign_with_provider_key(devidp, aud=["thuisloket-test", "x"]),
}


@pytest.mark.parametrize("kind", sorted(TAMPERINGS))
def test_tampered_id_token_is_refused_without_a_session(kind, client, oidc, demo_registry, monkeypatch):
    tamper = TAMPERINGS[kind](oidc)
    real_get_token = ResidentOIDCBackend.get_token

    def get_token_then_tamper(self, payload):
        tokens = real_get_token(self, payload)
        tokens["id_token"] = tamper(tokens["id_token"])
        return tokens

    monkeypatch.setattr(ResidentOIDCBackend, "get_token", get_token_then_tamper)
    response, _ = sign_in(client, oidc, national_number=NUMBER)
    assert response.status_code == 403
    assert "konden niet controleren wie je bent" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get("/mijn/").status_code == 302
    assert not Resident.objects.exists()


def test_untampered_token_passes_the_same_path(client, oidc, demo_registry, monkeypatch):
    """The tampering hook itself changes nothing when it passes the token through."""
    real_get_token = ResidentOIDCBackend.get_token
    monkeypatch.setattr(ResidentOIDCBackend, "get_token", lambda self, payload: real_get_token(self, payload))
    response, _ = sign_in(client, oidc, national_number=NUMBER)
    assert response.status_code == 302
    assert Resident.objects.count() == 1


def test_userinfo_about_another_subject_is_refused(client, oidc, demo_registry, monkeypatch):
    real_userinfo = ResidentOIDCBackend._userinfo_response

    def other_subject(self, access_token):
        response = real_userinfo(self, access_token)
        body = response.json()
        body["sub"] = "someone-else"
        response._content = json.dumps(body).encode()
        return response

    monkeypatch.setattr(ResidentOIDCBackend, "_userinfo_response", other_subject)
    response, _ = sign_in(client, oidc, national_number=NUMBER)
    assert response.status_code == 403
    assert not Resident.objects.exists()
