"""The area of a crisis message: the whole city, a circle or a polygon, in WGS84 as CAP wants it.

The city's real shape comes from ``city.geo``: a circle's centre and every corner of a polygon must lie
inside it. CAP describes "the whole city" as the smallest circle around its centre that covers it.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from city import geo as city_geo


class AreaError(ValueError):
    """The area cannot be used; the message is translated and safe to show."""


@dataclass(frozen=True)
class City:
    lat: float
    lon: float
    radius_km: float


def city() -> City:
    """The circle around the city's centre that covers its bounding box (radius rounded up to 0.1 km)."""
    lat, lon = city_geo.city_centre()
    south, west, north, east = city_geo.city_bounds()
    farthest_m = max(city_geo.distance_m(lat, lon, corner_lat, corner_lon)
                     for corner_lat in (south, north) for corner_lon in (west, east))
    return City(lat, lon, math.ceil(farthest_m / 100) / 10)


def inside_city(lat: float, lon: float) -> bool:
    return city_geo.inside_city(lat, lon)


def check_circle(lat: float | None, lon: float | None, radius_km: float | None) -> None:
    if lat is None or lon is None or radius_km is None:
        raise AreaError(_("Geef de breedtegraad, de lengtegraad en de straal van de cirkel."))
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise AreaError(_("Deze coördinaten bestaan niet."))
    if not 0 < radius_km <= 2 * city().radius_km:
        raise AreaError(_("Kies een straal tussen 0 en %(max)s km.") % {"max": f"{2 * city().radius_km:g}"})
    if not inside_city(lat, lon):
        raise AreaError(_("Het midden van de cirkel ligt buiten %(city)s.") % {"city": settings.CITY_NAME})


def parse_polygon(text: str) -> list[tuple[float, float]]:
    """``"51.03,3.41 51.04,3.42 ..."`` (or one pair per line) → closed ring of (lat, lon), checked."""
    points = []
    for pair in (text or "").replace(";", " ").split():
        try:
            lat_text, lon_text = pair.split(",")
            points.append((float(lat_text), float(lon_text)))
        except ValueError:
            raise AreaError(_("Schrijf elk punt als breedtegraad,lengtegraad (bijvoorbeeld 51.03,3.42), "
                              "gescheiden door een spatie. '%(pair)s' lukt niet.") % {"pair": pair[:40]}) from None
    if points and points[0] != points[-1]:
        points.append(points[0])
    if len(points) < 4:
        raise AreaError(_("Een veelhoek heeft minstens drie verschillende punten."))
    if len(points) > 200:
        raise AreaError(_("Een veelhoek heeft hoogstens 200 punten."))
    for lat, lon in points:
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise AreaError(_("Deze coördinaten bestaan niet."))
        if not inside_city(lat, lon):
            raise AreaError(_("Een punt van de veelhoek ligt buiten %(city)s.") % {"city": settings.CITY_NAME})
    return points


def format_polygon(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{lat:.5f},{lon:.5f}" for lat, lon in points)


def format_circle(lat: float, lon: float, radius_km: float) -> str:
    return f"{lat:.5f},{lon:.5f} {radius_km:g}"
