"""What residents type reaches the public (Open311, the map, the public case page) masked, and the place
rounded; staff keep the original."""
import json
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import translation

from city import geo
from desk.cases import services
from desk.states import State
from tests.desk.test_inbox import centre, matrix_since_last_year, staff_client  # noqa: F401
from tests.factories.desk import CaseFactory

SECRETS = {
    "national number": "85.07.30-033.28",
    "IBAN": "BE68 5390 0754 7034",
    "card": "4111 1111 1111 1111",
    "phone": "0471 23 45 67",
    "e-mail": "jan.peeters@example.be",
}
TYPED = ("Lamp stuk. Mijn rijksregisternummer {national number}, rekening {IBAN}, kaart {card}, "
         "bel {phone} of mail {e-mail}.").format(**SECRETS)
ADDRESS = "Kerkstraat 12, 9999 Stad Voorbeeld (bel {phone})".format(**SECRETS)
NOTE = "Hersteld; vragen? Bel {phone} of mail {e-mail}.".format(**SECRETS)
# A photo's GPS: exact to the centimetre.
EXACT_OFFSET = (0.000123456, 0.000234567)


@pytest.fixture(autouse=True)
def _dutch():
    with translation.override("nl"):
        yield


@pytest.fixture
def agent(client, matrix_since_last_year):  # noqa: F811
    return staff_client(client)


@pytest.fixture
def case(desk_config, agent):
    lat, lon = geo.city_centre()
    report = CaseFactory(slug="straatverlichting", description=TYPED, address=ADDRESS,
                         latitude=lat + EXACT_OFFSET[0], longitude=lon + EXACT_OFFSET[1], notify=False)
    services.change_state(report, State.RESOLVED, actor=agent, public_note=NOTE, notify=False)
    report.refresh_from_db()
    return report


def assert_masked(text: str):
    for kind, secret in SECRETS.items():
        assert secret not in text, kind
    for digits in ("85073003328", "BE68539007547034", "4111111111111111", "0471234567"):
        assert digits not in text.replace(" ", "").replace(".", "").replace("-", "")
    assert "Lamp stuk" in TYPED and "Kerkstraat 12" in ADDRESS


def test_open311_json_masks_free_text_and_rounds_the_place(client, case):
    response = client.get(reverse("open311:requests", kwargs={"fmt": "json"}))
    assert response.status_code == 200
    [item] = [item for item in response.json() if item["service_request_id"] == case.reference]
    assert_masked(json.dumps(item, ensure_ascii=False))
    assert item["description"].startswith("Lamp stuk. Mijn rijksregisternummer **.**.**-***.**")
    assert "@" in item["description"]
    assert item["address"].startswith("Kerkstraat 12, 9999 Stad Voorbeeld")
    assert item["status_notes"].startswith("Hersteld; vragen? Bel **** ** ** **")
    assert item["lat"] == round(case.latitude, 4) != case.latitude
    assert item["long"] == round(case.longitude, 4) != case.longitude


def test_open311_xml_masks_free_text_and_rounds_the_place(client, case):
    response = client.get(reverse("open311:requests", kwargs={"fmt": "xml"}))
    assert response.status_code == 200
    body = response.content.decode()
    assert_masked(body)
    [request] = [item for item in ET.fromstring(response.content).findall("request")
                 if item.findtext("service_request_id") == case.reference]
    assert request.findtext("description").startswith("Lamp stuk.")
    assert float(request.findtext("lat")) == round(case.latitude, 4)
    assert str(case.latitude) not in body and str(case.longitude) not in body


def test_the_public_case_page_masks_address_and_notes(client, case):
    response = client.get(reverse("desk:public_case", args=[case.reference]))
    assert response.status_code == 200
    body = response.content.decode()
    assert_masked(body)
    assert "Kerkstraat 12, 9999 Stad Voorbeeld" in body
    assert "Hersteld; vragen?" in body
    assert str(case.latitude) not in body


def test_the_map_list_and_geojson_show_nothing_typed_and_a_rounded_place(client, case):
    page = client.get(reverse("desk:map"))
    assert case.reference in page.content.decode()
    assert_masked(page.content.decode())
    collection = client.get(reverse("desk:map_geojson")).json()
    [feature] = [f for f in collection["features"] if f["properties"]["reference"] == case.reference]
    assert_masked(json.dumps(collection, ensure_ascii=False))
    assert feature["geometry"]["coordinates"] == [round(case.longitude, 4), round(case.latitude, 4)]


def test_staff_see_the_original_text(client, agent, case):
    body = client.get(reverse("desk_staff:case", kwargs={"reference": case.reference})).content.decode()
    for kind, secret in SECRETS.items():
        assert secret in body, kind


def test_rounding_is_about_ten_metres():
    lat, lon = geo.city_centre()
    exact = (lat + EXACT_OFFSET[0], lon + EXACT_OFFSET[1])
    rounded = (geo.public_coordinate(exact[0]), geo.public_coordinate(exact[1]))
    assert 0 < geo.distance_m(*exact, *rounded) <= 10
    assert geo.public_coordinate(None) is None
