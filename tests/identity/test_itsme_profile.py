"""itsme's full OpenID profile, signed in for real at a certified provider nobody on the project wrote.

panva's oidc-provider (npm, started by tests/fixtures/oidc_provider.py) requires private_key_jwt client
authentication and a signed-then-encrypted request object, and sends signed-then-encrypted ID tokens and
userinfo. The portal is configured with the issue's environment variables only (the ``itsme`` fixture).
"""
import json
import time

import jwt
import pytest
import requests
from jwcrypto import jwe, jwk, jws

from identity.models import Resident
from registry.demo import sign_in_personas
from tests.fixtures.oidc_provider import ACR_ADVANCED, NRN_CLAIM

from .itsme_helpers import assert_no_secrets_in, audit_events, audit_text, itsme, query, rp_key, sign_in  # noqa: F401
from .oidc_helpers import come_back, start

pytestmark = pytest.mark.django_db
NUMBER = sign_in_personas()[0]["national_number"]


@pytest.fixture
def token_requests(monkeypatch):
    """Every form the portal posts to a token endpoint, and the provider's answer, as they pass."""
    seen = []
    real_post = requests.post

    def post(url, data=None, **kwargs):
        response = real_post(url, data=data, **kwargs)
        seen.append({"url": url, "data": dict(data or {}), "auth": kwargs.get("auth"), "response": response})
        return response

    monkeypatch.setattr(requests, "post", post)
    return seen


def test_the_authorization_request_is_a_signed_then_encrypted_request_object(client, itsme):
    location = start(client)
    plain = query(location)
    assert set(plain) == {"response_type", "client_id", "scope", "redirect_uri", "request"}
    header = json.loads(jwt.utils.base64url_decode(plain["request"].split(".")[0]))
    assert header["alg"] == "RSA-OAEP-256" and header["kid"] == "op-enc"
    assert header["enc"] in itsme.discovery["request_object_encryption_enc_values_supported"]
    envelope = jwe.JWE()
    envelope.deserialize(plain["request"], key=itsme.enc_key)  # only the provider's enc key opens it
    signed = jws.JWS()
    signed.deserialize(envelope.payload.decode())
    signed.verify(rp_key(itsme, "sig", 1))  # the older signing key signs until the rotation's overlap ends
    claims = json.loads(signed.payload)
    assert claims["iss"] == itsme.client_id and claims["aud"] == itsme.issuer
    assert claims["exp"] > time.time() and claims["jti"]
    state = claims["state"]
    stored = client.session["oidc_states"][state]
    assert claims["nonce"] == stored["nonce"]
    assert claims["code_challenge"] and claims["code_challenge_method"] == "S256"
    assert claims["acr_values"] == ACR_ADVANCED
    assert json.loads(claims["claims"])["id_token"][NRN_CLAIM] == {"essential": True}
    for name in ("response_type", "client_id", "scope", "redirect_uri"):
        assert claims[name] == plain[name]  # the plain query matches the request object


