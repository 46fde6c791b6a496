"""The claim shapes of the three real identity providers a Flemish city may use.

One table so that the login page, the validator and the tests agree on every value.
"""

import hashlib
import hmac
from dataclasses import dataclass

ITSME_NRN_CLAIM = "http://itsme.services/v2/claim/BENationalNumber"
ITSME_ACR_ADVANCED = "http://itsme.services/v2/claim/acr_advanced"
ITSME_ACR_BASIC = "http://itsme.services/v2/claim/acr_basic"

MEANS = {
    "eid": "eID-kaartlezer",
    "itsme": "itsme",
    "app": "Mobiele app met beveiligingscode (CSAM TOTP)",
    "password": "Gebruikersnaam en wachtwoord",
}

# RFC 8176-style method references; "bmid" (Belgian Mobile ID) is what FAS sends for itsme.
AMR = {"eid": ["eid"], "itsme": ["bmid"], "app": ["otp"], "password": ["pwd"]}


@dataclass(frozen=True)
class Profile:
    key: str
    label: str
    nrn_claim: str
    nrn_scope: str
    acr: dict  # means -> acr; a means missing here is refused on the login page
    note: str


PROFILES = {
    "fas": Profile(
        key="fas",
        label="FAS / CSAM (federale overheid)",
        nrn_claim="egovNRN",
        nrn_scope="egovnrn",
        acr={
            "eid": "urn:be:fedict:iam:fas:Level500",
            "itsme": "urn:be:fedict:iam:fas:Level450",
            "app": "urn:be:fedict:iam:fas:Level400",
            "password": "urn:be:fedict:iam:fas:Level200",
        },
        note="Rijksregisternummer in egovNRN (scope egovnrn); namen ook in givenName en surname.",
    ),
    "itsme": Profile(
        key="itsme",
        label="itsme (Belgian Mobile ID)",
        nrn_claim=ITSME_NRN_CLAIM,
        nrn_scope="eid",
        # itsme has no low level: a password sign-in does not exist there, so it is refused.
        acr={"eid": ITSME_ACR_ADVANCED, "itsme": ITSME_ACR_ADVANCED, "app": ITSME_ACR_BASIC},
        note=(
            "Rijksregisternummer in http://itsme.services/v2/claim/BENationalNumber (scope eid). "
            "itsme kent geen laag niveau: 'gebruikersnaam en wachtwoord' wordt geweigerd."
        ),
    ),
    "vlaanderen": Profile(
        key="vlaanderen",
        label="Vlaamse overheid (ACM/IDM)",
        nrn_claim="rrn",
        nrn_scope="rrn",
        acr={
            "eid": "urn:be:vlaanderen:authmech:eid",
            "itsme": "urn:be:vlaanderen:authmech:itsme",
            "app": "urn:be:vlaanderen:authmech:csamtotp",
            "password": "urn:be:vlaanderen:authmech:csampassword",
        },
        note="Rijksregisternummer in rrn (scope rrn).",
    ),
}

# Claim -> scope that releases it (DOT drops claims whose scope was not granted).
CLAIM_SCOPES = {
    "acr": "openid",
    "amr": "openid",
    "givenName": "profile",
    "surname": "profile",
    **{profile.nrn_claim: profile.nrn_scope for profile in PROFILES.values()},
}


def subject(secret: str, profile: str, client_id: str, persona_key: str) -> str:
    """A pairwise ``sub``: stable per persona, profile and client, never the national number.

    itsme gives every client a different ``sub`` for the same person; this mimics that.
    """
    message = f"{profile}|{client_id}|{persona_key}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:32]


def build_claims(
    *,
    profile: str,
    means: str,
    national_number: str,
    given_name: str,
    family_name: str,
    birth_date: str,
    sub: str,
) -> dict:
    """Every claim this persona would get; DOT filters them by the granted scopes afterwards."""
    shape = PROFILES[profile]
    claims = {
        "sub": sub,
        "given_name": given_name,
        "family_name": family_name,
        "name": f"{given_name} {family_name}".strip(),
        "acr": shape.acr[means],
        "amr": AMR[means],
    }
    if birth_date:
        claims["birthdate"] = birth_date
    if profile == "fas":
        claims["givenName"] = given_name
        claims["surname"] = family_name
    if national_number:
        claims[shape.nrn_claim] = national_number
    return claims
