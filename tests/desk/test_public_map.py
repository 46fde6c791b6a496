"""The public map of reports: what the public sees (and never sees), with and without JavaScript."""
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from city import geo
from city.photos import process_photo
from desk.cases import services
from desk.cases.selectors import public_map
from desk.models import Category
from desk.states import Channel, Kind, State
from tests.factories.desk import CaseFactory
from tests.factories.identity import StaffUserFactory

REPORTER_NAME = "Jan Peeters-Vandamme"
REPORTER_EMAIL = "jan.peeters@voorbeeld.test"
REPORTER_PHONE = "0470 12 34 56"
DESCRIPTION = "De lamp voor mijn deur is stuk, mijn buurvrouw Mia Claes valt er bijna elke avond"


@pytest.fixture(autouse=True)
def _dutch():
    with translation.override("nl"):
        yield


def a_photo():
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(buffer, format="JPEG")
    return process_photo(buffer.getvalue(), filename="lamp.jpg")


def point(north_m=0, east_m=0):
    lat, lon = geo.city_centre()
    return lat + north_m / 111_000, lon + east_m / 70_000


def report(category_slug="straatverlichting", *, at=None, where=(0, 0), address="Kerkstraat 12", photos=(),
           kind=Kind.REPORT):
    """A report with everything the public map must never show: who reported it, their contact details and words."""
    lat, lon = point(*where)
    return CaseFactory(slug=category_slug, kind=kind, description=DESCRIPTION, reporter_name=REPORTER_NAME,
                       reporter_email=REPORTER_EMAIL, reporter_phone=REPORTER_PHONE, latitude=lat, longitude=lon,
                       address=address, photos=photos, at=at or timezone.now())


@pytest.fixture
def agent(db):
    return StaffUserFactory(username="agent", role="desk_agent")


@pytest.fixture
def reports(desk_config, agent):
    now = timezone.now()
    open_one = report(where=(0, 0), photos=[a_photo()])
    recently_closed = report("sluikstort", at=now - timedelta(days=10), where=(300, 300), address="Stationsstraat 3")
    services.change_state(recently_closed, State.RESOLVED, actor=agent, public_note="We hebben het afval opgeruimd.",
                          internal_note="Interne notitie: ploeg 3 was te laat", at=now - timedelta(days=5))
    old_closed = report(at=now - timedelta(days=90), where=(-300, 0))
    services.change_state(old_closed, State.RESOLVED, actor=agent, public_note="Lamp hersteld.",
                          at=now - timedelta(days=60))
    private = report("parkeren", where=(0, 300), photos=[a_photo()])
    duplicate = report(where=(10, 10), photos=[a_photo()])
    services.merge(duplicate, into=open_one, actor=agent)
    return {"open": open_one, "closed": recently_closed, "old": old_closed, "private": private,
            "duplicate": duplicate}


