"""Open311 GeoReport v2 server, tested against the GeoReport v2 specification item by item.

Numbers in the test docstrings refer to our acceptance checklist of that specification. Item 12
(service attributes) and 28 (tokens) do not apply: our services have no attributes (metadata false)
and are all realtime.
"""
import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jsonschema
import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from PIL import Image

from city import geo
from common.tokens import hash_token
from desk.cases import services
from desk.cases.open311.keys import client_for_key, create_api_client
from desk.cases.open311.render import w3c_datetime
from desk.models import ApiClient, Attachment, Case, Category, ResponseMatrix
from tests.factories.desk import ApiClientFactory, CaseFactory

SCHEMAS = Path(__file__).with_name("schemas")
W3C = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
XML_DECLARATION = b'<?xml version="1.0" encoding="utf-8"?>'
UTF8_TEXT = "Kapotte lamp — Sint-Pietersplein, café ‘t Hoekske €"
PUBLIC_CODES = ["straatverlichting", "wegdek", "voetpad", "sluikstort", "vuilnisbak", "groen", "verkeersbord"]


# --------------------------------------------------------------------------- helpers and fixtures


def url(name, fmt="json", **kwargs):
    return reverse(f"open311:{name}", kwargs={"fmt": fmt, **kwargs})


def schema_valid(name, data):
    schema = json.loads((SCHEMAS / name).read_text())
    jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())
    return data


def as_json(response, schema=None):
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(response.content.decode("utf-8"))
    if schema:
        schema_valid(schema, data)
    return data


def as_xml(response):
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(XML_DECLARATION)
    return ET.fromstring(response.content)


def xml_items(root, item):
    return [{child.tag: child.text for child in element} for element in root.findall(item)]


def json_error(response, status):
    assert response.status_code == status
    errors = as_json(response, "errors.json")
    assert errors[0]["code"] == status
    return errors


def xml_error(response, status):
    assert response.status_code == status
    root = as_xml(response)
    assert root.tag == "errors"
    errors = xml_items(root, "error")
    assert errors and errors[0]["code"] == str(status) and errors[0]["description"]
    return errors


def datetimes_in(data):
    """Every value of a *_datetime or changeset key, anywhere in a JSON document."""
    if isinstance(data, list):
        for item in data:
            yield from datetimes_in(item)
    elif isinstance(data, dict):
        for key, value in data.items():
            if (key.endswith("_datetime") or key == "changeset") and value is not None:
                yield value
            yield from datetimes_in(value)


def inside():
    lat, lon = geo.city_centre()
    return f"{lat:.6f}", f"{lon:.6f}"


@pytest.fixture
def api_key(desk_config):
    client = ApiClientFactory(name="Fixi test")
    cache.delete(f"open311:post:{client.pk}")  # ids are reused between tests; the counter must not be
    return client.key


def post_form(client, api_key, fmt="json", **fields):
    lat, lon = inside()
    data = {"api_key": api_key, "service_code": "straatverlichting", "lat": lat, "long": lon,
            "description": "De lamp brandt niet meer."}
    data.update(fields)
    data = {key: value for key, value in data.items() if value is not None}
    return client.post(url("requests", fmt), data=data)


def open_report(category_slug="straatverlichting", *, days_ago=0, description="Lamp stuk", **kwargs):
    """A report at the city centre (also in a category that needs no place), opened days_ago."""
    return CaseFactory(slug=category_slug, street=None, with_location=True, description=description,
                       address="Marktplein 97, 9999 Stad Voorbeeld", at=timezone.now() - timedelta(days=days_ago),
                       notify=False, **kwargs)


@pytest.fixture
def reports(desk_config):
    """An open and a closed report, one of 100 days ago, and one in a non-public category."""
    # The demo matrix is published "now"; reports from before it would get no terms.
    ResponseMatrix.objects.update(published_at=timezone.now() - timedelta(days=365))
    lamp = open_report(days_ago=2, reporter_name="Jan Peeters", reporter_email="jan@example.invalid",
                       reporter_phone="0470123456")
    litter = open_report("sluikstort", days_ago=5, description="Zakken afval naast de glasbol")
    closed_at = timezone.now() - timedelta(days=1)
    services.change_state(litter, "resolved", public_note="We hebben het afval opgeruimd.", at=closed_at,
                          notify=False)
    old = open_report(days_ago=100, description="Oude melding")
    private = open_report("overlast", days_ago=1, description="Lawaai van de buren, Jan woont op nummer 3")
    litter.refresh_from_db()
    return {"lamp": lamp, "litter": litter, "old": old, "private": private}


