"""city.geo: the fictional city's area, districts, addresses and distances."""

import json
import math

import pytest
from shapely.geometry import shape
from shapely.ops import unary_union

from city import geo
from registry.demo import CITY, POSTCODE, STREETS

GENT = (51.054, 3.717)
BRUSSELS = (50.8467, 4.3525)
HOUSE_NUMBERS = (1, 2, 17, 60, 99, 120, 160)


def destination(lat, lon, bearing_deg, meters):
    """The point ``meters`` away on a great circle (the inverse of haversine), for circle tests."""
    delta = meters / geo.EARTH_RADIUS_M
    theta, phi1, lmb1 = math.radians(bearing_deg), math.radians(lat), math.radians(lon)
    phi2 = math.asin(math.sin(phi1) * math.cos(delta) + math.cos(phi1) * math.sin(delta) * math.cos(theta))
    lmb2 = lmb1 + math.atan2(
        math.sin(theta) * math.sin(delta) * math.cos(phi1), math.cos(delta) - math.sin(phi1) * math.sin(phi2)
    )
    return math.degrees(phi2), math.degrees(lmb2)


@pytest.fixture(scope="module")
def city_file():
    with geo.DEFAULT_CITY_GEOJSON.open(encoding="utf-8") as fh:
        return json.load(fh)


# --------------------------------------------------------------------------- data files


def test_city_file_has_one_irregular_city_and_four_districts(city_file):
    features = city_file["features"]
    cities = [f for f in features if f["properties"]["kind"] == "city"]
    assert len(cities) == 1
    assert cities[0]["properties"] == {"kind": "city", "code": POSTCODE, "name": CITY}
    ring = cities[0]["geometry"]["coordinates"][0]
    assert 10 <= len(ring) - 1 <= 14  # closed ring: the last point repeats the first
    city = shape(cities[0]["geometry"])
    assert city.is_valid
    assert city.area < 0.9 * city.envelope.area  # not a rectangle
    south, west, north, east = geo.city_bounds()
    # About 5 km x 4 km, in Flanders, away from Gent.
    assert 4000 < geo.distance_m(south, west, south, east) < 6000
    assert 3000 < geo.distance_m(south, west, north, west) < 5000
    assert 50.9 < south < north < 51.2 and 3.0 < west < east < 4.0
    districts = [f for f in features if f["properties"]["kind"] == "district"]
    assert [f["properties"]["code"] for f in districts] == ["centrum", "noord", "zuid", "west"]


def test_districts_tile_the_city(city_file):
    city = next(shape(f["geometry"]) for f in city_file["features"] if f["properties"]["kind"] == "city")
    parts = [shape(f["geometry"]) for f in city_file["features"] if f["properties"]["kind"] == "district"]
    for part in parts:
        assert part.is_valid
        assert city.buffer(1e-6).contains(part)
    assert unary_union(parts).area == pytest.approx(city.area, rel=1e-4)
    assert sum(part.area for part in parts) == pytest.approx(city.area, rel=1e-4)  # no overlaps


def test_every_point_in_the_city_has_a_district():
    south, west, north, east = geo.city_bounds()
    inside = 0
    for i in range(41):
        for j in range(41):
            lat, lon = south + (north - south) * i / 40, west + (east - west) * j / 40
            if geo.inside_city(lat, lon):
                inside += 1
                assert geo.district_for(lat, lon) is not None, (lat, lon)
            else:
                assert geo.district_for(lat, lon) is None
    assert inside > 800


def test_streets_file_covers_the_demo_registry():
    assert sorted(geo.streets()) == sorted(STREETS)
    assert geo.streets() == sorted(geo.streets(), key=str.lower)


def test_every_street_point_lies_in_the_city_and_a_district():
    for name, lat, lon in geo.street_points(step_m=10):
        assert geo.inside_city(lat, lon), name
        assert geo.district_for(lat, lon) is not None, name


@pytest.mark.parametrize("street", STREETS)
def test_every_street_geocodes_inside_the_city(street):
    for text in (street, *(f"{street} {n}" for n in HOUSE_NUMBERS)):
        place = geo.geocode(text)
        assert place is not None, text
        assert place.street == street
        assert place.postcode == POSTCODE and place.municipality == CITY
        assert geo.inside_city(place.lat, place.lon), text
        assert geo.district_for(place.lat, place.lon) in {code for code, _ in geo.districts()}


@pytest.mark.parametrize("street", STREETS)
def test_reverse_of_a_geocoded_address_is_the_same_street(street):
    for number in HOUSE_NUMBERS:
        place = geo.geocode(f"{street} {number}")
        back = geo.reverse_geocode(place.lat, place.lon)
        assert back is not None
        assert back.street == street
        assert abs(int(back.number) - number) <= 1  # rounding along the line
        assert back.label == f"{street} {back.number}, {POSTCODE} {CITY}"
        assert (back.lat, back.lon) == (place.lat, place.lon)  # the pin stays where the resident put it