def geojson(client, **params):
    response = client.get(reverse("desk:map_geojson"), params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/geo+json")
    return response.json()


def references(collection):
    return {feature["properties"]["reference"] for feature in collection["features"]}


def test_map_lists_open_and_recently_closed_reports_of_public_categories_only(client, reports):
    page = client.get(reverse("desk:map")).content.decode()
    assert reports["open"].reference in page
    assert reports["closed"].reference in page
    for hidden in ("private", "old", "duplicate"):
        assert reports[hidden].reference not in page

    found = references(geojson(client))
    assert found == {reports["open"].reference, reports["closed"].reference}


def test_the_list_works_without_javascript(client, reports):
    page = client.get(reverse("desk:map")).content.decode()
    assert '<ol id="report-list"' in page
    list_html = page[page.index('<ol id="report-list"'):page.index("</ol>", page.index('<ol id="report-list"'))]
    assert list_html.count("<article") == 2
    assert "Straatverlichting defect" in list_html
    assert "Sluikstort of zwerfvuil" in list_html
    assert "Open: ontvangen" in list_html
    assert "Afgehandeld: opgelost" in list_html
    assert "We hebben het afval opgeruimd." in list_html  # the public note of a closed report
    assert "Kerkstraat 12" in list_html and "Stationsstraat 3" in list_html
    assert reverse("desk:public_case", args=[reports["open"].reference]) in list_html
    # The map enhances the page: its container and scripts are there, no inline script or style.
    assert 'id="report-map"' in page and 'data-list-id="report-list"' in page
    assert "vendor/leaflet/leaflet.js" in page and "js/map.js" in page and "css/map.css" in page
    assert "<script>" not in page and "style=" not in page


def test_no_personal_data_or_description_reaches_the_public(client, reports):
    responses = [
        client.get(reverse("desk:map")).content.decode(),
        client.get(reverse("desk:map_geojson")).content.decode(),
        client.get(reverse("desk:public_case", args=[reports["open"].reference])).content.decode(),
        client.get(reverse("desk:public_case", args=[reports["closed"].reference])).content.decode(),
    ]
    for body in responses:
        for secret in (REPORTER_NAME, REPORTER_EMAIL, REPORTER_PHONE, DESCRIPTION, "Mia Claes",
                       "Interne notitie", "ploeg 3", "agent"):
            assert secret not in body


def test_geojson_features_carry_the_agreed_properties(client, reports):
    collection = geojson(client)
    assert collection["type"] == "FeatureCollection"
    feature = next(f for f in collection["features"] if f["properties"]["reference"] == reports["closed"].reference)
    lat, lon = point(300, 300)
    assert feature["geometry"]["type"] == "Point"
    # Rounded for the public (city.geo.public_coordinate): 4 decimals, about 10 m.
    assert feature["geometry"]["coordinates"] == [round(lon, 4), round(lat, 4)]
    properties = feature["properties"]
    assert properties["category"] == "Sluikstort of zwerfvuil"
    assert properties["status"] == "closed"
    assert properties["status_label"] == "opgelost"
    assert properties["created"] == timezone.localtime(reports["closed"].created_at).date().isoformat()
    assert properties["url"] == reverse("desk:public_case", args=[reports["closed"].reference])
    assert "photo_url" not in properties
    assert set(properties) == {"reference", "category", "status", "status_label", "created", "url"}


def test_photos_show_only_after_staff_publish_them(client, reports, agent):
    attachment = reports["open"].attachments.get()
    photo_url = reverse("desk:public_photo", args=[attachment.pk])
    assert client.get(photo_url).status_code == 404
    assert all("photo_url" not in f["properties"] for f in geojson(client)["features"])
    assert photo_url not in client.get(reverse("desk:public_case", args=[reports["open"].reference])).content.decode()

    services.publish_photo(attachment, actor=agent)

    response = client.get(photo_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "public" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8\xff")
    feature = next(f for f in geojson(client)["features"]
                   if f["properties"]["reference"] == reports["open"].reference)
    assert feature["properties"]["photo_url"] == photo_url
    detail = client.get(reverse("desk:public_case", args=[reports["open"].reference])).content.decode()
    assert f'src="{photo_url}"' in detail

    services.publish_photo(attachment, actor=agent, public=False)
    assert client.get(photo_url).status_code == 404


def test_a_published_photo_of_a_non_public_case_or_a_duplicate_stays_private(client, reports, agent):
    for name in ("private", "duplicate"):
        attachment = reports[name].attachments.get()
        services.publish_photo(attachment, actor=agent)
        assert client.get(reverse("desk:public_photo", args=[attachment.pk])).status_code == 404


def test_bounding_box_includes_reports_inside_and_excludes_those_outside(client, reports):
    lat, lon = point(0, 0)
    south, west, north, east = geo.bbox_around(lat, lon, 100)
    inside = references(geojson(client, bbox=f"{south},{west},{north},{east}"))
    assert inside == {reports["open"].reference}

    lat, lon = point(300, 300)
    south, west, north, east = geo.bbox_around(lat, lon, 100)
    assert references(geojson(client, bbox=f"{south},{west},{north},{east}")) == {reports["closed"].reference}

    rows = public_map.cases_in_bbox(*geo.city_bounds())
    assert {row["reference"] for row in rows} == {reports["open"].reference, reports["closed"].reference}


@pytest.mark.parametrize("bbox", ["1,2,3", "a,b,c,d", "51.1,3.4,51.0,3.5", "91,0,92,1", "nan,0,1,1"])
def test_a_malformed_bounding_box_is_refused_with_an_explanation(client, reports, bbox):
    response = client.get(reverse("desk:map_geojson"), {"bbox": bbox})
    assert response.status_code == 400
    assert "zuid,west,noord,oost" in response.json()["error"]


def test_category_and_status_filters(client, reports):
    assert references(geojson(client, categorie="sluikstort")) == {reports["closed"].reference}
    assert references(geojson(client, status="open")) == {reports["open"].reference}
    assert references(geojson(client, status="closed")) == {reports["closed"].reference}
    assert references(geojson(client, categorie="sluikstort", status="open")) == set()

    page = client.get(reverse("desk:map"), {"categorie": "sluikstort"}).content.decode()
    assert reports["closed"].reference in page and reports["open"].reference not in page
    # the map loads the same filtered data
    assert 'data-geojson-url="/meldingen/kaart.geojson?categorie=sluikstort"' in page

    page = client.get(reverse("desk:map"), {"status": "open"}).content.decode()
    assert reports["open"].reference in page and reports["closed"].reference not in page


def test_only_public_categories_can_be_chosen_and_others_are_ignored(client, reports):
    page = client.get(reverse("desk:map")).content.decode()
    assert 'value="sluikstort"' in page
    assert 'value="parkeren"' not in page
    # a non-public category in the query does not reveal its reports
    assert reports["private"].reference not in references(geojson(client, categorie="parkeren"))


def test_the_list_is_paginated(client, reports, monkeypatch):
    from desk.cases.views import public

    monkeypatch.setattr(public, "PAGE_SIZE", 1)
    first = client.get(reverse("desk:map")).content.decode()
    assert reports["open"].reference in first and reports["closed"].reference not in first
    assert "pagina=2" in first
    second = client.get(reverse("desk:map"), {"pagina": 2}).content.decode()
    assert reports["closed"].reference in second


def test_public_detail_shows_category_status_history_and_public_notes(client, reports):
    response = client.get(reverse("desk:public_case", args=[reports["closed"].reference]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Sluikstort of zwerfvuil</h1>" in page
    assert "Afgehandeld: opgelost" in page
    assert "Stationsstraat 3" in page
    history = page[page.index('<ol class="status-history">'):]
    assert "ontvangen" in history and "opgelost" in history
    assert "We hebben het afval opgeruimd." in history


def test_public_detail_is_not_found_for_non_public_cases(client, reports):
    for name in ("private", "duplicate"):
        response = client.get(reverse("desk:public_case", args=[reports[name].reference]))
        assert response.status_code == 404
    assert client.get(reverse("desk:public_case", args=["M-2026-NOPE00"])).status_code == 404


def test_a_question_without_location_never_reaches_the_map(client, desk_config):
    question = services.open_case(kind=Kind.QUESTION, channel=Channel.WEB, description="Wanneer is het stadhuis open?",
                                  category=Category.objects.get(slug="andere"))
    assert question.reference not in client.get(reverse("desk:map")).content.decode()
    assert client.get(reverse("desk:public_case", args=[question.reference])).status_code == 404


def test_the_map_reads_a_fixed_number_of_queries_whatever_the_number_of_reports(client, reports,
                                                                                django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        client.get(reverse("desk:map"))
    with django_assert_max_num_queries(5):
        client.get(reverse("desk:map_geojson"))


def test_an_open_report_can_be_followed_from_its_public_page(client, reports):
    page = client.get(reverse("desk:public_case", args=[reports["open"].reference])).content.decode()
    assert reverse("desk:follow", args=[reports["open"].reference]) in page
    page = client.get(reverse("desk:public_case", args=[reports["closed"].reference])).content.decode()
    assert reverse("desk:follow", args=[reports["closed"].reference]) not in page
