"""Reporting: the start page, the form (with the reports nearby that may be the same), the thanks page, and
the address of a point the resident picks on the form's map."""
from __future__ import annotations

import hashlib
import logging
from datetime import timedelta

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from city import geo
from common import throttle
from desk.cases import selectors, services
from desk.cases.forms.resident import HONEYPOT_FIELD, RESIDENT_KINDS, STREET_LIST_ID, CaseForm, FollowForm
from desk.cases.models import Case
from desk.cases.services import CaseError
from desk.cases.services.intake import new_reference
from desk.cases.views.resident.session import REMEMBERED, rate_limited, remember, signed_in_resident
from desk.states import OPEN_STATES, Channel, Kind, State

logger = logging.getLogger(__name__)

# Session keys: what this browser submitted, so only it sees the confirmation pages.
SUBMITTED_KEY = "desk_submitted"  # {reference: {"photo_location": bool}}
DECOY_KEY = "desk_decoys"  # references shown to a filled honeypot (nothing was saved)
MAX_DUPLICATES = 10

KIND_TITLES = {
    Kind.REPORT: gettext_lazy("Iets melden"),
    Kind.QUESTION: gettext_lazy("Een vraag stellen"),
    Kind.SUGGESTION: gettext_lazy("Een idee of suggestie geven"),
    Kind.COMPLAINT: gettext_lazy("Een klacht indienen"),
}
KIND_INTROS = {
    Kind.REPORT: gettext_lazy("Iets kapot, vuil of gevaarlijk op straat? Zeg ons wat en waar. Het duurt een paar "
                              "minuten."),
    Kind.QUESTION: gettext_lazy("Stel je vraag aan de stad. We antwoorden zo snel mogelijk."),
    Kind.SUGGESTION: gettext_lazy("Heb je een idee om de stad beter te maken? We lezen elke suggestie."),
    Kind.COMPLAINT: gettext_lazy("Ben je niet tevreden over hoe de stad je hielp? De klachtendienst bekijkt je "
                                 "klacht en antwoordt je."),
}


@require_GET
def start(request):
    choices = [{"kind": kind, "title": KIND_TITLES[kind], "url": reverse("desk:new", args=[kind])}
               for kind in RESIDENT_KINDS]
    return render(request, "desk/resident/start.html", {"choices": choices, "signed_in": signed_in_resident(request)})


def nearby_open_reports(category, latitude: float, longitude: float, *, now=None) -> list[dict]:
    """Open public reports of ``category`` within its duplicate radius and days, nearest first."""
    now = now or timezone.now()
    radius = category.duplicate_radius_m
    south, west, north, east = geo.bbox_around(latitude, longitude, radius)
    candidates = (selectors.public_cases()
                  .filter(category=category, state__in=OPEN_STATES,
                          created_at__gte=now - timedelta(days=category.duplicate_days),
                          latitude__range=(south, north), longitude__range=(west, east))
                  .order_by("-created_at")[:100])
    found = []
    for case in candidates:
        distance = geo.distance_m(latitude, longitude, case.latitude, case.longitude)
        if distance <= radius:
            found.append({"case": case, "distance": round(distance), "state": State(case.state).label})
    return sorted(found, key=lambda row: row["distance"])[:MAX_DUPLICATES]


def _picker(request) -> dict:
    south, west, north, east = geo.city_bounds()
    lat, lon = geo.city_centre()
    return {
        "tiles": settings.DESK_MAP_TILES_URL,
        "attribution": settings.DESK_MAP_ATTRIBUTION,
        "bounds": f"{south:.6f},{west:.6f},{north:.6f},{east:.6f}",
        "center": f"{lat:.6f},{lon:.6f}",
        "reverse_url": reverse("desk:reverse_address") + "?lat={lat}&lon={lon}",
    }


def _form_page(request, form: CaseForm, kind: str, *, status: int = 200):
    context = {"form": form, "kind": kind, "is_report": kind == Kind.REPORT, "title": KIND_TITLES[kind],
               "intro": KIND_INTROS[kind], "signed_in": form.signed_in, "honeypot": form[HONEYPOT_FIELD]}
    if kind == Kind.REPORT:
        context.update(streets=geo.streets(), street_list_id=STREET_LIST_ID, picker=_picker(request))
    return render(request, "desk/resident/new.html", context, status=status)


