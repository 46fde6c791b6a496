"""The residents one can sign in as: the registry's demo personas plus two broken test identities."""

import hashlib
from dataclasses import dataclass

NO_NRN_KEY = "zonder-rrn"
INVALID_NRN_KEY = "ongeldig-rrn"
# 11 digits whose check digits are wrong for both the pre-2000 and the 2000+ rule (they would be 28
# or 57), so relying parties must refuse it.
INVALID_NATIONAL_NUMBER = "85073003399"


@dataclass(frozen=True)
class Persona:
    key: str
    national_number: str  # "" when the identity carries no national number
    given_name: str
    family_name: str
    birth_date: str
    description: str

    @property
    def subject_key(self) -> str:
        """What the ``sub`` derivation hashes: the number when there is one, else the marker."""
        return self.national_number or self.key

    def username(self, profile: str, means: str) -> str:
        # One provider user per persona, profile and means, so the claims of a user never change
        # between the login and the token request; no national number in the username.
        digest = hashlib.sha256(f"{self.subject_key}|{profile}|{means}".encode()).hexdigest()[:20]
        return f"persona-{digest}"


TEST_PERSONAS = [
    Persona(
        NO_NRN_KEY,
        "",
        "Testpersoon",
        "Zonder Rijksregisternummer",
        "",
        "Testpersoon zonder rijksregisternummer: de claim ontbreekt.",
    ),
    Persona(
        INVALID_NRN_KEY,
        INVALID_NATIONAL_NUMBER,
        "Testpersoon",
        "Ongeldig Rijksregisternummer",
        "",
        "Testpersoon met ongeldig rijksregisternummer: 11 cijfers, controlegetal klopt niet.",
    ),
]


def registry_personas() -> list[Persona]:
    """The registry's demo residents (``registry.demo.sign_in_personas()``), keyed by position."""
    try:
        # Imported here: the provider must start without the portal's registry app (a test identity set).
        from registry.demo import sign_in_personas
    except ModuleNotFoundError as error:
        # Only a missing module is tolerated (the test identities still work); a bug in it is not.
        if error.name not in {"registry", "registry.demo"}:
            raise
        return []
    personas = []
    for index, raw in enumerate(sign_in_personas()):
        birth = raw.get("birth_date") or ""
        personas.append(
            Persona(
                key=str(index),
                national_number=str(raw.get("national_number") or ""),
                given_name=raw.get("given_name", ""),
                family_name=raw.get("family_name", ""),
                birth_date=birth.isoformat() if hasattr(birth, "isoformat") else str(birth),
                description=raw.get("description", ""),
            )
        )
    return personas


def all_personas() -> list[Persona]:
    return registry_personas() + TEST_PERSONAS


def find(key: str) -> Persona | None:
    return next((persona for persona in all_personas() if persona.key == key), None)
