"""The city's area, its districts, its street addresses and distances, without PostGIS.

Coordinates are plain floats: latitude and longitude in WGS84 decimal degrees, always passed
in that order (``lat, lon``). The data files use GeoJSON's own order (``[lon, lat]``).

Two data files describe the city (both replaceable through settings, see below):

* ``DESK_CITY_GEOJSON`` (default ``city/data/city.geojson``): a FeatureCollection with one
  polygon feature ``{"kind": "city"}`` and the ``{"kind": "district", "code": ..., "name": ...}``
  polygons that divide it.
* ``DESK_STREETS_FILE`` (default ``city/data/streets.json``): a FeatureCollection of LineStrings
  with ``{"name": ..., "first": 1, "last": 160}``; house numbers are spread evenly along the line.
  That is an approximation good enough to prefill a map and to group reports; a real deployment
  can swap in a file derived from the address register (Adressenregister), one LineString per
  street (names must be unique).

The bundled files describe the fictional "Stad Voorbeeld" (postcode 9999), placed in open
country between Aalter and Deinze so that no real city centre lies inside it. Its street names
are those of ``registry.demo.STREETS``, so every demo resident's address can be geocoded.

Both files are read once and cached; a ``setting_changed`` signal (tests' ``settings`` fixture,
``override_settings``) clears the caches, and so does :func:`clear_caches`.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import shapely
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver
from shapely.geometry import LineString, Point, shape
from shapely.geometry.base import BaseGeometry
from shapely.strtree import STRtree

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_CITY_GEOJSON = DATA_DIR / "city.geojson"
DEFAULT_STREETS_FILE = DATA_DIR / "streets.json"
DEFAULT_POSTCODES = ("9999",)

# Mean Earth radius (IUGG). Haversine on a sphere is within 0.5 % of the ellipsoid everywhere,
# far better than a resident's tap on a phone map.
EARTH_RADIUS_M = 6_371_008.8
# A reverse-geocoded point further than this from any street gets no address: a guessed
# street 300 m away would mislead the desk more than an honest "no address".
REVERSE_MAX_DISTANCE_M = 150.0

_SETTINGS = ("DESK_CITY_GEOJSON", "DESK_STREETS_FILE", "DESK_CITY_POSTCODES", "DESK_CITY_NAME", "CITY_NAME")


@dataclass(frozen=True)
class Place:
    """A geocoded address: a point plus the address parts and a printable label."""

    lat: float
    lon: float
    street: str
    number: str  # "" when only the street is known (the point is then the street's middle)
    postcode: str
    municipality: str
    label: str  # "Kerkstraat 12 bus 2, 9999 Stad Voorbeeld"
    box: str = ""  # "bus"/"bte" number of an apartment, kept apart so forms can store it separately


# --------------------------------------------------------------------------- settings and data


def _city_name() -> str:
    return str(getattr(settings, "DESK_CITY_NAME", None) or getattr(settings, "CITY_NAME", "Stad Voorbeeld"))


def _postcodes() -> tuple[str, ...]:
    value = getattr(settings, "DESK_CITY_POSTCODES", None) or DEFAULT_POSTCODES
    if isinstance(value, str):  # a single postcode given as a string is an easy mistake in settings
        value = [value]
    return tuple(str(code).strip() for code in value)


def _read_json(path: Path) -> dict[str, Any]:
    try:
        with path.open(encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError) as exc:
        raise ImproperlyConfigured(f"Cannot read geographic data file {path}: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("features"), list):
        raise ImproperlyConfigured(f"{path} is not a GeoJSON FeatureCollection.")
    return data


@dataclass(frozen=True)
class _Area:
    city: BaseGeometry  # lon/lat (x/y), prepared for fast point tests
    districts: tuple[tuple[str, str, BaseGeometry], ...]  # (code, name, polygon)


@lru_cache(maxsize=1)
def _area() -> _Area:
    path = Path(getattr(settings, "DESK_CITY_GEOJSON", None) or DEFAULT_CITY_GEOJSON)
    city: BaseGeometry | None = None
    districts: list[tuple[str, str, BaseGeometry]] = []
    for feature in _read_json(path)["features"]:
        props = feature.get("properties") or {}
        geom = shape(feature["geometry"])
        if geom.geom_type not in ("Polygon", "MultiPolygon") or not geom.is_valid:
            raise ImproperlyConfigured(f"{path}: feature {props!r} is not a valid (multi)polygon.")
        shapely.prepare(geom)
        if props.get("kind") == "city":
            if city is not None:
                raise ImproperlyConfigured(f"{path}: more than one feature has kind 'city'.")
            city = geom
        elif props.get("kind") == "district":
            districts.append((str(props["code"]), str(props.get("name") or props["code"]), geom))
    if city is None:
        raise ImproperlyConfigured(f"{path}: no feature has kind 'city'.")
    return _Area(city=city, districts=tuple(districts))


@dataclass(frozen=True)
class _Projection:
    """A local equirectangular projection to metres around the city.

    Over a few kilometres its error is a few centimetres, and it lets shapely measure distances
    along and between streets in metres without pulling in pyproj.
    """

    lat0: float
    lon0: float

    @property
    def _kx(self) -> float:
        return math.radians(1) * EARTH_RADIUS_M * math.cos(math.radians(self.lat0))

    def to_xy(self, lat: float, lon: float) -> tuple[float, float]:
        return (lon - self.lon0) * self._kx, (lat - self.lat0) * math.radians(1) * EARTH_RADIUS_M

    def to_latlon(self, x: float, y: float) -> tuple[float, float]:
        return self.lat0 + y / (math.radians(1) * EARTH_RADIUS_M), self.lon0 + x / self._kx


@dataclass(frozen=True)
class _Street:
    name: str
    key: str
    first: int
    last: int
    line: LineString  # in metres (see _Projection)


@dataclass(frozen=True)
class _StreetIndex:
    projection: _Projection
    streets: tuple[_Street, ...]
    by_key: dict[str, _Street]
    tree: STRtree


@lru_cache(maxsize=1)
def _street_index() -> _StreetIndex:
    path = Path(getattr(settings, "DESK_STREETS_FILE", None) or DEFAULT_STREETS_FILE)
    lat0, lon0 = city_centre()
    projection = _Projection(lat0, lon0)
    streets: list[_Street] = []
    for feature in _read_json(path)["features"]:
        props = feature.get("properties") or {}
        geometry = feature.get("geometry") or {}
        coords = geometry.get("coordinates") or []
        if geometry.get("type") != "LineString" or len(coords) < 2 or not props.get("name"):
            raise ImproperlyConfigured(f"{path}: every feature needs a name and a LineString of 2+ points.")
        name = str(props["name"])
        first, last = int(props.get("first", 1)), int(props.get("last", 120))
        if not 1 <= first < last:
            raise ImproperlyConfigured(f"{path}: {name} needs 1 <= first < last house number.")
        line = LineString([projection.to_xy(float(lat), float(lon)) for lon, lat in coords])
        streets.append(_Street(name=name, key=_key(name), first=first, last=last, line=line))
    by_key = {street.key: street for street in streets}
    if len(by_key) != len(streets):
        raise ImproperlyConfigured(f"{path}: street names must be unique (ignoring case and accents).")
    return _StreetIndex(
        projection=projection,
        streets=tuple(streets),
        by_key=by_key,
        tree=STRtree([street.line for street in streets]),
    )


def clear_caches() -> None:
    """Forget the loaded data files (after changing the settings that point at them)."""
    _area.cache_clear()
    _street_index.cache_clear()
    _city_key.cache_clear()


@receiver(setting_changed)
def _on_setting_changed(*, setting: str, **kwargs: Any) -> None:
    if setting in _SETTINGS:
        clear_caches()


# --------------------------------------------------------------------------- area


def _finite(*values: float) -> bool:
    try:
        return all(math.isfinite(float(v)) for v in values)
    except (TypeError, ValueError):
        return False


def inside_city(lat: float, lon: float) -> bool:
    """Whether the point lies in the city's territory (its border counts as inside)."""
    if not _finite(lat, lon):
        return False
    return bool(_area().city.covers(Point(float(lon), float(lat))))


