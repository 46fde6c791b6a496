"""The accessibility statement (Flemish model): reachable, complete in every language, dates per language."""
import re

import pytest
from django.conf import settings
from django.urls import reverse

from portal import views

from .formats_fixture import belgian_formats  # noqa: F401  (a fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("belgian_formats")]

URL = "/toegankelijkheid/"
# The model statement's sections: engagement, compliance status, non-accessible content, how it was
# assessed, feedback and contact, enforcement.
SECTIONS = ["a11y-engagement", "a11y-status", "a11y-not-accessible", "a11y-assessment", "a11y-feedback",
            "a11y-enforcement"]
PREPARED = {"nl": "23 november 2026", "fr": "23 novembre 2026", "en": "23 November 2026"}


def page_in(client, lang):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def test_the_statement_has_a_named_route():
    assert reverse("portal:accessibility") == URL


def test_the_statement_is_public(client):
    assert client.get(URL).status_code == 200


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_the_statement_has_every_section_of_the_model_in_each_language(client, lang):
    html = page_in(client, lang)
    assert f'<html lang="{lang}">' in html
    assert len(re.findall(r"<h1[ >]", html)) == 1
    for section in SECTIONS:
        assert f'<h2 id="{section}">' in html, section
    assert 'href="https://www.vlaamseombudsdienst.be"' in html
    assert "Leuvenseweg 86, 1000 Brussel" in html
    assert "mailto:klachten@vlaamseombudsdienst.be" in html
    assert "WCAG" in html and "2.1" in html


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_the_dates_are_written_the_way_each_language_writes_them(client, lang):
    assert views.STATEMENT_PREPARED_ON.isoformat() == "2026-11-23"
    assert PREPARED[lang] in page_in(client, lang)


def test_the_statement_says_honestly_it_is_partially_conform(client):
    html = page_in(client, "nl")
    assert "Gedeeltelijk conform." in html
    assert "axe-core" in html and "Chromium" in html
    for limitation in ("kaart van meldingen", "PDF/A", "kaarttegels"):
        assert limitation in html, limitation


def test_feedback_goes_to_1777_the_contact_address_and_the_complaint_form(client, settings):
    settings.ACCESSIBILITY_CONTACT_EMAIL = "toegankelijkheid@stad.example"
    html = page_in(client, "nl")
    assert "1777" in html
    assert 'href="mailto:toegankelijkheid@stad.example"' in html
    assert f'href="{reverse("desk:new", args=["complaint"])}"' in html
    assert f'href="{reverse("desk:new", args=["question"])}"' in html


def test_without_a_contact_setting_the_statement_falls_back_to_the_sender_address(client, settings):
    settings.ACCESSIBILITY_CONTACT_EMAIL = ""
    settings.DEFAULT_FROM_EMAIL = "Stad Voorbeeld <thuisloket@stad.example>"  # the bare address, not the name
    assert 'href="mailto:thuisloket@stad.example"' in page_in(client, "nl")