def test_house_numbers_run_along_the_street():
    first, middle, last = (geo.geocode(f"Stationsstraat {n}") for n in (1, 80, 160))
    assert geo.distance_m(first.lat, first.lon, middle.lat, middle.lon) > 100
    assert geo.distance_m(middle.lat, middle.lon, last.lat, last.lon) > 100
    beyond = geo.geocode("Stationsstraat 999")
    assert (beyond.lat, beyond.lon) == pytest.approx((last.lat, last.lon))  # clamped to the street's end
    assert beyond.number == "999"


# --------------------------------------------------------------------------- geocode


@pytest.mark.parametrize(
    ("text", "street", "number", "box"),
    [
        ("Kerkstraat 12", "Kerkstraat", "12", ""),
        ("kerkstraat 12, 9999 Stad Voorbeeld", "Kerkstraat", "12", ""),
        ("  KERKSTRAAT   12 ,  9999   stad voorbeeld , ", "Kerkstraat", "12", ""),
        ("Kerkstraat 12 9999 Stad Voorbeeld", "Kerkstraat", "12", ""),
        ("Kerkstraat 12, Stad Voorbeeld", "Kerkstraat", "12", ""),
        ("Kerkstraat 12, 9999", "Kerkstraat", "12", ""),
        ("Kerkstraat 12, België", "Kerkstraat", "12", ""),
        ("Kèrkstraat 12", "Kerkstraat", "12", ""),
        ("Kerkstraat, 12", "Kerkstraat", "12", ""),
        ("Kerkstraat", "Kerkstraat", "", ""),
        ("kerkstraat, 9999 Stad Voorbeeld", "Kerkstraat", "", ""),
        ("Kerkstraat 9999 Stad-Voorbeeld", "Kerkstraat", "", ""),
        ("Kerkstraat 12A", "Kerkstraat", "12A", ""),
        ("Kerkstraat 12 a", "Kerkstraat", "12A", ""),
        ("Kerkstraat 12bis", "Kerkstraat", "12bis", ""),
        ("Koning Albertlaan 3 bus 2", "Koning Albertlaan", "3", "2"),
        ("koning-albertlaan 3bus2", "Koning Albertlaan", "3", "2"),
        ("Koning Albertlaan 3, bus 2, 9999 Stad Voorbeeld", "Koning Albertlaan", "3", "2"),
        ("Koning Albertlaan 3 bte 101", "Koning Albertlaan", "3", "101"),
        ("Stationsstraat 4/101", "Stationsstraat", "4", "101"),
        ("Marktplein 7 b 3", "Marktplein", "7", "3"),
    ],
)
def test_geocode_variants(text, street, number, box):
    place = geo.geocode(text)
    assert place is not None, text
    assert (place.street, place.number, place.box) == (street, number, box)
    address = " ".join(p for p in (street, number, f"bus {box}" if box else "") if p)
    assert place.label == f"{address}, 9999 Stad Voorbeeld"


def test_street_without_number_is_placed_on_the_street():
    place = geo.geocode("Kerkstraat")
    assert geo.reverse_geocode(place.lat, place.lon).street == "Kerkstraat"


@pytest.mark.parametrize(
    "text",
    [
        "Onbekendestraat 12",
        "Kerkstr 12",
        "Kerkstraat 12, 9000 Gent",
        "Kerkstraat 12, Gent",
        "Kerkstraat 12 Antwerpen",
        "Kerkstraat 12, 9998 Stad Voorbeeld",
        "Kerkstraat 12, 9999 Gent",
        "Kerkstraat 0",
        "Kerkstraat 12 13",
        "12 Kerkstraat",
        "9999 Stad Voorbeeld",
        "",
        "   ",
        ",,,",
        "Kerkstraat " + "1" * 300,
    ],
)
def test_geocode_refuses_what_is_not_an_address_here(text):
    assert geo.geocode(text) is None


def test_geocode_ignores_non_text():
    assert geo.geocode(None) is None  # type: ignore[arg-type]
    assert geo.geocode(12) is None  # type: ignore[arg-type]


def test_settings_change_the_postcodes_and_name(settings):
    assert geo.geocode("Kerkstraat 1, 9998") is None
    settings.DESK_CITY_POSTCODES = ["9999", "9998"]
    settings.DESK_CITY_NAME = "Voorbeeldstad"
    place = geo.geocode("Kerkstraat 1, 9998 Voorbeeldstad")
    assert place is not None
    assert place.label == "Kerkstraat 1, 9998 Voorbeeldstad"
    assert geo.geocode("Kerkstraat 1, 9999 Stad Voorbeeld") is None
    assert geo.geocode("Kerkstraat 1").postcode == "9999"


def test_settings_change_the_data_files(settings, tmp_path):
    streets = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": "Proefstraat", "first": 1, "last": 10},
                "geometry": {"type": "LineString", "coordinates": [[3.42, 51.03], [3.421, 51.031]]},
            }
        ],
    }
    path = tmp_path / "streets.json"
    path.write_text(json.dumps(streets), encoding="utf-8")
    settings.DESK_STREETS_FILE = str(path)
    assert geo.streets() == ["Proefstraat"]
    assert geo.geocode("Kerkstraat 1") is None
    assert geo.geocode("Proefstraat 10").lat == pytest.approx(51.031)


