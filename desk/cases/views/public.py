"""The public map of reports (/meldingen/kaart/): a list that works without JavaScript, a Leaflet map on
top of it, a GeoJSON feed, a public page per report and its published photos.

Privacy: only what desk.cases.selectors.public_map whitelists reaches these pages: reference, category, public
status, address, date, the public note once closed and staff-published photos. The free-text description
is NOT shown: residents write names, phone numbers or door codes in it, and nobody reviews it before it
would appear here. Reporter, resident, title, internal notes and staff names never show either. What
free text does show (the address, public notes) goes through ``common.privacy.mask_public``, and every
place is rounded by ``city.geo.public_coordinate`` (a photo's GPS is exact to the metre).
"""
from __future__ import annotations

import math
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseNotModified, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from city import geo
from common import privacy
from desk.cases.selectors import public_map

PAGE_SIZE = 25
GEOJSON_MAX_AGE = 60  # seconds: a new report shows within a minute
PHOTO_MAX_AGE = 3600  # an unpublished photo may stay in caches this long


class MapFilterForm(forms.Form):
    categorie = forms.ChoiceField(label=gettext_lazy("Categorie"), required=False)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False, choices=[
        ("all", gettext_lazy("Open en onlangs afgehandeld")),
        ("open", gettext_lazy("Alleen open meldingen")),
        ("closed", gettext_lazy("Alleen onlangs afgehandelde meldingen")),
    ])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = {category.slug: category for category in public_map.public_categories()}
        self.fields["categorie"].choices = [("", _("Alle categorieën"))] + [
            (slug, category.label()) for slug, category in self.categories.items()]

    def filters(self) -> dict:
        """{"category": Category | None, "status": "open" | "closed" | None}; invalid values are ignored."""
        if not self.is_bound or not self.is_valid():
            return {"category": None, "status": None}
        status = self.cleaned_data.get("status") or "all"
        return {"category": self.categories.get(self.cleaned_data.get("categorie") or ""),
                "status": None if status == "all" else status}


class BadBoundingBox(ValueError):
    pass


def parse_bbox(value: str) -> tuple[float, float, float, float]:
    """"south,west,north,east" in WGS84 degrees."""
    parts = value.split(",")
    if len(parts) != 4:
        raise BadBoundingBox(value)
    try:
        south, west, north, east = (float(part) for part in parts)
    except ValueError as exc:
        raise BadBoundingBox(value) from exc
    if not all(math.isfinite(number) for number in (south, west, north, east)):
        raise BadBoundingBox(value)
    if not (-90 <= south < north <= 90 and -180 <= west < east <= 180):
        raise BadBoundingBox(value)
    return south, west, north, east


def _filter_query(form: MapFilterForm) -> str:
    filters = form.filters()
    kept = {}
    if filters["category"] is not None:
        kept["categorie"] = filters["category"].slug
    if filters["status"]:
        kept["status"] = filters["status"]
    return urlencode(kept)


def _category_labels() -> dict[int, str]:
    return {category.pk: category.label() for category in public_map.public_categories()}


@require_safe
def report_map(request):
    form = MapFilterForm(request.GET or None)
    filters = form.filters()
    cases = public_map.map_list(category=filters["category"], status=filters["status"])
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = _filter_query(form)
    geojson_url = reverse("desk:map_geojson") + (f"?{query}" if query else "")
    south, west, north, east = geo.city_bounds()
    items = [{
        "case": case,
        "category": case.category.label() if case.category_id else "",
        "status": public_map.public_status(case.state),
        "status_label": public_map.public_status_label(case.state),
        "created": timezone.localtime(case.created_at),
        "closed": timezone.localtime(case.closed_at) if case.closed_at and case.is_closed else None,
        "address": privacy.mask_public(case.address),
        "note": privacy.mask_public(case.public_note) if case.is_closed else "",
    } for case in page]
    return render(request, "desk/public/map.html", {
        "form": form, "page": page, "items": items, "query": query, "geojson_url": geojson_url,
        "tiles": settings.DESK_MAP_TILES_URL, "attribution": settings.DESK_MAP_ATTRIBUTION,
        "bounds": f"{south:.6f},{west:.6f},{north:.6f},{east:.6f}",
        "recent_days": settings.DESK_MAP_RECENT_DAYS, "filtered": bool(query),
    })