def district_for(lat: float, lon: float) -> str | None:
    """The code of the district the point lies in, or ``None`` outside the city."""
    if not inside_city(lat, lon):
        return None
    area = _area()
    point = Point(float(lon), float(lat))
    for code, _name, polygon in area.districts:
        if polygon.covers(point):
            return code
    if not area.districts:
        return None
    # Hand-drawn or rounded district files leave hairline slivers between neighbours; a point
    # inside the city belongs to the nearest district rather than to none.
    return min(area.districts, key=lambda d: d[2].distance(point))[0]


def districts() -> list[tuple[str, str]]:
    """The city's districts as ``(code, name)`` pairs, in the data file's order (for choices)."""
    return [(code, name) for code, name, _polygon in _area().districts]


def city_bounds() -> tuple[float, float, float, float]:
    """The city's bounding box as ``(south, west, north, east)`` (a map's initial view)."""
    west, south, east, north = _area().city.bounds
    return south, west, north, east


def city_centre() -> tuple[float, float]:
    """A central point ``(lat, lon)`` that is guaranteed to lie inside the city."""
    city = _area().city
    centre = city.centroid
    if not city.covers(centre):  # a crescent-shaped city has its centroid outside it
        centre = city.representative_point()
    return centre.y, centre.x


# --------------------------------------------------------------------------- distances


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine on the mean Earth sphere)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def bbox_around(lat: float, lon: float, meters: float) -> tuple[float, float, float, float]:
    """The smallest ``(south, west, north, east)`` box holding every point within ``meters``.

    Meant as an index-friendly SQL prefilter (``lat BETWEEN south AND north AND lon BETWEEN west
    AND east``) before the exact :func:`distance_m`. The longitude half-width is
    ``asin(sin(d) / cos(lat))``, the true extent of a spherical circle, not ``d / cos(lat)``,
    which is slightly too narrow. Boxes crossing the antimeridian are not split (irrelevant for
    a Belgian city); near a pole the box spans all longitudes.
    """
    if meters < 0 or not _finite(lat, lon, meters):
        raise ValueError("bbox_around needs finite coordinates and a non-negative distance.")
    delta = meters / EARTH_RADIUS_M  # angular radius
    phi = math.radians(lat)
    south, north = math.degrees(phi - delta), math.degrees(phi + delta)
    if south <= -90 or north >= 90:
        return max(south, -90.0), -180.0, min(north, 90.0), 180.0
    dlon = math.degrees(math.asin(min(1.0, math.sin(delta) / math.cos(phi))))
    return south, lon - dlon, north, lon + dlon


