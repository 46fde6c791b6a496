"""Helpers for the tests of itsme's full profile against the certified provider (tests/fixtures/oidc_provider.py)."""
import logging
from contextlib import contextmanager
from urllib.parse import parse_qs, urlsplit

import pytest
from jwcrypto import jwk

from tests.fixtures.oidc_provider import ACR_ADVANCED, NRN_CLAIM

from .oidc_helpers import come_back, start


@pytest.fixture
def itsme(settings, oidc_provider):
    """The portal configured by the issue's variables alone, for the provider the test session started."""
    settings.OIDC_OP_ISSUER = oidc_provider.issuer
    settings.OIDC_RP_CLIENT_ID = oidc_provider.client_id
    settings.OIDC_RP_CLIENT_SECRET = ""
    settings.OIDC_RP_CLIENT_AUTH_METHOD = "private_key_jwt"
    settings.OIDC_TOKEN_USE_BASIC_AUTH = False
    settings.OIDC_RP_PRIVATE_JWKS_FILE = str(oidc_provider.key_file)
    settings.OIDC_RP_REQUEST_OBJECT = "signed_encrypted"
    settings.OIDC_RP_REQUIRE_ENCRYPTED_TOKENS = True
    settings.OIDC_RP_SCOPES = "openid profile eid"
    settings.OIDC_NRN_CLAIM = [NRN_CLAIM]
    settings.OIDC_RP_CLAIMS = {"id_token": {NRN_CLAIM: {"essential": True}},
                               "userinfo": {NRN_CLAIM: {"essential": True}}}
    settings.OIDC_MIN_ACR = [ACR_ADVANCED]
    return oidc_provider


def sign_in(client, provider):
    """The whole flow: portal → provider → portal; returns the portal's answer to the callback."""
    return come_back(client, provider.browse(start(client)))


def query(url: str) -> dict:
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}


def rp_key(provider, use: str, index: int = 0) -> jwk.JWK:
    """One of our private keys from the key file (index 0 is the newest of that use)."""
    raws = [raw for raw in provider.rp_raw_keys() if raw["use"] == use]
    raw = {k: v for k, v in raws[index].items() if k not in ("active_from", "retire_after")}
    return jwk.JWK(**raw)


@contextmanager
def audit_events(caplog):
    with caplog.at_level(logging.INFO, logger="thuisloket.audit"):
        yield
    assert caplog.records, "no audit event was logged"


def audit_text(caplog) -> str:
    return "\n".join(record.getMessage() for record in caplog.records if record.name == "thuisloket.audit")


def assert_no_secrets_in(text: str, *secrets: str) -> None:
    for secret in secrets:
        assert secret not in text
    # No compact JWT/JWE either (base64url of '{"' begins every header).
    assert "eyJ" not in text