def ids(data):
    return [item["service_request_id"] for item in data]


# --------------------------------------------------------------------------- discovery (1, 2)


def test_discovery_json_lists_the_georeport_v2_endpoint_in_both_formats(client, desk_config):
    data = as_json(client.get(url("discovery")), "discovery.json")
    endpoint = data["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2/")
    assert {"text/xml", "application/json"} <= set(endpoint["formats"])
    assert endpoint["type"] in ("production", "test")
    assert datetime.fromisoformat(data["changeset"].replace("Z", "+00:00")) <= timezone.now()
    assert data["contact"] and data["key_service"]


def test_discovery_xml_has_the_same_values(client, desk_config):
    data = as_json(client.get(url("discovery")))
    root = as_xml(client.get(url("discovery", "xml")))
    assert root.tag == "discovery"
    assert root.findtext("changeset") == data["changeset"]
    assert root.findtext("contact") == data["contact"]
    assert root.findtext("key_service") == data["key_service"]
    endpoint = root.find("endpoints/endpoint")
    assert endpoint.findtext("specification") == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint.findtext("url") == data["endpoints"][0]["url"]
    assert [f.text for f in endpoint.findall("formats/format")] == ["text/xml", "application/json"]


def test_discovery_is_also_at_a_version_independent_address(client, desk_config):
    response = client.get(reverse("open311:discovery_root", kwargs={"fmt": "xml"}))
    assert response.status_code == 200 and as_xml(response).tag == "discovery"


# --------------------------------------------------------------------------- services (3–7)


def test_services_lists_only_public_report_categories_with_all_fields(client, desk_config):
    data = as_json(client.get(url("services")), "services.json")
    assert [service["service_code"] for service in data] == PUBLIC_CODES
    lamp = data[0]
    assert lamp == {
        "service_code": "straatverlichting", "service_name": "Straatverlichting defect",
        "description": "We herstellen een defecte straatlamp meestal binnen 10 werkdagen.", "metadata": False,
        "type": "realtime", "keywords": "", "group": "openbare ruimte",
    }
    assert "overlast" not in [service["service_code"] for service in data]
    assert "parkeren" not in [service["service_code"] for service in data]


def test_services_xml_has_the_same_codes_in_the_same_order(client, desk_config):
    root = as_xml(client.get(url("services", "xml")))
    assert root.tag == "services"
    services_xml = xml_items(root, "service")
    assert [service["service_code"] for service in services_xml] == PUBLIC_CODES
    assert services_xml[0]["metadata"] == "false"
    assert services_xml[0]["type"] == "realtime"


def test_an_inactive_category_is_no_service(client, desk_config):
    Category.objects.filter(slug="wegdek").update(is_active=False)
    data = as_json(client.get(url("services")))
    assert "wegdek" not in [service["service_code"] for service in data]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_jurisdiction_absent_empty_or_ours_gives_the_same_services(client, desk_config, fmt):
    plain = client.get(url("services", fmt)).content
    assert client.get(url("services", fmt), {"jurisdiction_id": ""}).content == plain
    assert client.get(url("services", fmt), {"jurisdiction_id": "stadvoorbeeld.be"}).content == plain


def test_a_foreign_jurisdiction_is_not_found_in_both_formats(client, desk_config):
    json_error(client.get(url("services"), {"jurisdiction_id": "chicago.gov"}), 404)
    xml_error(client.get(url("services", "xml"), {"jurisdiction_id": "chicago.gov"}), 404)
    json_error(client.get(url("requests"), {"jurisdiction_id": "chicago.gov"}), 404)


def test_the_jurisdiction_id_follows_the_setting(client, desk_config, settings):
    settings.OPEN311_JURISDICTION_ID = "gent.be"
    assert client.get(url("services"), {"jurisdiction_id": "gent.be"}).status_code == 200
    json_error(client.get(url("services"), {"jurisdiction_id": "stadvoorbeeld.be"}), 404)


