"""The city's area: its shape and the districts that divide it (``DESK_CITY_GEOJSON``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import shapely
from django.core.exceptions import ImproperlyConfigured
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

from city.geo.coordinates import are_finite
from city.geo.sources import city_geojson_path, read_feature_collection


@dataclass(frozen=True)
class _Area:
    city: BaseGeometry  # lon/lat (x/y), prepared for fast point tests
    districts: tuple[tuple[str, str, BaseGeometry], ...]  # (code, name, polygon)


@lru_cache(maxsize=1)
def _area() -> _Area:
    path = city_geojson_path()
    city: BaseGeometry | None = None
    districts: list[tuple[str, str, BaseGeometry]] = []
    for feature in read_feature_collection(path)["features"]:
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


def clear_area_cache() -> None:
    """Forget the loaded city file (see ``city.geo.streets.clear_caches``)."""
    _area.cache_clear()


def inside_city(lat: float, lon: float) -> bool:
    """Whether the point lies in the city's territory (its border counts as inside)."""
    if not are_finite(lat, lon):
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