@require_safe
def map_geojson(request):
    form = MapFilterForm(request.GET or None)
    filters = form.filters()
    bbox = request.GET.get("bbox", "").strip()
    if bbox:
        try:
            south, west, north, east = parse_bbox(bbox)
        except BadBoundingBox:
            return JsonResponse({"error": _("Geef bbox als zuid,west,noord,oost in graden, bijvoorbeeld "
                                            "bbox=51.0,3.4,51.1,3.6.")}, status=400)
        rows = public_map.cases_in_bbox(south, west, north, east, category=filters["category"],
                                        status=filters["status"])
    else:
        rows = public_map.map_rows(category=filters["category"], status=filters["status"])
    labels = _category_labels()
    photos = public_map.first_public_photos(row["pk"] for row in rows)
    # Up to 500 features: resolve each URL pattern and status label once, not once per feature.
    case_url = reverse("desk:public_case", args=["REFERENCE"]).replace("REFERENCE", "{}")
    photo_url = reverse("desk:public_photo", args=[0]).replace("/0/", "/{}/")
    statuses = {state: (public_map.public_status(state), public_map.public_status_label(state))
                for state in {row["state"] for row in rows}}
    zone = timezone.get_current_timezone()
    features = []
    for row in rows:
        status, status_label = statuses[row["state"]]
        properties = {
            "reference": row["reference"],
            "category": labels.get(row["category_id"], ""),
            "status": status,
            "status_label": status_label,
            "created": row["created_at"].astimezone(zone).date().isoformat(),
            "url": case_url.format(row["reference"]),
        }
        if row["pk"] in photos:
            properties["photo_url"] = photo_url.format(photos[row["pk"]])
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [geo.public_coordinate(row["longitude"]),
                                                        geo.public_coordinate(row["latitude"])]},
            "properties": properties,
        })
    collection = {"type": "FeatureCollection", "features": features}
    if len(rows) >= public_map.MAP_LIMIT:
        collection["truncated"] = True  # foreign member: zoom in (a smaller bbox) to see every report
    response = JsonResponse(collection, content_type="application/geo+json",
                            json_dumps_params={"ensure_ascii": False})
    patch_cache_control(response, max_age=GEOJSON_MAX_AGE)
    patch_vary_headers(response, ["Cookie", "Accept-Language"])  # category labels follow the language
    return response


@require_safe
def public_case(request, reference: str):
    case = public_map.public_case(reference)
    if case is None:
        raise Http404(_("Deze melding bestaat niet of is niet openbaar."))
    return render(request, "desk/public/case.html", {
        "case": case,
        "address": privacy.mask_public(case.address),
        "category": case.category.label() if case.category_id else "",
        "status": public_map.public_status(case.state),
        "status_label": public_map.public_status_label(case.state),
        "created": timezone.localtime(case.created_at),
        "history": [{**row, "at": timezone.localtime(row["at"])} for row in public_map.public_history(case)],
        "photos": public_map.public_photos(case),
        "handling_message": case.category.handling_message if case.category_id else "",
    })


@require_safe
def public_photo(request, pk: int):
    photo = public_map.public_photo(pk)
    if photo is None:
        raise Http404(_("Deze foto bestaat niet of is niet openbaar."))
    etag = f'"{photo.sha256}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        try:
            handle = photo.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404(_("Deze foto bestaat niet of is niet openbaar.")) from exc
        response = FileResponse(handle, content_type=photo.content_type)
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Disposition"] = "inline"
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=PHOTO_MAX_AGE)
    return response
