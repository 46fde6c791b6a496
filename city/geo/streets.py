"""The city's streets (``DESK_STREETS_FILE``): each one a line in local metres, found by its folded name."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver
from shapely.geometry import LineString
from shapely.strtree import STRtree

from city.geo.area import city_centre, clear_area_cache
from city.geo.distances import LocalProjection
from city.geo.sources import GEO_SETTINGS, read_feature_collection, streets_file_path


def fold(text: str) -> str:
    """Lower-case and drop accents ("Église" -> "eglise") so typing variants match."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def name_key(name: str) -> str:
    """Compare names on letters and digits only: "Koning-Albertlaan" equals "koning albertlaan"."""
    return re.sub(r"[^0-9a-z]", "", fold(name))


@dataclass(frozen=True)
class Street:
    """One street of the file: its house numbers run evenly from ``first`` to ``last`` along ``line``."""

    name: str
    key: str
    first: int
    last: int
    line: LineString  # in metres (see LocalProjection)


@dataclass(frozen=True)
class StreetIndex:
    """Every street, by position (``tree``) and by :func:`name_key` (``by_key``)."""

    projection: LocalProjection
    streets: tuple[Street, ...]
    by_key: dict[str, Street]
    tree: STRtree


@lru_cache(maxsize=1)
def street_index() -> StreetIndex:
    """The street file, read once (see :func:`clear_caches`)."""
    path = streets_file_path()
    lat0, lon0 = city_centre()
    projection = LocalProjection(lat0, lon0)
    streets: list[Street] = []
    for feature in read_feature_collection(path)["features"]:
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
        streets.append(Street(name=name, key=name_key(name), first=first, last=last, line=line))
    by_key = {street.key: street for street in streets}
    if len(by_key) != len(streets):
        raise ImproperlyConfigured(f"{path}: street names must be unique (ignoring case and accents).")
    return StreetIndex(
        projection=projection,
        streets=tuple(streets),
        by_key=by_key,
        tree=STRtree([street.line for street in streets]),
    )


def clear_caches() -> None:
    """Forget the loaded data files (after changing the settings that point at them)."""
    clear_area_cache()
    street_index.cache_clear()


@receiver(setting_changed)
def _on_setting_changed(*, setting: str, **kwargs: Any) -> None:
    if setting in GEO_SETTINGS:
        clear_caches()


def streets() -> list[str]:
    """All street names, sorted as a resident expects (for a datalist/autocomplete)."""
    return sorted((street.name for street in street_index().streets), key=fold)


def street_points(step_m: float = 25.0) -> Iterable[tuple[str, float, float]]:
    """Points every ``step_m`` along every street as ``(name, lat, lon)`` (used by data checks)."""
    index = street_index()
    for street in index.streets:
        steps = max(1, math.ceil(street.line.length / step_m))
        for i in range(steps + 1):
            point = street.line.interpolate(i / steps, normalized=True)
            lat, lon = index.projection.to_latlon(point.x, point.y)
            yield street.name, lat, lon