# --------------------------------------------------------------------------- addresses


def _fold(text: str) -> str:
    """Lower-case and drop accents ("Église" -> "eglise") so typing variants match."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _key(name: str) -> str:
    """Compare names on letters and digits only: "Koning-Albertlaan" equals "koning albertlaan"."""
    return re.sub(r"[^0-9a-z]", "", _fold(name))


@lru_cache(maxsize=1)
def _city_key() -> str:
    return _key(_city_name())


def streets() -> list[str]:
    """All street names, sorted as a resident expects (for a datalist/autocomplete)."""
    return sorted((street.name for street in _street_index().streets), key=_fold)


def _label(street: str, number: str, box: str, postcode: str, municipality: str) -> str:
    address = " ".join(part for part in (street, number, f"bus {box}" if box else "") if part)
    return f"{address}, {postcode} {municipality}"


def _place_on(street: _Street, number: int | None, *, shown: str = "", box: str = "", postcode: str = "") -> Place:
    index = _street_index()
    if number is None:
        fraction = 0.5  # street without number: its middle is the best single guess
    else:
        # Numbers beyond the file's range sit at the line's ends: the registry may know a
        # newer building that the street file does not.
        fraction = min(1.0, max(0.0, (number - street.first) / (street.last - street.first)))
    point = street.line.interpolate(fraction, normalized=True)
    lat, lon = index.projection.to_latlon(point.x, point.y)
    postcode = postcode or _postcodes()[0]
    municipality = _city_name()
    return Place(
        lat=round(lat, 7),
        lon=round(lon, 7),
        street=street.name,
        number=shown,
        postcode=postcode,
        municipality=municipality,
        label=_label(street.name, shown, box, postcode, municipality),
        box=box,
    )


_TOKEN = re.compile(r"\d+[a-z]*|[a-z]+|[,/]")
_BOX_WORDS = {"bus", "bte", "boite", "box", "b"}
_COUNTRY_WORDS = {"belgie", "belgique", "belgium", "belgien", "be"}
_NUMBER = re.compile(r"(\d{1,5})([a-z]{0,3})")


def _tokens(text: str) -> list[str]:
    # Dots, hyphens and apostrophes vanish inside names ("Sint-Niklaas", "Kon.") but separate
    # numbers from words; commas are kept because they tell a postcode from a house number.
    return _TOKEN.findall(re.sub(r"[.'’\-]", " ", _fold(text)))


def _is_locality_tail(tokens: list[str]) -> bool:
    """Whether the tokens are only words (a municipality name), possibly after commas."""
    return all(tok == "," or tok.isalpha() for tok in tokens)


def _match_street(tokens: list[str]) -> tuple[_Street, list[str]] | None:
    """The street named by the longest run of leading words, and the tokens after it."""
    words = 0
    while words < len(tokens) and tokens[words].isalpha():
        words += 1
    by_key = _street_index().by_key
    for end in range(words, 0, -1):  # longest first: "Koning Albertlaan" before a "Koning" street
        street = by_key.get("".join(tokens[:end]))
        if street is not None:
            return street, tokens[end:]
    return None


def _postcode_ahead(tokens: list[str], *, after_comma: bool = False) -> bool:
    """Whether ``tokens`` starts with a four-digit postcode rather than a house number.

    It is one when only a name follows ("Kerkstraat 9999 Stad Voorbeeld") or when a comma sets
    it apart at the end ("Kerkstraat, 9999").
    """
    first = tokens[0] if tokens else ""
    if len(first) != 4 or not first.isdigit():
        return False
    if len(tokens) == 1:
        return after_comma
    return _is_locality_tail(tokens[1:])


def _skip_commas(tokens: list[str]) -> tuple[list[str], bool]:
    start = 0
    while start < len(tokens) and tokens[start] == ",":
        start += 1
    return tokens[start:], start > 0


def _take_number(tokens: list[str]) -> tuple[int | None, str, str, list[str]]:
    """Split a leading house number and box off the tokens after the street name.

    Returns ``(number, shown, box, rest)``: ``number`` is ``None`` when there is none (and 0 for
    the impossible house number 0), ``shown`` the number as printed ("12", "12A", "12bis").
    Commas between street, number and box are tolerated ("Kerkstraat, 12, bus 3").
    """
    after_street, after_comma = _skip_commas(tokens)
    if not after_street or not after_street[0][0].isdigit() or _postcode_ahead(after_street, after_comma=after_comma):
        return None, "", "", tokens
    match = _NUMBER.fullmatch(after_street[0])
    if match is None:
        return 0, "", "", tokens
    number, suffix, rest = int(match.group(1)), match.group(2), after_street[1:]
    box = ""
    tail, _ = _skip_commas(rest)
    if suffix in _BOX_WORDS and rest and rest[0].isalnum() and rest[0][0].isdigit() and not _postcode_ahead(rest):
        box, suffix, rest = rest[0].upper(), "", rest[1:]  # "3bus 2", "12b2"
    elif len(tail) >= 2 and (tail[0] in _BOX_WORDS or tail[0] == "/") and tail[1].isalnum() and len(tail[1]) <= 5:
        if not _postcode_ahead(tail[1:]):
            box, rest = tail[1].upper(), tail[2:]  # "3 bus 2", "3 bte 2", "4/101", "3, bus 2"
    elif not suffix and rest and len(rest[0]) == 1 and rest[0].isalpha() and (len(rest) == 1 or rest[1] == ","):
        suffix, rest = rest[0], rest[1:]  # "12 a" is 12A
    shown = f"{number}{suffix.upper()}" if len(suffix) == 1 else f"{number}{suffix}"
    return number, shown, box, rest


def geocode(text: str) -> Place | None:
    """Find a city address in free text, or ``None`` if it is not (recognisably) in this city.

    Understands "Kerkstraat 12", "kerkstraat 12, 9999 Stad Voorbeeld", "Kerkstraat",
    "Koning Albertlaan 3 bus 2", "Stationsstraat 4/101", "Kerkstraat 12A", ignoring case, accents,
    extra spaces and commas. An unknown street, a postcode that is not the city's, or another
    municipality's name gives ``None`` (a "Kerkstraat" exists in half of Flanders).
    """
    if not isinstance(text, str) or len(text) > 200:  # 200: far beyond any address, keeps parsing cheap
        return None
    tokens, _ = _skip_commas(_tokens(text))
    # The street: the longest run of leading words that names a known street.
    matched = _match_street(tokens)
    if matched is None:
        return None
    street, rest = matched
    number, shown, box, rest = _take_number(rest)
    if number == 0:
        return None

    # The locality: an optional postcode and an optional municipality name, in any comma layout.
    postcode = ""
    locality: list[str] = []
    for tok in rest:
        if tok == ",":
            continue
        if tok.isdigit() and len(tok) == 4 and not postcode and not locality:
            postcode = tok
        elif tok.isalpha():
            locality.append(tok)
        else:
            return None  # a stray number or box we could not place: better no answer than a wrong one
    while locality and locality[-1] in _COUNTRY_WORDS:
        locality.pop()
    if postcode and postcode not in _postcodes():
        return None
    if locality and "".join(locality) != _city_key():
        return None
    return _place_on(street, number, shown=shown, box=box, postcode=postcode)


def reverse_geocode(lat: float, lon: float, *, max_distance_m: float = REVERSE_MAX_DISTANCE_M) -> Place | None:
    """The nearest street address to a point in the city (house number interpolated).

    ``None`` outside the city or when no street lies within ``max_distance_m``.
    """
    if not inside_city(lat, lon):
        return None
    index = _street_index()
    point = Point(index.projection.to_xy(float(lat), float(lon)))
    hits = index.tree.query_nearest(point, max_distance=max_distance_m, all_matches=False)
    if len(hits) == 0:
        return None
    street = index.streets[int(hits[0])]
    fraction = street.line.project(point, normalized=True)
    number = max(street.first, round(street.first + fraction * (street.last - street.first)))
    # Keep the resident's own point: the address only names it, it should not move the pin.
    return dataclasses.replace(_place_on(street, number, shown=str(number)), lat=float(lat), lon=float(lon))


# --------------------------------------------------------------------------- input parsing

_COORDINATE = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)")


def parse_coordinate(value: str | float | int) -> float:
    """Read one coordinate from a form or query string: "51.03" and "51,03" (Belgian comma).

    Raises ``ValueError`` for anything else, including NaN, infinity, exponents, thousands
    separators and booleans. Range checks (latitude within +-90, inside the city) are the
    caller's: only it knows which coordinate this is.
    """
    if isinstance(value, bool):  # bool is an int: True would quietly become 1.0
        raise ValueError("A coordinate cannot be a boolean.")
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        text = value.strip()
        if not _COORDINATE.fullmatch(text):
            raise ValueError(f"Not a coordinate: {value!r}")
        number = float(text.replace(",", "."))
    else:
        raise ValueError(f"Not a coordinate: {value!r}")
    if not math.isfinite(number):
        raise ValueError(f"Not a finite coordinate: {value!r}")
    return number


def _iter_street_points(step_m: float = 25.0) -> Iterable[tuple[str, float, float]]:
    """Points every ``step_m`` along every street as ``(name, lat, lon)`` (used by data checks)."""
    index = _street_index()
    for street in index.streets:
        steps = max(1, math.ceil(street.line.length / step_m))
        for i in range(steps + 1):
            point = street.line.interpolate(i / steps, normalized=True)
            lat, lon = index.projection.to_latlon(point.x, point.y)
            yield street.name, lat, lon
