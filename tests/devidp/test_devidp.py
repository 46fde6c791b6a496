"""The development OpenID provider, driven over HTTP like the portal and a browser would."""

import re
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests
from stdnum.be import bis, nn

from devidp.profiles import ITSME_ACR_ADVANCED, ITSME_ACR_BASIC, ITSME_NRN_CLAIM
from tests.fixtures.devidp import (
    CLIENT_ID,
    INVALID_NATIONAL_NUMBER,
    INVALID_NRN_KEY,
    NO_NRN_KEY,
    DevIdpError,
    pkce_pair,
)

REDIRECT_URI = "http://testserver/oidc/callback/"
NRN_CLAIMS = {"fas": "egovNRN", "itsme": ITSME_NRN_CLAIM, "vlaanderen": "rrn"}
ACR = {
    ("fas", "eid"): "urn:be:fedict:iam:fas:Level500",
    ("fas", "itsme"): "urn:be:fedict:iam:fas:Level450",
    ("fas", "app"): "urn:be:fedict:iam:fas:Level400",
    ("fas", "password"): "urn:be:fedict:iam:fas:Level200",
    ("itsme", "eid"): ITSME_ACR_ADVANCED,
    ("itsme", "itsme"): ITSME_ACR_ADVANCED,
    ("itsme", "app"): ITSME_ACR_BASIC,
    ("vlaanderen", "eid"): "urn:be:vlaanderen:authmech:eid",
    ("vlaanderen", "itsme"): "urn:be:vlaanderen:authmech:itsme",
    ("vlaanderen", "app"): "urn:be:vlaanderen:authmech:csamtotp",
    ("vlaanderen", "password"): "urn:be:vlaanderen:authmech:csampassword",
}
AMR = {"eid": ["eid"], "itsme": ["bmid"], "app": ["otp"], "password": ["pwd"]}


def query(url: str) -> dict:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def first_persona():
    from registry.demo import sign_in_personas

    return sign_in_personas()[0]


def sign_in_and_get_tokens(devidp, *, scope="openid profile egovnrn eid rrn", nonce="n-123", **choice):
    verifier, challenge = pkce_pair()
    url = devidp.authorize_url(
        redirect_uri=REDIRECT_URI, scope=scope, state="s-123", nonce=nonce, code_challenge=challenge
    )
    callback = devidp.sign_in(requests.Session(), url, **choice)
    params = query(callback)
    assert callback.startswith(REDIRECT_URI), callback
    assert params["state"] == "s-123"
    assert params["iss"] == devidp.issuer
    response = devidp.exchange_code(params["code"], code_verifier=verifier, redirect_uri=REDIRECT_URI)
    assert response.status_code == 200, response.text
    return response.json()


def verified_claims(devidp, id_token: str) -> dict:
    signing_key = jwt.PyJWKClient(devidp.discovery["jwks_uri"]).get_signing_key_from_jwt(id_token)
    return jwt.decode(
        id_token, signing_key.key, algorithms=["RS256"], audience=devidp.client_id, issuer=devidp.issuer
    )


def test_discovery_lists_the_endpoints_and_s256_only(devidp):
    discovery = devidp.discovery
    assert discovery["issuer"] == devidp.issuer == f"{devidp.url}/o"
    for endpoint in (
        "authorization_endpoint",
        "token_endpoint",
        "userinfo_endpoint",
        "jwks_uri",
        "end_session_endpoint",
    ):
        assert discovery[endpoint].startswith(devidp.issuer + "/"), endpoint
    assert discovery["code_challenge_methods_supported"] == ["S256"]
    assert discovery["response_types_supported"] == ["code"]
    assert "RS256" in discovery["id_token_signing_alg_values_supported"]
    assert {"egovnrn", "eid", "rrn"} <= set(discovery["scopes_supported"])
    assert {"egovNRN", "rrn", ITSME_NRN_CLAIM, "acr", "amr"} <= set(discovery["claims_supported"])


@pytest.mark.parametrize(("profile", "means"), sorted(ACR))
def test_code_flow_gives_verified_id_token_with_profile_claims(devidp, profile, means):
    persona = first_persona()
    tokens = sign_in_and_get_tokens(devidp, persona_index=0, profile=profile, means=means)
    claims = verified_claims(devidp, tokens["id_token"])

    assert claims["nonce"] == "n-123"
    assert claims[NRN_CLAIMS[profile]] == persona["national_number"]
    assert not ({*NRN_CLAIMS.values()} - {NRN_CLAIMS[profile]}) & set(claims)
    assert claims["acr"] == ACR[profile, means]
    assert claims["amr"] == AMR[means]
    assert claims["given_name"] == persona["given_name"]
    assert claims["family_name"] == persona["family_name"]
    assert isinstance(claims["auth_time"], int)
    assert persona["national_number"] not in claims["sub"]
    if profile == "fas":
        assert (claims["givenName"], claims["surname"]) == (persona["given_name"], persona["family_name"])

    userinfo = requests.get(
        devidp.discovery["userinfo_endpoint"],
        timeout=10,
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
    )
    assert userinfo.status_code == 200, userinfo.text
    info = userinfo.json()
    assert info["sub"] == claims["sub"]
    assert info[NRN_CLAIMS[profile]] == persona["national_number"]
    assert info["acr"] == ACR[profile, means]


