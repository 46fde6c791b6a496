"""The privacy statement explains what a verifier sees, and the verification page points to it."""
import pytest

pytestmark = pytest.mark.django_db


def test_the_privacy_statement_says_what_a_verifier_sees_and_why(client):
    page = client.get("/privacy/").content.decode()
    assert 'id="controle"' in page
    assert "naam van de persoon over wie het attest gaat en diens geboortejaar" in page
    assert "je rijksregisternummer, je volledige geboortedatum, je adres" in page
    assert "/privacy/#controle" in client.get("/verifieer/").content.decode()
