"""Where the city's geography comes from: the bundled data files and the settings that name the city."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DEFAULT_CITY_GEOJSON = DATA_DIR / "city.geojson"
DEFAULT_STREETS_FILE = DATA_DIR / "streets.json"
DEFAULT_POSTCODES = ("9999",)

# The settings the cached data depends on: changing one of them clears the caches (city.geo.streets).
GEO_SETTINGS = ("DESK_CITY_GEOJSON", "DESK_STREETS_FILE", "DESK_CITY_POSTCODES", "DESK_CITY_NAME", "CITY_NAME")


def city_geojson_path() -> Path:
    """The file with the city's and its districts' polygons (``DESK_CITY_GEOJSON``)."""
    return Path(getattr(settings, "DESK_CITY_GEOJSON", None) or DEFAULT_CITY_GEOJSON)


def streets_file_path() -> Path:
    """The file with one line per street (``DESK_STREETS_FILE``)."""
    return Path(getattr(settings, "DESK_STREETS_FILE", None) or DEFAULT_STREETS_FILE)


def city_name() -> str:
    """The municipality's name as printed in an address."""
    return str(getattr(settings, "DESK_CITY_NAME", None) or getattr(settings, "CITY_NAME", "Stad Voorbeeld"))


def postcodes() -> tuple[str, ...]:
    """The city's postcodes; the first one is printed when an address names none."""
    value = getattr(settings, "DESK_CITY_POSTCODES", None) or DEFAULT_POSTCODES
    if isinstance(value, str):  # a single postcode given as a string is an easy mistake in settings
        value = [value]
    return tuple(str(code).strip() for code in value)


def read_feature_collection(path: Path) -> dict[str, Any]:
    """The GeoJSON FeatureCollection in ``path``; ``ImproperlyConfigured`` when it is unreadable or not one."""
    try:
        with path.open(encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError) as exc:
        raise ImproperlyConfigured(f"Cannot read geographic data file {path}: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("features"), list):
        raise ImproperlyConfigured(f"{path} is not a GeoJSON FeatureCollection.")
    return data