def test_itsme_profile_refuses_password_sign_in(devidp):
    _, challenge = pkce_pair()
    url = devidp.authorize_url(redirect_uri=REDIRECT_URI, code_challenge=challenge)
    with pytest.raises(DevIdpError, match="kent geen aanmelding met"):
        devidp.sign_in(requests.Session(), url, profile="itsme", means="password")


def test_national_number_claim_needs_its_scope_when_nrn_scopes_are_used(devidp):
    # A client that asks for the Flemish scope does not get FAS's egovNRN, as with the real IdPs.
    claims = verified_claims(
        devidp, sign_in_and_get_tokens(devidp, scope="openid profile rrn", profile="fas")["id_token"]
    )
    assert not {"egovNRN", "rrn", ITSME_NRN_CLAIM} & set(claims)
    assert claims["acr"] == ACR["fas", "eid"]
    claims = verified_claims(
        devidp, sign_in_and_get_tokens(devidp, scope="openid profile rrn", profile="vlaanderen")["id_token"]
    )
    assert claims["rrn"] == first_persona()["national_number"]


def test_client_without_nrn_scopes_still_gets_the_number(devidp):
    # Development convenience: the portal's default "openid profile" works with every profile.
    tokens = sign_in_and_get_tokens(devidp, scope="openid profile", profile="itsme", means="itsme")
    claims = verified_claims(devidp, tokens["id_token"])
    assert claims[ITSME_NRN_CLAIM] == first_persona()["national_number"]
    info = requests.get(
        devidp.discovery["userinfo_endpoint"],
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
        timeout=10,
    ).json()
    assert info[ITSME_NRN_CLAIM] == first_persona()["national_number"]


def test_sign_in_by_national_number(devidp):
    from registry.demo import sign_in_personas

    number = sign_in_personas()[1]["national_number"]
    claims = verified_claims(devidp, sign_in_and_get_tokens(devidp, national_number=number)["id_token"])
    assert claims["egovNRN"] == number


def test_sub_is_stable_per_persona_and_differs_per_profile_and_client(devidp):
    def sub(**choice):
        return verified_claims(devidp, sign_in_and_get_tokens(devidp, **choice)["id_token"])["sub"]

    fas = sub(profile="fas", means="eid")
    assert sub(profile="fas", means="itsme") == fas
    assert sub(profile="itsme", means="itsme") != fas
    assert sub(persona_index=1) != fas

    devidp.setup(f"--redirect-uri={REDIRECT_URI}", client_id="other-client", client_secret="other-secret")
    verifier, challenge = pkce_pair()
    url = devidp.authorize_url(redirect_uri=REDIRECT_URI, client_id="other-client", code_challenge=challenge)
    code = query(devidp.sign_in(requests.Session(), url))["code"]
    response = devidp.exchange_code(
        code,
        code_verifier=verifier,
        redirect_uri=REDIRECT_URI,
        client_id="other-client",
        client_secret="other-secret",
    )
    other = jwt.decode(response.json()["id_token"], options={"verify_signature": False})
    assert other["aud"] == "other-client"
    assert other["sub"] != fas


def test_test_identity_without_national_number(devidp):
    tokens = sign_in_and_get_tokens(devidp, persona=NO_NRN_KEY, profile="vlaanderen")
    claims = verified_claims(devidp, tokens["id_token"])
    assert not {"rrn", "egovNRN", ITSME_NRN_CLAIM} & set(claims)
    assert claims["acr"] == ACR["vlaanderen", "eid"]


@pytest.mark.parametrize("profile", ["fas", "itsme", "vlaanderen"])
def test_test_identity_with_invalid_national_number(devidp, profile):
    claims = verified_claims(
        devidp, sign_in_and_get_tokens(devidp, persona=INVALID_NRN_KEY, profile=profile)["id_token"]
    )
    number = claims[NRN_CLAIMS[profile]]
    assert number == INVALID_NATIONAL_NUMBER
    assert re.fullmatch(r"\d{11}", number)
    assert not nn.is_valid(number) and not bis.is_valid(number)


def test_token_request_without_or_with_wrong_code_verifier_is_refused(devidp):
    for verifier in (None, "wrong-" + "x" * 50):
        _, challenge = pkce_pair()
        url = devidp.authorize_url(redirect_uri=REDIRECT_URI, code_challenge=challenge)
        code = query(devidp.sign_in(requests.Session(), url))["code"]
        response = devidp.exchange_code(code, code_verifier=verifier, redirect_uri=REDIRECT_URI)
        assert response.status_code == 400, response.text
        assert response.json()["error"] in {"invalid_request", "invalid_grant"}
        assert "id_token" not in response.json()


def test_code_cannot_be_used_twice(devidp):
    verifier, challenge = pkce_pair()
    url = devidp.authorize_url(redirect_uri=REDIRECT_URI, code_challenge=challenge)
    code = query(devidp.sign_in(requests.Session(), url))["code"]
    assert devidp.exchange_code(code, code_verifier=verifier, redirect_uri=REDIRECT_URI).status_code == 200
    assert devidp.exchange_code(code, code_verifier=verifier, redirect_uri=REDIRECT_URI).status_code == 400