def test_service_definition_of_a_service_without_attributes(client, desk_config):
    data = as_json(client.get(url("service", service_code="sluikstort")), "service_definition.json")
    assert data == {"service_code": "sluikstort", "attributes": []}
    root = as_xml(client.get(url("service", "xml", service_code="sluikstort")))
    assert root.tag == "service_definition" and root.findtext("service_code") == "sluikstort"
    assert root.find("attributes") is not None


@pytest.mark.parametrize("code", ["onbekend", "overlast", "burgerzaken"])
def test_service_definition_of_an_unknown_or_non_public_service_is_not_found(client, desk_config, code):
    json_error(client.get(url("service", service_code=code)), 404)
    xml_error(client.get(url("service", "xml", service_code=code)), 404)


# --------------------------------------------------------------------------- create (8–11, 13–18)


def test_posting_a_report_with_a_key_creates_a_case_in_the_desk_inbox(client, api_key):
    response = post_form(client, api_key, email="an@example.invalid", first_name="An", last_name="Claes",
                         phone="0470 12 34 56")
    assert response.status_code == 200
    data = as_json(response, "created_request.json")
    assert len(data) == 1 and "token" not in data[0]
    assert data[0]["service_notice"] == Category.objects.get(slug="straatverlichting").handling_message
    case = Case.objects.get(reference=data[0]["service_request_id"])
    assert case.channel == "app" and case.kind == "report" and case.state == "received"
    assert case.api_client == client_for_key(api_key)
    assert case.reporter_name == "An Claes"
    assert case.reporter_email == "an@example.invalid"
    assert case.reporter_phone == "0470 12 34 56"
    assert case.department.code == "openbare-verlichting"
    assert case.address.startswith("Marktplein")  # the point is named for the desk
    listed = as_json(client.get(url("requests")))
    assert case.reference in ids(listed)


def test_an_email_gets_a_tracking_link(client, api_key, intercepted_tasks, django_capture_on_commit_callbacks):
    from common.tokens import hash_token

    queued = intercepted_tasks("desk.notifications.tasks.send_tracking_link")
    with django_capture_on_commit_callbacks(execute=True):
        data = as_json(post_form(client, api_key, email="an@example.invalid"))
    case = Case.objects.get(reference=data[0]["service_request_id"])
    assert len(queued) == 1 and queued[0][0] == case.pk and hash_token(queued[0][1]) == case.tracking_token_hash


def test_posting_xml_answers_in_xml(client, api_key):
    response = post_form(client, api_key, fmt="xml")
    assert response.status_code == 200
    root = as_xml(response)
    assert root.tag == "service_requests"
    assert root.findtext("request/service_request_id").startswith("M-")
    assert root.find("request/token") is None


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("key", [None, "", "wrong-key-0123456789"])
def test_posting_without_a_valid_key_is_forbidden(client, api_key, fmt, key):
    response = post_form(client, key, fmt=fmt)
    (json_error if fmt == "json" else xml_error)(response, 403)
    assert not Case.objects.exists()


def test_a_revoked_key_is_forbidden(client, api_key):
    ApiClient.objects.update(is_active=False)
    json_error(post_form(client, api_key), 403)


def test_missing_service_code_is_a_bad_request_and_unknown_is_not_found(client, api_key):
    json_error(post_form(client, api_key, service_code=None), 400)
    json_error(post_form(client, api_key, service_code="onbekend"), 404)
    xml_error(post_form(client, api_key, fmt="xml", service_code="overlast"), 404)  # not public
    assert not Case.objects.exists()


def test_a_location_is_required(client, api_key):
    errors = json_error(post_form(client, api_key, lat=None, long=None), 400)
    assert "lat" in errors[0]["description"]


@pytest.mark.parametrize("missing", ["lat", "long"])
def test_one_coordinate_alone_is_a_bad_request(client, api_key, missing):
    json_error(post_form(client, api_key, **{missing: None}), 400)


@pytest.mark.parametrize("lat,lon", [("abc", "3.42"), ("91", "3.42"), ("51.03", "nan"), ("1e3", "3")])
def test_malformed_coordinates_are_a_bad_request(client, api_key, lat, lon):
    json_error(post_form(client, api_key, lat=lat, long=lon), 400)


