"""An independent Open311 client (PyPI ``georeport``) against the live test server (checklist item 32).

``georeport`` only reads (services, definitions, requests); the POST goes through ``requests`` with an API
key, as an app would send it.
"""
import pytest
import requests
from georeport import GeoReport

from city import geo
from tests.factories.desk import ApiClientFactory


@pytest.fixture
def base_url(transactional_db, live_server, desk_config):
    return f"{live_server.url}/open311/v2"


def post_report(base_url, key, fmt="json", **fields):
    lat, lon = geo.city_centre()
    data = {"api_key": key, "service_code": "straatverlichting", "lat": f"{lat:.6f}", "long": f"{lon:.6f}",
            "description": "Lamp brandt niet — café ‘t Hoekske €", **fields}
    return requests.post(f"{base_url}/requests.{fmt}", data=data, timeout=10)


def test_georeport_client_reads_services_and_the_request_an_app_posted(base_url):
    posted = post_report(base_url, ApiClientFactory(name="Live test app").key)
    assert posted.status_code == 200
    assert posted.headers["Content-Type"] == "application/json; charset=utf-8"
    reference = posted.json()[0]["service_request_id"]

    client = GeoReport(base_url)
    services = client.get_service_list()
    assert "straatverlichting" in [service["service_code"] for service in services]
    assert client.get_service_definition("straatverlichting") == {"service_code": "straatverlichting",
                                                                  "attributes": []}
    open_requests = client.get_service_requests(status="open")
    assert reference in [item["service_request_id"] for item in open_requests]
    one = client.get_service_request(reference)
    assert one["service_request_id"] == reference and one["status"] == "open"
    assert one["description"] == "Lamp brandt niet — café ‘t Hoekske €"


def test_georeport_client_reads_the_xml_format(base_url):
    posted = post_report(base_url, ApiClientFactory(name="Live XML app").key, fmt="xml")
    assert posted.status_code == 200 and posted.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')

    client = GeoReport(base_url, jurisdiction="stadvoorbeeld.be", output_format="xml")
    services = client.get_service_list()
    assert services[0]["service_code"] == "straatverlichting" and services[0]["metadata"] == "false"
    listed = client.get_service_requests(service_code="straatverlichting")  # one request: xmltodict gives a dict
    listed = listed if isinstance(listed, list) else [listed]
    assert len(listed) == 1
    reference = listed[0]["service_request_id"]
    one = client.get_service_request(reference)
    assert one["description"] == "Lamp brandt niet — café ‘t Hoekske €"
    assert one["status"] == "open"


def test_georeport_client_sees_errors_as_http_errors(base_url):
    with pytest.raises(requests.HTTPError) as error:
        GeoReport(base_url).get_service_request("M-2026-ONBEKEND")
    assert error.value.response.status_code == 404
    assert error.value.response.json()[0]["code"] == 404
    refused = post_report(base_url, "not-a-key")
    assert refused.status_code == 403 and refused.json()[0]["code"] == 403
