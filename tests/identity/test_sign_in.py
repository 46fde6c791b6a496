"""Resident sign-in, driven through the real authorization-code flow against the development provider.

The provider runs as its own process (tests/fixtures/devidp.py); the portal is driven by Django's test
client. Nothing in the flow is patched: tampering tests take the provider's real token response and
change it the way an attacker would, before the portal sees it.
"""
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from identity.models import Resident
from registry.demo import sign_in_personas

from .oidc_helpers import come_back, sign_in, start

pytestmark = pytest.mark.django_db
PERSONAS = sign_in_personas()


def test_authorization_request_uses_pkce_state_and_nonce(client, oidc):
    query = parse_qs(urlsplit(start(client)).query)
    assert query["response_type"] == ["code"]
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) >= 43
    assert query["state"][0] and query["nonce"][0]
    assert query["client_id"] == [oidc.client_id]


@pytest.mark.parametrize("profile", ["fas", "itsme", "vlaanderen"])
def test_resident_signs_in_with_eid_and_sees_own_register_data(client, oidc, demo_registry, profile):
    persona = PERSONAS[0]
    response, _ = sign_in(client, oidc, national_number=persona["national_number"], means="eid", profile=profile)
    assert response.status_code == 302
    assert response["Location"] == "/mijn/"
    resident = Resident.objects.get()
    assert resident.national_number == persona["national_number"]
    assert persona["national_number"] not in resident.user.username
    page = client.get("/mijn/gegevens/")
    assert page.status_code == 200
    assert persona["family_name"] in page.content.decode()
    assert page["Cache-Control"].startswith("max-age=0") or "no-cache" in page["Cache-Control"]


def test_the_same_person_keeps_one_account_whatever_the_means_or_provider(client, oidc, demo_registry):
    number = PERSONAS[1]["national_number"]
    sign_in(client, oidc, national_number=number, means="eid", profile="fas")
    client.logout()
    sign_in(client, oidc, national_number=number, means="itsme", profile="itsme")
    assert Resident.objects.count() == 1


def test_a_too_weak_means_is_refused_with_a_clear_page_and_no_session(client, oidc):
    response, _ = sign_in(client, oidc, national_number=PERSONAS[0]["national_number"], means="password",
                          profile="fas")
    assert response.status_code == 403
    assert "niet veilig genoeg" in response.content.decode()
    assert "Opnieuw aanmelden" in response.content.decode()
    assert client.get("/mijn/").status_code == 302  # still signed out
    assert not Resident.objects.exists()


def test_missing_national_number_is_refused(client, oidc):
    response, _ = sign_in(client, oidc, persona="zonder-rrn", means="eid", profile="fas")
    assert response.status_code == 403
    assert "rijksregisternummer niet" in response.content.decode()
    assert not Resident.objects.exists()


def test_invalid_national_number_is_refused(client, oidc):
    response, _ = sign_in(client, oidc, persona="ongeldig-rrn", means="eid", profile="vlaanderen")
    assert response.status_code == 403
    assert "niet geldig" in response.content.decode()
    assert not Resident.objects.exists()


def test_cancelled_sign_in_is_a_clear_page_with_a_way_back(client, oidc):
    response, callback = sign_in(client, oidc, cancel=True)
    assert "error=access_denied" in callback
    assert response.status_code == 400
    assert "afgebroken" in response.content.decode()
    assert 'href="/aanmelden/"' in response.content.decode()


def test_an_identity_provider_error_code_is_a_clear_page(client, oidc):
    authorize_url = start(client)
    state = parse_qs(urlsplit(authorize_url).query)["state"][0]
    response = client.get("/oidc/callback/", {"error": "server_error", "state": state})
    assert response.status_code == 502
    assert "niet gelukt" in response.content.decode()


def test_back_button_after_signing_in_goes_on_to_the_dashboard(client, oidc, demo_registry):
    response, callback = sign_in(client, oidc, national_number=PERSONAS[0]["national_number"])
    assert response.status_code == 302
    again = come_back(client, callback)
    assert again.status_code == 302 and again["Location"] == "/mijn/"


def test_a_replayed_or_restored_callback_is_refused_kindly(client, oidc, demo_registry):
    _, callback = sign_in(client, oidc, national_number=PERSONAS[0]["national_number"])
    from django.test import Client

    stranger = Client()
    response = come_back(stranger, callback)
    assert response.status_code == 400
    assert "verlopen of al gebruikt" in response.content.decode()
    assert stranger.get("/mijn/").status_code == 302


def test_callback_without_anything_is_not_a_server_error(client, oidc):
    response = client.get("/oidc/callback/")
    assert response.status_code == 400


def test_unreachable_provider_is_a_clear_page(client, settings):
    settings.OIDC_OP_ISSUER = "http://127.0.0.1:9/o"  # nothing listens on the discard port
    response = client.get("/oidc/authenticate/")
    assert response.status_code == 503
    assert "lukt nu even niet" in response.content.decode()


def test_sign_in_returns_to_the_page_asked_for(client, oidc, demo_registry):
    authorize_url = start(client, next_url="/mijn/raadplegingen/")
    callback = oidc.sign_in(requests.Session(), authorize_url, national_number=PERSONAS[0]["national_number"])
    assert come_back(client, callback)["Location"] == "/mijn/raadplegingen/"


def test_sign_out_is_a_post_and_ends_the_session_at_the_provider(client, oidc, demo_registry):
    sign_in(client, oidc, national_number=PERSONAS[0]["national_number"])
    assert client.get("/afmelden/").status_code == 405
    response = client.post("/afmelden/")
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    end_session = urlsplit(oidc.discovery["end_session_endpoint"])
    assert (location.netloc, location.path) == (end_session.netloc, end_session.path)
    query = parse_qs(location.query)
    assert query["id_token_hint"][0]
    assert query["post_logout_redirect_uri"] == ["http://testserver/"]
    assert client.get("/mijn/").status_code == 302
    # The provider accepts the logout request and sends the browser back to the portal.
    answer = requests.get(response["Location"], allow_redirects=False, timeout=10)
    assert answer.status_code in {200, 302}


@pytest.mark.parametrize("method", ["client_secret_post", "client_secret_basic"])
def test_both_client_secret_methods_sign_in(method, client, oidc, demo_registry, settings, monkeypatch):
    """OIDC_RP_CLIENT_AUTH_METHOD (or OIDC_TOKEN_USE_BASIC_AUTH) picks where the secret goes."""
    settings.OIDC_RP_CLIENT_AUTH_METHOD = method
    settings.OIDC_TOKEN_USE_BASIC_AUTH = method == "client_secret_basic"
    forms = []
    real_post = requests.post

    def post(url, data=None, **kwargs):
        forms.append((dict(data or {}), kwargs.get("auth")))
        return real_post(url, data=data, **kwargs)

    monkeypatch.setattr(requests, "post", post)
    response, _ = sign_in(client, oidc, national_number=PERSONAS[0]["national_number"])
    assert response.status_code == 302 and response["Location"] == "/mijn/"
    ((form, auth),) = forms
    assert ("client_secret" in form) == (method == "client_secret_post")
    assert (auth is not None) == (method == "client_secret_basic")
    assert "client_assertion" not in form