def test_authorization_without_pkce_is_refused(devidp):
    url = devidp.authorize_url(redirect_uri=REDIRECT_URI, code_challenge=None)
    params = query(devidp.sign_in(requests.Session(), url))
    assert params["error"] == "invalid_request"
    assert "code" not in params


def test_pkce_plain_is_refused(devidp):
    verifier = "plain-verifier-" + "x" * 40
    url = devidp.authorize_url(
        redirect_uri=REDIRECT_URI, code_challenge=verifier, code_challenge_method="plain"
    )
    callback = devidp.sign_in(requests.Session(), url)
    params = query(callback)
    assert params.get("error") == "invalid_request", callback
    assert "code" not in params


def test_cancel_returns_access_denied_with_state(devidp):
    _, challenge = pkce_pair()
    url = devidp.authorize_url(redirect_uri=REDIRECT_URI, state="cancel-state", code_challenge=challenge)
    callback = devidp.sign_in(requests.Session(), url, cancel=True)
    assert callback.startswith(REDIRECT_URI)
    params = query(callback)
    assert params["error"] == "access_denied"
    assert params["state"] == "cancel-state"
    assert "code" not in params


def test_unregistered_redirect_uri_is_never_redirected_to(devidp):
    _, challenge = pkce_pair()
    url = devidp.authorize_url(redirect_uri="https://evil.example/cb", code_challenge=challenge)
    with pytest.raises(DevIdpError) as refused:
        devidp.sign_in(requests.Session(), url)
    assert "evil.example" not in str(refused.value).split(":", 1)[0]
    with pytest.raises(DevIdpError, match="niet geregistreerd"):
        devidp.sign_in(requests.Session(), url, cancel=True)


def test_cancel_refuses_a_forged_next(devidp):
    session = requests.Session()
    page = session.get(f"{devidp.url}/login/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    for forged in (
        "https://evil.example/o/authorize/?client_id=thuisloket-test&redirect_uri=https://evil.example/",
        f"/o/authorize/?client_id={CLIENT_ID}&redirect_uri=https://evil.example/cb&state=x",
    ):
        response = session.post(
            f"{devidp.url}/login/",
            data={"csrfmiddlewaretoken": token, "next": forged, "cancel": "1"},
            allow_redirects=False,
            timeout=10,
        )
        assert response.status_code == 400
        assert "Location" not in response.headers


def test_every_authorization_asks_for_a_choice_again(devidp):
    session = requests.Session()
    _, challenge = pkce_pair()
    url = devidp.authorize_url(redirect_uri=REDIRECT_URI, code_challenge=challenge)
    assert "code" in query(devidp.sign_in(session, url, profile="fas"))
    callback = devidp.sign_in(session, url, profile="vlaanderen", means="app")
    assert "code" in query(callback)


def test_rp_initiated_logout_redirects_to_registered_uri_with_state(devidp):
    session = requests.Session()
    verifier, challenge = pkce_pair()
    url = devidp.authorize_url(redirect_uri=REDIRECT_URI, code_challenge=challenge)
    code = query(devidp.sign_in(session, url))["code"]
    id_token = devidp.exchange_code(code, code_verifier=verifier, redirect_uri=REDIRECT_URI).json()[
        "id_token"
    ]
    response = session.get(
        devidp.discovery["end_session_endpoint"],
        allow_redirects=False,
        timeout=10,
        params={
            "id_token_hint": id_token,
            "post_logout_redirect_uri": "http://testserver/",
            "state": "bye",
            "client_id": CLIENT_ID,
        },
    )
    assert response.status_code == 302, response.text[:500]
    assert response.headers["Location"].startswith("http://testserver/")
    assert query(response.headers["Location"])["state"] == "bye"

    response = session.get(
        devidp.discovery["end_session_endpoint"],
        allow_redirects=False,
        timeout=10,
        params={
            "id_token_hint": id_token,
            "post_logout_redirect_uri": "https://evil.example/",
        },
    )
    assert not response.headers.get("Location", "").startswith("https://evil.example")


def test_login_page_is_accessible_plain_html(devidp):
    page = requests.get(f"{devidp.url}/login/", timeout=10).text
    assert '<html lang="nl">' in page
    assert "Ontwikkel-identiteitsprovider — niet voor productie" in page
    assert "<script" not in page and "<style" not in page and " style=" not in page
    assert page.count("<fieldset") == 3 and page.count("<legend") == 3
    ids = re.findall(r'<input[^>]*type="radio"[^>]*id="([^"]+)"', page)
    assert ids
    for input_id in ids:
        assert f'for="{input_id}"' in page, input_id
    for label in (
        "eID-kaartlezer",
        "itsme",
        "CSAM TOTP",
        "Gebruikersnaam en wachtwoord",
        "Testpersoon zonder rijksregisternummer",
        "Testpersoon met ongeldig rijksregisternummer",
        "Annuleren",
    ):
        assert label in page, label