def test_a_resident_signs_in_with_the_full_profile(client, itsme, demo_registry, token_requests, caplog):
    with audit_events(caplog):
        response = sign_in(client, itsme)
    assert response.status_code == 302, itsme.log()[-2000:]
    assert response["Location"] == "/mijn/"
    resident = Resident.objects.get()
    assert resident.national_number == NUMBER
    assert client.get("/mijn/gegevens/").status_code == 200
    assert "sign_in.failed" not in audit_text(caplog)

    (token_call,) = [call for call in token_requests if call["url"] == itsme.discovery["token_endpoint"]]
    form = token_call["data"]
    assert "client_secret" not in form and token_call["auth"] is None
    assert form["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
    public_sig = jwt.PyJWK(rp_key(itsme, "sig", 1).export_public(as_dict=True)).key
    assertion = jwt.decode(form["client_assertion"], public_sig, algorithms=["RS256"],
                           audience=itsme.discovery["token_endpoint"])
    assert assertion["iss"] == assertion["sub"] == itsme.client_id
    assert assertion["jti"] and assertion["exp"] - time.time() <= 120
    id_token = token_call["response"].json()["id_token"]
    assert id_token.count(".") == 4  # the provider really encrypted it
    # What the session keeps for the logout's id_token_hint is the signed token inside, not the envelope.
    assert client.session["oidc_id_token"].count(".") == 2


def test_a_client_assertion_is_never_reused(client, itsme, demo_registry, token_requests):
    sign_in(client, itsme)
    client.logout()
    sign_in(client, itsme)
    assertions = [call["data"]["client_assertion"] for call in token_requests if "client_assertion" in call["data"]]
    ids = {jwt.decode(a, options={"verify_signature": False})["jti"] for a in assertions}
    assert len(assertions) == 2 and len(ids) == 2


def test_a_replayed_client_assertion_is_refused(client, itsme, demo_registry, token_requests, monkeypatch, caplog):
    sign_in(client, itsme)
    captured = token_requests[-1]["data"]["client_assertion"]
    client.logout()
    real_post = requests.post

    def replay(url, data=None, **kwargs):
        data = {**(data or {}), "client_assertion": captured}
        return real_post(url, data=data, **kwargs)

    monkeypatch.setattr(requests, "post", replay)
    with audit_events(caplog):
        response = sign_in(client, itsme)
    assert response.status_code == 502
    assert "_auth_user_id" not in client.session
    text = audit_text(caplog)
    assert "reason=idp_error" in text and "invalid_client" in text
    assert_no_secrets_in(text, NUMBER)


def test_signed_only_tokens_are_refused_when_encryption_is_required(client, itsme, settings, caplog):
    settings.OIDC_RP_CLIENT_ID = itsme.signed_only_client_id
    with audit_events(caplog):
        response = sign_in(client, itsme)
    assert response.status_code == 403
    assert "konden niet controleren wie je bent" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not Resident.objects.exists()
    text = audit_text(caplog)
    assert "reason=token_invalid" in text and "not encrypted while encryption is required" in text
    assert_no_secrets_in(text, NUMBER)


def test_signed_only_tokens_pass_when_encryption_is_not_required(client, itsme, settings, demo_registry):
    settings.OIDC_RP_CLIENT_ID = itsme.signed_only_client_id
    settings.OIDC_RP_REQUIRE_ENCRYPTED_TOKENS = False
    response = sign_in(client, itsme)
    assert response.status_code == 302 and response["Location"] == "/mijn/"


def test_a_request_object_the_provider_cannot_decrypt_fails_cleanly(client, itsme, monkeypatch, caplog):
    from identity.oidc import jose  # here: the module whose function this test replaces

    attacker = jwk.JWK.generate(kty="RSA", size=2048, kid="op-enc", use="enc")
    monkeypatch.setattr(jose, "provider_encryption_key", lambda op_jwks: attacker)
    with audit_events(caplog):
        authorize_url = start(client)
        callback = itsme.browse(authorize_url)
        assert query(callback)["error"] == "invalid_request_object"
        response = come_back(client, callback)
    assert response.status_code == 502
    assert "reason=idp_error detail=provider error invalid_request_object" in audit_text(caplog)
    assert "_auth_user_id" not in client.session


def test_our_public_jwks_has_no_private_member_and_may_be_cached(client, itsme):
    response = client.get("/oidc/jwks/")
    assert response.status_code == 200
    assert "max-age=" in response["Cache-Control"]
    keys = response.json()["keys"]
    assert {key["use"] for key in keys} == {"sig", "enc"} and len(keys) == 4  # two of each during a rotation
    for key in keys:
        assert set(key) <= {"kty", "kid", "use", "alg", "n", "e"}
    body = response.content.decode()
    for private in ('"d"', '"p"', '"q"', '"dp"', '"dq"', '"qi"', "retire_after", "active_from"):
        assert private not in body


def test_no_public_jwks_without_a_key_file(client, settings):
    settings.OIDC_RP_PRIVATE_JWKS_FILE = ""
    assert client.get("/oidc/jwks/").status_code == 404



def test_a_signed_only_request_object_when_so_configured(client, itsme, settings):
    settings.OIDC_RP_REQUEST_OBJECT = "signed"
    request_object = query(start(client))["request"]
    assert request_object.count(".") == 2
    signed = jws.JWS()
    signed.deserialize(request_object)
    signed.verify(rp_key(itsme, "sig", 1))
    assert json.loads(signed.payload)["aud"] == itsme.issuer
