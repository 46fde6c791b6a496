"""Help where a step is hard, and the word that certificates stay in Dutch."""
import pytest
from django.conf import settings

from registry.demo import sign_in_personas
from tests.identity.oidc_helpers import sign_in

pytestmark = pytest.mark.django_db

HELP = "Waar vind ik mijn rijksregisternummer?"
DUTCH_NOTICE = 'id="certificates-in-dutch"'
SARAH = sign_in_personas()[0]
WIZARD = "/mijn/aanvragen/nieuw/household_composition/"


@pytest.fixture
def sarah(client, oidc, demo_registry):
    response, _ = sign_in(client, oidc, national_number=SARAH["national_number"], means="eid", profile="fas")
    assert response.status_code == 302, response.content
    return client


def in_language(client, lang):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return client


def go_to_review(client):
    prefix = "certificate_household_composition-current_step"
    client.post(f"{WIZARD}voor-wie/", {prefix: "voor-wie", "voor-wie-choice": SARAH["national_number"]})
    client.post(f"{WIZARD}levering/", {prefix: "levering", "levering-delivery": "mailbox"})
    response = client.get(f"{WIZARD}controle/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_sign_in_page_explains_where_to_find_the_national_number(client):
    html = client.get("/aanmelden/").content.decode()
    assert '<details class="help-details" id="help-national-number">' in html
    assert HELP in html
    assert "1777" in html


def test_the_wizard_explains_it_where_a_number_is_typed(sarah):
    html = sarah.get(f"{WIZARD}voor-wie/").content.decode()
    assert 'name="voor-wie-other_number"' in html
    assert HELP in html


def test_the_wizard_leaves_it_out_where_nobody_types_a_number(sarah):
    html = sarah.get(f"{WIZARD}levering/").content.decode()
    assert HELP not in html


def test_the_catalogue_offers_help(sarah):
    html = sarah.get("/mijn/aanvragen/nieuw/").content.decode()
    assert 'id="help-title"' in html and "Hulp nodig?" in html
    assert "1777" in html and "bibliotheek" in html


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_in_french_or_english_the_catalogue_says_certificates_stay_in_dutch(sarah, lang):
    html = in_language(sarah, lang).get("/mijn/aanvragen/nieuw/").content.decode()
    assert f'<html lang="{lang}">' in html
    assert DUTCH_NOTICE in html


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_in_french_or_english_the_review_step_says_it_too(sarah, lang):
    assert DUTCH_NOTICE in go_to_review(in_language(sarah, lang))


def test_in_dutch_there_is_nothing_to_explain(sarah):
    assert DUTCH_NOTICE not in sarah.get("/mijn/aanvragen/nieuw/").content.decode()
    assert DUTCH_NOTICE not in go_to_review(sarah)


def test_a_wrong_mandate_file_says_what_to_do(sarah):
    from django.core.files.uploadedfile import SimpleUploadedFile

    other = sign_in_personas()[1]
    response = sarah.post(f"{WIZARD}voor-wie/", {
        "certificate_household_composition-current_step": "voor-wie", "voor-wie-choice": "proxy",
        "voor-wie-other_number": other["national_number"], "voor-wie-other_name": "Iemand",
        "voor-wie-mandate": SimpleUploadedFile("volmacht.pdf", b"not a pdf", content_type="application/pdf"),
    })
    html = response.content.decode()
    assert "Kies een ander bestand, of maak een foto van de volmacht." in html
