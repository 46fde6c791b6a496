"""Tampered encrypted tokens are refused, with a clear page, no session and an audit event without secrets.

The certified provider (tests/fixtures/oidc_provider.py) issues a real signed-then-encrypted ID token and
userinfo; the test opens the envelope with our key, as an attacker who had it would not be able to, and
wraps the provider's real signed token again the way an attacker in the middle or a downgrade would.
"""
import base64
import json
import secrets

import pytest
from jwcrypto import jwe, jwk

from identity.models import Resident
from identity.oidc.backend import ResidentOIDCBackend
from registry.demo import sign_in_personas

from .itsme_helpers import assert_no_secrets_in, audit_events, audit_text, itsme, rp_key, sign_in  # noqa: F401

pytestmark = pytest.mark.django_db
NUMBER = sign_in_personas()[0]["national_number"]


def header_of(token: str) -> dict:
    segment = token.split(".")[0]
    return json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))


def inner_of(provider, token: str) -> str:
    kid = header_of(token)["kid"]
    keys = {key.get("kid"): key for key in (rp_key(provider, "enc", 0), rp_key(provider, "enc", 1))}
    envelope = jwe.JWE()
    envelope.deserialize(token, key=keys[kid])
    return envelope.payload.decode()


def wrap(inner: str, key: jwk.JWK, **header) -> str:
    protected = {"alg": "RSA-OAEP-256", "enc": "A128CBC-HS256", "cty": "JWT", **header}
    envelope = jwe.JWE(inner.encode(), protected=protected)
    envelope.allowed_algs = [*jwe.default_allowed_algs, "RSA1_5"]
    envelope.add_recipient(key)
    return envelope.serialize(compact=True)


def attacker_key(kid: str) -> jwk.JWK:
    return jwk.JWK.generate(kty="RSA", size=2048, kid=kid, use="enc")


def our_kids(provider) -> tuple[str, str]:
    return rp_key(provider, "enc", 0).get("kid"), rp_key(provider, "enc", 1).get("kid")


def to_the_wrong_key_with_our_kid(provider, token):
    return wrap(inner_of(provider, token), attacker_key("x"), kid=header_of(token)["kid"])


def to_an_unknown_kid(provider, token):
    return wrap(inner_of(provider, token), attacker_key("attacker-enc"), kid="attacker-enc")


def with_a_swapped_kid(provider, token):
    used = header_of(token)["kid"]
    other = [kid for kid in our_kids(provider) if kid != used][0]
    key = rp_key(provider, "enc", our_kids(provider).index(used))
    return wrap(inner_of(provider, token), key, kid=other)


def with_alg_dir(provider, token):
    secret = jwk.JWK(kty="oct", k=base64.urlsafe_b64encode(secrets.token_bytes(32)).rstrip(b"=").decode())
    return wrap(inner_of(provider, token), secret, alg="dir", kid=header_of(token)["kid"])


def with_rsa1_5(provider, token):
    kid = header_of(token)["kid"]
    return wrap(inner_of(provider, token), rp_key(provider, "enc", our_kids(provider).index(kid)), alg="RSA1_5",
                kid=kid)


def compressed(provider, token):
    kid = header_of(token)["kid"]
    return wrap(inner_of(provider, token), rp_key(provider, "enc", our_kids(provider).index(kid)), zip="DEF",
                kid=kid)


def with_a_changed_ciphertext_byte(provider, token):
    segments = token.split(".")
    segments[3] = ("A" if segments[3][0] != "A" else "B") + segments[3][1:]
    return ".".join(segments)


def decrypted_to_signed_only(provider, token):
    return inner_of(provider, token)


def rewrapped_correctly(provider, token):
    kid = header_of(token)["kid"]
    return wrap(inner_of(provider, token), rp_key(provider, "enc", our_kids(provider).index(kid)), kid=kid)


TAMPERINGS = {
    "wrong_key": to_the_wrong_key_with_our_kid,
    "unknown_kid": to_an_unknown_kid,
    "swapped_kid": with_a_swapped_kid,
    "alg_dir": with_alg_dir,
    "rsa1_5": with_rsa1_5,
    "zip": compressed,
    "ciphertext_changed": with_a_changed_ciphertext_byte,
    "signed_only": decrypted_to_signed_only,
}
EXPECTED_DETAIL = {
    "wrong_key": "could not be decrypted",
    "unknown_kid": "kid names none of our encryption keys",
    "swapped_kid": "could not be decrypted",
    "alg_dir": "JWE alg 'dir' is not allowed",
    "rsa1_5": "JWE alg 'RSA1_5' is not allowed",
    "zip": "compressed JWE payload (zip) is not allowed",
    "ciphertext_changed": "could not be decrypted",
    "signed_only": "not encrypted while encryption is required",
}


def tamper_id_token(monkeypatch, provider, tamper):
    real_get_token = ResidentOIDCBackend.get_token

    def get_token_then_tamper(self, payload):
        tokens = real_get_token(self, payload)
        assert tokens["id_token"].count(".") == 4
        tokens["id_token"] = tamper(provider, tokens["id_token"])
        return tokens

    monkeypatch.setattr(ResidentOIDCBackend, "get_token", get_token_then_tamper)


def tamper_userinfo(monkeypatch, provider, tamper):
    real_userinfo = ResidentOIDCBackend._userinfo_response

    def userinfo_then_tamper(self, access_token):
        response = real_userinfo(self, access_token)
        assert response.text.count(".") == 4
        response._content = tamper(provider, response.text).encode()
        return response

    monkeypatch.setattr(ResidentOIDCBackend, "_userinfo_response", userinfo_then_tamper)


@pytest.mark.parametrize("target", ["id_token", "userinfo"])
@pytest.mark.parametrize("kind", sorted(TAMPERINGS))
def test_a_tampered_encrypted_token_is_refused(kind, target, client, itsme, demo_registry, monkeypatch, caplog):
    hook = tamper_id_token if target == "id_token" else tamper_userinfo
    hook(monkeypatch, itsme, TAMPERINGS[kind])
    with audit_events(caplog):
        response = sign_in(client, itsme)
    assert response.status_code == 403
    assert "konden niet controleren wie je bent" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get("/mijn/").status_code == 302
    assert not Resident.objects.exists()
    text = audit_text(caplog)
    assert "sign_in.failed reason=token_invalid" in text and EXPECTED_DETAIL[kind] in text
    assert_no_secrets_in(text, NUMBER)


@pytest.mark.parametrize("target", ["id_token", "userinfo"])
def test_the_tampering_hook_alone_changes_nothing(target, client, itsme, demo_registry, monkeypatch):
    """Wrapped again correctly (our key, its kid, RSA-OAEP-256), the same tokens pass: the hooks are sound."""
    hook = tamper_id_token if target == "id_token" else tamper_userinfo
    hook(monkeypatch, itsme, rewrapped_correctly)
    response = sign_in(client, itsme)
    assert response.status_code == 302 and response["Location"] == "/mijn/"
    assert Resident.objects.count() == 1