# --------------------------------------------------------------------------- area


@pytest.mark.parametrize("point", [GENT, BRUSSELS, (51.2194, 4.4025), (0.0, 0.0)])
def test_points_elsewhere_are_outside(point):
    assert not geo.inside_city(*point)
    assert geo.district_for(*point) is None
    assert geo.reverse_geocode(*point) is None


@pytest.mark.parametrize("point", [(math.nan, 3.42), (51.03, math.inf), ("x", 3.42)])
def test_garbage_points_are_outside(point):
    assert not geo.inside_city(*point)
    assert geo.district_for(*point) is None


def test_centre_and_districts():
    lat, lon = geo.city_centre()
    assert geo.inside_city(lat, lon)
    assert geo.district_for(lat, lon) == "centrum"
    assert geo.distance_m(lat, lon, 51.03, 3.42) < 300
    south, west, north, east = geo.city_bounds()
    assert south < lat < north and west < lon < east
    assert geo.districts() == [("centrum", "Centrum"), ("noord", "Noord"), ("zuid", "Zuid"), ("west", "West")]
    for address, district in [
        ("Stationsstraat 160", "noord"),
        ("Meersstraat 160", "zuid"),
        ("Dorpsstraat 160", "west"),
    ]:
        place = geo.geocode(address)
        assert geo.district_for(place.lat, place.lon) == district


def test_reverse_geocode_needs_a_street_nearby():
    place = geo.geocode("Lindelaan 80")
    lat, lon = destination(place.lat, place.lon, 0, 60)  # 60 m off the street
    assert geo.reverse_geocode(lat, lon).street == "Lindelaan"
    assert geo.reverse_geocode(lat, lon, max_distance_m=30) is None


# --------------------------------------------------------------------------- distances


def test_distance_of_known_pairs():
    # LAX - JFK: 3,983 km on the WGS84 ellipsoid; the sphere is within 1 %.
    assert geo.distance_m(33.9425, -118.4081, 40.6398, -73.7789) == pytest.approx(3_983_000, rel=0.01)
    # One degree along a meridian: 111.1 - 111.7 km on the ellipsoid.
    assert geo.distance_m(51.0, 3.42, 52.0, 3.42) == pytest.approx(111_250, rel=0.01)
    assert geo.distance_m(51.03, 3.42, 51.03, 3.42) == 0
    assert geo.distance_m(*GENT, *BRUSSELS) == geo.distance_m(*BRUSSELS, *GENT)


@pytest.mark.parametrize("centre", [(51.03, 3.42), (0.0, 0.0), (-33.86, 151.2), (78.2, 15.6)])
@pytest.mark.parametrize("radius", [1.0, 150.0, 2500.0, 50_000.0])
def test_bbox_contains_the_circle(centre, radius):
    south, west, north, east = geo.bbox_around(*centre, radius)
    assert south < centre[0] < north and west < centre[1] < east
    for bearing in range(0, 360, 3):
        lat, lon = destination(*centre, bearing, radius)
        assert south - 1e-9 <= lat <= north + 1e-9, bearing
        assert west - 1e-9 <= lon <= east + 1e-9, bearing
    # Tight: the box's north edge is the circle's northernmost point.
    assert geo.distance_m(*centre, north, centre[1]) == pytest.approx(radius, rel=1e-6)
    assert geo.distance_m(*centre, centre[0], east) >= radius * (1 - 1e-9)


def test_bbox_near_the_pole_spans_all_longitudes():
    assert geo.bbox_around(89.99, 10, 5000) == (pytest.approx(89.945, abs=1e-3), -180.0, 90.0, 180.0)


@pytest.mark.parametrize("args", [(51.0, 3.4, -1), (math.nan, 3.4, 10), (51.0, 3.4, math.inf)])
def test_bbox_refuses_nonsense(args):
    with pytest.raises(ValueError):
        geo.bbox_around(*args)


# --------------------------------------------------------------------------- parse_coordinate


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("51.03", 51.03),
        ("51,03", 51.03),
        (" 3,4201 ", 3.4201),
        ("-3.5", -3.5),
        ("+3.5", 3.5),
        ("51", 51.0),
        (",5", 0.5),
        ("51.", 51.0),
        (51, 51.0),
        (3.42, 3.42),
    ],
)
def test_parse_coordinate(value, expected):
    assert geo.parse_coordinate(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "",
        " ",
        "abc",
        "51.03.1",
        "51,03,1",
        "1,234.5",
        "nan",
        "NaN",
        "inf",
        "-Infinity",
        "1e5",
        "1_0",
        "51.03N",
        "--1",
        math.nan,
        math.inf,
        True,
        None,
        [51.0],
    ],
)
def test_parse_coordinate_refuses_garbage(value):
    with pytest.raises(ValueError):
        geo.parse_coordinate(value)