def test_an_address_string_alone_is_accepted_and_geocoded(client, api_key):
    data = as_json(post_form(client, api_key, lat=None, long=None, address_string="Abdijstraat 3"))
    case = Case.objects.get(reference=data[0]["service_request_id"])
    place = geo.geocode("Abdijstraat 3")
    assert (case.latitude, case.longitude) == (place.lat, place.lon)
    assert case.address == "Abdijstraat 3, 9999 Stad Voorbeeld"


def test_an_address_we_cannot_find_is_a_bad_request(client, api_key):
    errors = json_error(post_form(client, api_key, lat=None, long=None, address_string="Rue de la Loi 16"), 400)
    assert "Rue de la Loi 16" in errors[0]["description"]


def test_address_id_is_not_supported(client, api_key):
    json_error(post_form(client, api_key, lat=None, long=None, address_id="12345"), 400)


def test_a_description_is_required_and_at_most_4000_characters(client, api_key):
    json_error(post_form(client, api_key, description=""), 400)
    json_error(post_form(client, api_key, description="x" * 4001), 400)
    assert post_form(client, api_key, description="x" * 4000).status_code == 200


def test_several_problems_come_back_together(client, api_key):
    errors = json_error(post_form(client, api_key, lat=None, long=None, description="", email="geen-adres"), 400)
    assert len(errors) == 3
    assert all(error["code"] == 400 for error in errors)


def test_html_in_a_description_is_stored_as_text_and_escaped_on_output(client, api_key):
    html = '<script>alert("x")</script> <b>lamp</b> & co'
    reference = as_json(post_form(client, api_key, description=html))[0]["service_request_id"]
    assert Case.objects.get(reference=reference).description == html
    assert as_json(client.get(url("request", service_request_id=reference)))[0]["description"] == html
    raw = client.get(url("request", "xml", service_request_id=reference))
    assert b"<script>" not in raw.content and b"&lt;script&gt;" in raw.content
    assert as_xml(raw).findtext("request/description") == html


def test_coordinates_outside_the_city_are_refused_with_an_explanation(client, api_key):
    errors = json_error(post_form(client, api_key, lat="50.8466", long="4.3528"), 400)  # Brussels
    assert "buiten" in errors[0]["description"]
    xml_error(post_form(client, api_key, fmt="xml", lat="50.8466", long="4.3528"), 400)


def test_utf8_text_round_trips_in_json_and_xml(client, api_key):
    reference = as_json(post_form(client, api_key, description=UTF8_TEXT))[0]["service_request_id"]
    assert as_json(client.get(url("request", service_request_id=reference)))[0]["description"] == UTF8_TEXT
    root = as_xml(client.get(url("request", "xml", service_request_id=reference)))
    assert root.findtext("request/description") == UTF8_TEXT


def test_a_json_body_is_a_bad_request_in_the_requested_format(client, api_key):
    lat, lon = inside()
    body = {"api_key": api_key, "service_code": "straatverlichting", "lat": lat, "long": lon, "description": "x"}
    json_error(client.post(url("requests"), data=body, content_type="application/json"), 400)
    xml_error(client.post(url("requests", "xml"), data=body, content_type="application/json"), 400)
    assert not Case.objects.exists()


def test_the_created_request_reads_back_without_personal_data(client, api_key):
    data = as_json(post_form(client, api_key, email="an.claes@example.invalid", first_name="Anneleen",
                             last_name="Claessens", phone="0470987654", device_id="dev-1", account_id="acc-1"))
    reference = data[0]["service_request_id"]
    response = client.get(url("request", service_request_id=reference))
    found = as_json(response, "service_requests.json")
    assert len(found) == 1
    item = found[0]
    assert item["status"] == "open" and item["service_code"] == "straatverlichting"
    requested = datetime.fromisoformat(item["requested_datetime"])
    assert requested.utcoffset() is not None
    assert abs((timezone.now() - requested).total_seconds()) < 30
    for body in (response.content, client.get(url("request", "xml", service_request_id=reference)).content,
                 client.get(url("requests")).content, client.get(url("requests", "xml")).content):
        text = body.decode("utf-8")
        for personal in ("an.claes@example.invalid", "Anneleen", "Claessens", "0470987654", "acc-1", "dev-1"):
            assert personal not in text


