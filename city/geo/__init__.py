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

The package is split by job: ``sources`` (the data files and the settings naming the city),
``coordinates`` (reading a coordinate typed in a form), ``distances`` (on the sphere and in local
metres), ``area`` (the city's shape and districts), ``streets`` (the street file and points on it)
and ``addresses`` (geocoding free text and reverse geocoding a point). Callers use ``city.geo``.
"""

from city.geo.addresses import REVERSE_MAX_DISTANCE_M, Place, geocode, reverse_geocode
from city.geo.area import city_bounds, city_centre, district_for, districts, inside_city
from city.geo.coordinates import PUBLIC_DECIMALS, parse_coordinate, public_coordinate
from city.geo.distances import EARTH_RADIUS_M, bbox_around, distance_m
from city.geo.sources import DATA_DIR, DEFAULT_CITY_GEOJSON, DEFAULT_POSTCODES, DEFAULT_STREETS_FILE
from city.geo.streets import clear_caches, street_points, streets

__all__ = [
    "DATA_DIR", "DEFAULT_CITY_GEOJSON", "DEFAULT_POSTCODES", "DEFAULT_STREETS_FILE", "EARTH_RADIUS_M",
    "PUBLIC_DECIMALS", "REVERSE_MAX_DISTANCE_M", "Place", "bbox_around", "city_bounds", "city_centre", "clear_caches",
    "distance_m",
    "district_for", "districts", "geocode", "inside_city", "parse_coordinate", "public_coordinate", "reverse_geocode",
    "street_points", "streets",
]
