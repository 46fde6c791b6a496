"""The development provider's "itsme (volledig profiel)" client: what `./thuisloket up --itsme` shows.

The provider (a real process) reads our public keys from a JWKS URL, as it reads the portal's /oidc/jwks/
in the quick start; here a small HTTP server serves the same document.
"""
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from django.core.management import call_command

from identity.models import Resident
from identity.oidc import rp_keys
from registry.demo import sign_in_personas
from tests.fixtures.oidc_provider import NRN_CLAIM, free_port
from tests.identity.oidc_helpers import come_back, start

pytestmark = pytest.mark.django_db
CLIENT_ID = "thuisloket-itsme-test"
NUMBER = sign_in_personas()[0]["national_number"]


@pytest.fixture(scope="module")
def rp_key_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("rp") / "keys.json"
    call_command("oidc_rp_keys", "create", file=str(path), bits=2048, stdout=open(os.devnull, "w"))
    return path


@pytest.fixture(scope="module")
def jwks_uri(rp_key_file):
    body = json.dumps({"keys": rp_keys.select(rp_keys.read_key_file(rp_key_file)).published}).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the http.server name)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            """Quiet: the test reads what was served, not the server's access log."""

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/oidc/jwks/"
    server.shutdown()


@pytest.fixture
def full_profile(settings, devidp, jwks_uri, rp_key_file):
    devidp.manage("devidp_setup", "--no-migrate", f"--client-id={CLIENT_ID}", "--client-secret=never-used-secret",
                  "--full-profile", f"--jwks-uri={jwks_uri}", "--redirect-uri=http://testserver/oidc/callback/")
    settings.OIDC_OP_ISSUER = devidp.issuer
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = ""
    settings.OIDC_RP_CLIENT_AUTH_METHOD = "private_key_jwt"
    settings.OIDC_TOKEN_USE_BASIC_AUTH = False
    settings.OIDC_RP_PRIVATE_JWKS_FILE = str(rp_key_file)
    settings.OIDC_RP_REQUEST_OBJECT = "signed_encrypted"
    settings.OIDC_RP_REQUIRE_ENCRYPTED_TOKENS = True
    settings.OIDC_RP_SCOPES = "openid profile eid"
    settings.OIDC_NRN_CLAIM = [NRN_CLAIM]
    # What `./thuisloket up --itsme` gets by default with itsme's claim alone (portal.settings.oidc).
    settings.OIDC_RP_CLAIMS = {"id_token": {NRN_CLAIM: {"essential": True}},
                               "userinfo": {NRN_CLAIM: {"essential": True}}}
    return devidp


def test_the_provider_publishes_an_encryption_key(full_profile):
    keys = requests.get(full_profile.discovery["jwks_uri"], timeout=5).json()["keys"]
    assert {key.get("use") for key in keys} == {"sig", "enc"}
    assert all("d" not in key for key in keys)


def test_a_resident_signs_in_with_itsme_full_profile_at_the_development_provider(client, full_profile,
                                                                                   demo_registry):
    session = requests.Session()
    login_page = session.get(start(client), timeout=10)
    assert "itsme (volledig profiel)" in login_page.text  # the provider says it opened the request object
    callback = full_profile.sign_in(session, start(client), national_number=NUMBER, means="itsme",
                                    profile="itsme")
    response = come_back(client, callback)
    assert response.status_code == 302 and response["Location"] == "/mijn/"
    assert Resident.objects.get().national_number == NUMBER
    log = full_profile.log_path.read_text()
    assert "request object of thuisloket-itsme-test decrypted" in log
    assert "authenticated with private_key_jwt" in log
    assert "ID token for thuisloket-itsme-test signed and encrypted" in log
    assert "userinfo for thuisloket-itsme-test signed and encrypted" in log


def test_the_full_profile_client_cannot_do_without_the_request_object(client, full_profile, settings):
    settings.OIDC_RP_REQUEST_OBJECT = "none"
    page = requests.get(start(client), timeout=10)
    assert page.status_code == 400
    assert "requires an encrypted request object" in page.text


def test_the_full_profile_client_cannot_use_a_client_secret(full_profile):
    answer = requests.post(full_profile.discovery["token_endpoint"], timeout=10, data={
        "grant_type": "authorization_code", "code": "x", "redirect_uri": "http://testserver/oidc/callback/",
        "client_id": CLIENT_ID, "client_secret": "never-used-secret"})
    assert answer.status_code == 401 and answer.json()["error"] == "invalid_client"
