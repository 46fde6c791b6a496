"""Dates, numbers and addresses in Dutch, French and English, the Belgian way."""
from datetime import date, datetime

import pytest
from django import forms
from django.conf import settings
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format, number_format

from portal.templatetags.formatting import one_line_address
from registry import services as registry
from registry.demo import sign_in_personas
from registry.records import AddressRecord
from tests.identity.oidc_helpers import sign_in

from .formats_fixture import belgian_formats  # noqa: F401  (a fixture)

belgian = pytest.mark.usefixtures("belgian_formats")
DAY = date(2026, 11, 23)
MOMENT = datetime(2026, 11, 23, 14, 30)
APARTMENT = AddressRecord(street="Kerkstraat", house_number="12", box="3", postcode="9000", municipality="Gent")
HOUSE = AddressRecord(street="Veldstraat", house_number="1A", box="", postcode="9000", municipality="Gent")
ABROAD = AddressRecord(street="Rue de Rivoli", house_number="8", box="", postcode="75001", municipality="Paris",
                       country="FR")


def test_the_project_uses_the_belgian_format_modules():
    """Without this setting English dates read "Nov. 23, 2026" and Dutch short dates "23-11-2026"."""
    assert settings.FORMAT_MODULE_PATH == "portal.formats"


@belgian
@pytest.mark.parametrize(("lang", "expected"), [
    ("nl", "23 november 2026"), ("fr", "23 novembre 2026"), ("en", "23 November 2026"),
])
def test_a_date_reads_day_month_year_in_each_language(lang, expected):
    with translation.override(lang):
        assert date_format(DAY, "DATE_FORMAT") == expected


@belgian
@pytest.mark.parametrize(("lang", "expected"), [
    ("nl", "23 november 2026 14:30"), ("fr", "23 novembre 2026 14:30"), ("en", "23 November 2026 14:30"),
])
def test_a_moment_uses_a_24_hour_clock(lang, expected):
    with translation.override(lang):
        assert date_format(MOMENT, "DATETIME_FORMAT") == expected


@belgian
@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_a_short_date_is_day_slash_month_slash_year(lang):
    with translation.override(lang):
        assert date_format(DAY, "SHORT_DATE_FORMAT") == "23/11/2026"


@belgian
def test_english_reads_a_typed_date_day_first():
    with translation.override("en"):
        assert forms.DateField().clean("03/04/2026") == date(2026, 4, 3)
        assert forms.DateField().clean("2026-04-03") == date(2026, 4, 3)


@belgian
@pytest.mark.parametrize(("lang", "expected"), [("nl", "1.234,50"), ("fr", "1\xa0234,50"), ("en", "1,234.50")])
def test_numbers_have_a_decimal_comma_in_dutch_and_french(lang, expected):
    with translation.override(lang):
        assert number_format(1234.5, decimal_pos=2, force_grouping=True) == expected


@pytest.mark.parametrize(("lang", "expected"), [
    ("nl", "Kerkstraat 12 bus 3, 9000 Gent"),
    ("fr", "Kerkstraat 12 boîte 3, 9000 Gent"),
    ("en", "Kerkstraat 12 box 3, 9000 Gent"),
])
def test_a_box_number_is_named_in_the_reader_s_language(lang, expected):
    with translation.override(lang):
        assert one_line_address(APARTMENT) == expected


def test_street_and_municipality_stay_as_they_are_named():
    with translation.override("fr"):
        assert one_line_address(HOUSE) == "Veldstraat 1A, 9000 Gent"


def test_an_address_abroad_shows_its_country():
    assert one_line_address(ABROAD) == "Rue de Rivoli 8, 75001 Paris (FR)"


def test_no_address_shows_nothing():
    assert one_line_address(None) == ""


def test_the_filter_works_in_templates_and_escapes():
    odd = AddressRecord(street="<b>Straat</b>", house_number="1", box="", postcode="1000", municipality="Brussel")
    html = Template("{% load formatting %}{{ address|one_line_address }}").render(Context({"address": odd}))
    assert html == "&lt;b&gt;Straat&lt;/b&gt; 1, 1000 Brussel"


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_my_data_shows_my_address_in_my_language(client, oidc, demo_registry, lang):
    me = sign_in_personas()[0]
    response, _ = sign_in(client, oidc, national_number=me["national_number"])
    assert response.status_code == 302
    person = registry.get_person(me["national_number"], access=registry.Access.system("test"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    html = client.get("/mijn/gegevens/").content.decode()
    with translation.override(lang):
        expected = one_line_address(person.current_address)
    assert expected.replace("'", "&#x27;") in html