def _duplicates_page(request, form: CaseForm, kind: str, duplicates: list[dict]):
    email = "" if form.signed_in else (form.cleaned_data.get("email") or "")
    for row in duplicates:
        if not form.signed_in:
            row["follow_form"] = FollowForm(initial={"email": email}, auto_id=f"id_follow_{row['case'].pk}_%s")
    return render(request, "desk/resident/duplicates.html", {
        "form": form, "kind": kind, "duplicates": duplicates, "carried": form.carried_values(),
        "category": form.cleaned_data["category"], "had_photo": form.processed_photo is not None,
        "signed_in": form.signed_in,
    })


def _pretend_success(request, kind: str):
    """A filled honeypot: answer like a success so a bot learns nothing, but save nothing."""
    address = throttle.client_address(request)
    logger.warning("desk: honeypot filled on the %s form (client %s); nothing saved", kind,
                   hashlib.sha256(address.encode()).hexdigest()[:12])
    reference = new_reference()
    decoys = [*request.session.get(DECOY_KEY, []), reference][-REMEMBERED:]
    request.session[DECOY_KEY] = decoys
    return redirect("desk:thanks", reference=reference)


@never_cache
@require_http_methods(["GET", "POST"])
def new(request, kind: str):
    if kind not in RESIDENT_KINDS:
        raise Http404
    resident = signed_in_resident(request)
    if request.method != "POST":
        return _form_page(request, CaseForm(kind=kind, signed_in=resident is not None), kind)
    if throttle.hit(request, scope="desk-submit", rate=settings.DESK_SUBMIT_RATE):
        return rate_limited(request)
    if (request.POST.get(HONEYPOT_FIELD) or "").strip():
        return _pretend_success(request, kind)
    form = CaseForm(request.POST, request.FILES, kind=kind, signed_in=resident is not None)
    if not form.is_valid():
        return _form_page(request, form, kind)
    data = form.cleaned_data
    latitude, longitude = data.get("latitude"), data.get("longitude")
    if kind == Kind.REPORT and latitude is not None and request.POST.get("confirm_new") != "1":
        duplicates = nearby_open_reports(data["category"], latitude, longitude)
        if duplicates:
            return _duplicates_page(request, form, kind, duplicates)
    try:
        case = services.open_case(
            kind=kind, channel=Channel.WEB, description=data["description"], category=data["category"],
            resident=resident, reporter_name=data.get("name") or "", reporter_email=data.get("email") or "",
            reporter_phone=data.get("phone") or "", latitude=latitude, longitude=longitude,
            address=data.get("address") or "", photos=[form.processed_photo] if form.processed_photo else [],
            language=translation.get_language() or settings.LANGUAGE_CODE)
    except CaseError as error:
        form.add_case_error(error)
        return _form_page(request, form, kind)
    remember(request, SUBMITTED_KEY, case.reference, {"photo_location": form.location_from_photo})
    return redirect("desk:thanks", reference=case.reference)


@never_cache
@require_GET
def thanks(request, reference: str):
    submitted = request.session.get(SUBMITTED_KEY, {})
    if reference in submitted:
        case = Case.objects.select_related("category").filter(reference=reference).first()
        if case is None:
            raise Http404
        return render(request, "desk/resident/thanks.html", {
            "case": case, "reference": case.reference, "photo_location": submitted[reference].get("photo_location"),
            "tracking_mail": case.resident_id is None and bool(case.reporter_email),
            "kind_label": case.get_kind_display(),
        })
    if reference in request.session.get(DECOY_KEY, []):
        return render(request, "desk/resident/thanks.html", {"case": None, "reference": reference})
    raise Http404


@require_GET
def reverse_address(request):
    try:
        lat = geo.parse_coordinate(request.GET.get("lat", ""))
        lon = geo.parse_coordinate(request.GET.get("lon", ""))
    except ValueError:
        return JsonResponse({"error": _("Geef een breedtegraad en een lengtegraad op.")}, status=400)
    if abs(lat) > 90 or abs(lon) > 180:
        return JsonResponse({"error": _("Geef een breedtegraad en een lengtegraad op.")}, status=400)
    place = geo.reverse_geocode(lat, lon)
    if place is None:
        return JsonResponse({"error": _("Hier vinden we geen adres in %(city)s.") % {"city": settings.CITY_NAME}},
                            status=404)
    return JsonResponse({"label": place.label})
