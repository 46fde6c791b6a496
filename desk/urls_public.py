"""The public map of reports: a list (works without JavaScript), its GeoJSON, a page per report, photos."""
from django.urls import path

from desk.cases.views import public

urlpatterns = [
    path("meldingen/kaart/", public.report_map, name="map"),
    path("meldingen/kaart.geojson", public.map_geojson, name="map_geojson"),
    path("meldingen/kaart/foto/<int:pk>/", public.public_photo, name="public_photo"),
    path("meldingen/kaart/<str:reference>/", public.public_case, name="public_case"),
]
