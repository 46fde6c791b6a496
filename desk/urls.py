"""The desk's public and resident pages (mounted at the site root; every path names its own prefix)."""
from django.urls import path

from desk.cases.views import external, public, resident

app_name = "desk"
urlpatterns = [
    # Reporting, following, the private tracking link and "Mijn meldingen".
    path("meldingen/", resident.start, name="start"),
    path("meldingen/nieuw/<str:kind>/", resident.new, name="new"),
    path("meldingen/bedankt/<str:reference>/", resident.thanks, name="thanks"),
    path("meldingen/adres/", resident.reverse_address, name="reverse_address"),
    path("meldingen/volg/<str:token>/", resident.track, name="track"),
    path("meldingen/<str:reference>/volgen/", resident.follow, name="follow"),
    path("meldingen/<str:reference>/gevolgd/", resident.followed, name="followed"),
    path("mijn/meldingen/", resident.my_cases, name="my_cases"),
    path("mijn/meldingen/<str:reference>/", resident.my_case, name="my_case"),
    path("mijn/meldingen/<str:reference>/foto/<int:pk>/", resident.my_photo, name="my_photo"),
    # The public map of reports: a list (works without JavaScript), its GeoJSON, a page per report, photos.
    path("meldingen/kaart/", public.report_map, name="map"),
    path("meldingen/kaart.geojson", public.map_geojson, name="map_geojson"),
    path("meldingen/kaart/foto/<int:pk>/", public.public_photo, name="public_photo"),
    path("meldingen/kaart/<str:reference>/", public.public_case, name="public_case"),
    # Where an external party answers a forwarded question (no sign-in; an expiring link).
    path("meldingen/doorgestuurd/bedankt/", external.forward_thanks, name="forward_thanks"),
    path("meldingen/doorgestuurd/<str:token>/", external.forward_answer, name="forward_answer"),
]