def test_a_photo_can_be_sent_as_media_and_stays_private_until_staff_publish_it(client, api_key):
    image = io.BytesIO()
    Image.new("RGB", (40, 30), "orange").save(image, "JPEG")
    image.seek(0)
    image.name = "lamp.jpg"
    reference = as_json(post_form(client, api_key, media=image))[0]["service_request_id"]
    attachment = Attachment.objects.get(case__reference=reference)
    assert attachment.is_public is False
    assert as_json(client.get(url("request", service_request_id=reference)))[0]["media_url"] is None
    services.publish_photo(attachment, actor=None)
    media_url = as_json(client.get(url("request", service_request_id=reference)))[0]["media_url"]
    try:
        path = reverse("desk:public_photo", args=[attachment.pk])
    except NoReverseMatch:  # the public photo view is not there: no link rather than a broken one
        assert media_url is None
    else:
        assert media_url.startswith("http") and media_url.endswith(path)


def test_a_file_that_is_not_a_photo_is_refused(client, api_key):
    upload = io.BytesIO(b"%PDF-1.4 not a photo")
    upload.name = "lamp.jpg"
    json_error(post_form(client, api_key, media=upload), 400)
    assert not Case.objects.exists()


def test_media_url_in_a_post_is_ignored(client, api_key):
    data = as_json(post_form(client, api_key, media_url="http://169.254.169.254/latest/meta-data/"))
    case = Case.objects.get(reference=data[0]["service_request_id"])
    assert not case.attachments.exists()


def test_posts_are_rate_limited_per_key(client, api_key, settings):
    settings.OPEN311_POST_RATE = "2/m"
    assert post_form(client, api_key).status_code == 200
    assert post_form(client, api_key).status_code == 200
    response = post_form(client, api_key)
    json_error(response, 429)
    assert response["Retry-After"] == "60"
    xml_error(post_form(client, api_key, fmt="xml"), 429)
    other = ApiClientFactory(name="Other app")
    cache.delete(f"open311:post:{other.pk}")
    assert post_form(client, other.key).status_code == 200


def test_posting_needs_no_csrf_token(api_key):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert post_form(strict, api_key).status_code == 200


# --------------------------------------------------------------------------- query (20–27)


def test_requests_default_to_the_last_90_days_newest_first(client, reports):
    data = as_json(client.get(url("requests")), "service_requests.json")
    assert ids(data) == [reports["lamp"].reference, reports["litter"].reference]


def test_requests_xml_lists_the_same_requests(client, reports):
    root = as_xml(client.get(url("requests", "xml")))
    assert root.tag == "service_requests"
    assert [r["service_request_id"] for r in xml_items(root, "request")] == [reports["lamp"].reference,
                                                                              reports["litter"].reference]


def test_at_most_1000_requests_are_returned(client, reports, monkeypatch):
    monkeypatch.setattr("desk.cases.open311.views.MAX_RESULTS", 1)
    assert ids(as_json(client.get(url("requests")))) == [reports["lamp"].reference]


def test_service_request_id_overrides_every_other_filter(client, reports):
    wanted = f"{reports['old'].reference},{reports['lamp'].reference.lower()}"
    data = as_json(client.get(url("requests"), {"service_request_id": wanted, "status": "closed",
                                                "service_code": "sluikstort"}))
    assert set(ids(data)) == {reports["old"].reference, reports["lamp"].reference}


def test_service_request_id_never_reveals_a_non_public_report(client, reports):
    data = as_json(client.get(url("requests"), {"service_request_id": reports["private"].reference}))
    assert data == []


def test_filter_by_service_code(client, reports):
    assert ids(as_json(client.get(url("requests"), {"service_code": "sluikstort"}))) == [reports["litter"].reference]
    both = as_json(client.get(url("requests"), {"service_code": "sluikstort,straatverlichting"}))
    assert set(ids(both)) == {reports["lamp"].reference, reports["litter"].reference}


def test_filter_by_status(client, reports):
    lamp, litter = reports["lamp"].reference, reports["litter"].reference
    assert ids(as_json(client.get(url("requests"), {"status": "open"}))) == [lamp]
    assert ids(as_json(client.get(url("requests"), {"status": "closed"}))) == [litter]
    assert ids(as_json(client.get(url("requests"), {"status": "open,closed"}))) == [lamp, litter]
    json_error(client.get(url("requests"), {"status": "fixed"}), 400)


@pytest.mark.parametrize("name", ["status", "service_code", "start_date", "end_date", "service_request_id"])
def test_an_empty_argument_is_the_same_as_no_argument(client, reports, name):
    assert client.get(url("requests"), {name: ""}).content == client.get(url("requests")).content


def test_date_range_is_inclusive_on_the_requested_datetime(client, reports):
    old = reports["old"]
    start = w3c_datetime(old.created_at)
    end = w3c_datetime(old.created_at + timedelta(days=10))
    data = as_json(client.get(url("requests"), {"start_date": start, "end_date": end}))
    assert ids(data) == [old.reference]
    only_start = as_json(client.get(url("requests"), {"start_date": w3c_datetime(timezone.now() - timedelta(days=3))}))
    assert ids(only_start) == [reports["lamp"].reference]
    utc = (old.created_at - timedelta(days=1)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert ids(as_json(client.get(url("requests"), {"end_date": utc}))) == []


def test_a_span_over_90_days_is_a_bad_request(client, reports):
    now = timezone.now()
    params = {"start_date": w3c_datetime(now - timedelta(days=91)), "end_date": w3c_datetime(now)}
    json_error(client.get(url("requests"), params), 400)
    xml_error(client.get(url("requests", "xml"), params), 400)
    json_error(client.get(url("requests"), {"start_date": params["end_date"], "end_date": params["start_date"]}),
               400)


@pytest.mark.parametrize("value", ["2026-13-01T00:00:00Z", "2026-01-01T00:00:00", "2026-01-01", "gisteren",
                                   "2026-02-30T10:00:00+01:00", "1700000000"])
def test_a_malformed_date_or_one_without_time_zone_is_a_bad_request(client, reports, value):
    errors = json_error(client.get(url("requests"), {"start_date": value}), 400)
    assert "start_date" in errors[0]["description"]


def test_a_closed_request_shows_its_public_note_and_close_time(client, reports):
    litter = reports["litter"]
    item = as_json(client.get(url("request", service_request_id=litter.reference)))[0]
    assert item["status"] == "closed"
    assert item["status_notes"] == "We hebben het afval opgeruimd."
    assert item["updated_datetime"] == w3c_datetime(litter.closed_at)
    assert item["agency_responsible"] == "Netheid"
    assert item["service_notice"] == "We ruimen sluikstorten meestal binnen 3 werkdagen op."
    assert item["zipcode"] == "9999"


def test_an_open_request_has_no_status_notes_and_an_expected_time(client, reports):
    lamp = reports["lamp"]
    item = as_json(client.get(url("request", service_request_id=lamp.reference)))[0]
    assert item["status_notes"] is None
    assert lamp.resolution_due is not None
    assert item["expected_datetime"] == w3c_datetime(lamp.resolution_due)
    # The place is published rounded (city.geo.public_coordinate, about 10 m).
    assert item["lat"] == round(lamp.latitude, 4) and item["long"] == round(lamp.longitude, 4)


def test_non_public_reports_are_never_listed(client, reports):
    private = reports["private"].reference
    for params in ({}, {"service_code": "overlast"}, {"status": "open"}):
        assert private not in ids(as_json(client.get(url("requests"), params)))
    json_error(client.get(url("request", service_request_id=private)), 404)
    assert b"Lawaai" not in client.get(url("requests", "xml")).content


def test_a_duplicate_is_not_listed(client, reports):
    duplicate = open_report(days_ago=1)
    services.change_state(duplicate, "duplicate", duplicate_of=reports["lamp"], notify=False)
    assert duplicate.reference not in ids(as_json(client.get(url("requests"))))


def test_an_unknown_request_is_not_found_in_both_formats(client, reports):
    json_error(client.get(url("request", service_request_id="999999")), 404)
    xml_error(client.get(url("request", "xml", service_request_id="999999")), 404)


def test_requests_xml_writes_missing_values_as_empty_elements(client, reports):
    root = as_xml(client.get(url("request", "xml", service_request_id=reports["lamp"].reference)))
    request = root.find("request")
    assert request.find("status_notes") is not None and not request.findtext("status_notes")
    assert request.findtext("status") == "open"


# --------------------------------------------------------------------------- cross-cutting (29–31)


def test_every_datetime_has_a_time_zone(client, reports):
    responses = [client.get(url("discovery")), client.get(url("requests")),
                 client.get(url("requests"), {"status": "closed"}),
                 client.get(url("request", service_request_id=reports["litter"].reference))]
    found = [value for response in responses for value in datetimes_in(as_json(response))]
    assert len(found) >= 8
    assert all(W3C.match(value) for value in found), found
    root = as_xml(client.get(url("requests", "xml")))
    xml_values = [element.text for element in root.iter() if element.tag.endswith("_datetime") and element.text]
    assert xml_values and all(W3C.match(value) for value in xml_values)


@pytest.mark.parametrize("path", ["/open311/v2/requests.csv", "/open311/v2/services.html", "/open311/v2/discovery.yaml",
                                  "/open311/v2/requests/M-2026-AAAAAA.rss", "/open311/v2/", "/open311/v3/services.xml"])
def test_unknown_addresses_and_suffixes_are_not_found_as_xml_errors(client, desk_config, path):
    response = client.get(path)
    xml_error(response, 404)
    assert b"<html" not in response.content.lower()


def test_a_wrong_method_is_answered_in_the_requested_format(client, desk_config):
    response = client.put(url("services"))
    json_error(response, 405)
    assert "GET" in response["Allow"]
    xml_error(client.delete(url("requests", "xml")), 405)


def test_get_responses_may_be_read_by_browser_apps(client, desk_config):
    assert client.get(url("services"))["Access-Control-Allow-Origin"] == "*"


def test_an_unexpected_failure_is_still_an_open311_error(client, desk_config, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr("desk.cases.open311.views.public_cases", broken)
    json_error(client.get(url("requests")), 500)
    xml_error(client.get(url("requests", "xml")), 500)


def test_characters_xml_cannot_carry_are_dropped_not_served(client, desk_config):
    Category.objects.filter(slug="wegdek").update(description="Put\x0bin de weg")
    root = as_xml(client.get(url("services", "xml")))
    assert [s for s in xml_items(root, "service") if s["service_code"] == "wegdek"][0]["description"] == \
        "Putin de weg"


# --------------------------------------------------------------------------- OpenAPI and keys


def test_the_openapi_description_parses_and_lists_every_endpoint(client, desk_config):
    response = client.get(reverse("open311:openapi"))
    assert response.status_code == 200
    document = as_json(response)
    assert document["openapi"].startswith("3.")
    assert document["servers"][0]["url"] == "/open311/v2"
    assert set(document["paths"]) == {
        "/discovery.{format}", "/services.{format}", "/services/{service_code}.{format}", "/requests.{format}",
        "/requests/{service_request_id}.{format}", "/openapi.json",
    }
    assert set(document["paths"]["/requests.{format}"]) == {"get", "post"}
    # Every documented path answers on the server.
    for path in document["paths"]:
        concrete = path.replace("{format}", "json").replace("{service_code}", "straatverlichting")
        concrete = concrete.replace("{service_request_id}", "M-2026-ONBEKEND")
        status = client.get(f"/open311/v2{concrete}").status_code
        assert status == (404 if "service_request_id" in path else 200), path
    # Its component schemas are valid JSON Schema (OpenAPI 3.0 is a subset plus "nullable").
    for schema in document["components"]["schemas"].values():
        jsonschema.Draft7Validator.check_schema(schema)


def test_api_keys_are_stored_only_as_a_hash(desk_config):
    client, key = create_api_client(name="Fixi")
    assert len(key) >= 40
    stored = ApiClient.objects.get(pk=client.pk)
    assert stored.key_hash == hash_token(key) and key not in (stored.key_hash, stored.key_prefix)
    assert client_for_key(key) == stored
    assert client_for_key(key[:-1] + ("A" if key[-1] != "A" else "B")) is None
    assert client_for_key("") is None and client_for_key(None) is None


def test_the_management_command_prints_a_working_key_once(desk_config, capsys):
    call_command("create_open311_key", "Fixi Gent", "--contact", "dev@fixi.invalid")
    output = capsys.readouterr().out.splitlines()
    key = output[1].strip()
    client = client_for_key(key)
    assert client is not None and client.name == "Fixi Gent" and client.contact == "dev@fixi.invalid"
    assert key not in json.dumps(list(ApiClient.objects.values()), default=str)


def test_a_stray_post_is_refused_in_the_open311_format_not_by_the_csrf_page(desk_config):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    json_error(strict.post(url("services")), 405)
    xml_error(strict.post("/open311/v2/requests.csv"), 404)
