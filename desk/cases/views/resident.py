"""Resident pages of the desk: "Melden of vragen", the report form, following, the private tracking page
and "Mijn meldingen en vragen".

Views stay thin: forms validate, ``desk.cases.services`` opens and changes cases (one call, one transaction),
``desk.cases.selectors`` reads them. Nothing is saved before the resident's last click: no half-saved uploads,
no drafts in the session.
"""
from __future__ import annotations

import hashlib
import logging
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
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
from desk.cases.forms.resident import (
    HONEYPOT_FIELD,
    RESIDENT_KINDS,
    STREET_LIST_ID,
    CaseForm,
    FollowForm,
    ReactForm,
    ReopenForm,
)
from desk.cases.models import Case
from desk.cases.services import CaseError
from desk.cases.services.intake import new_reference
from desk.states import OPEN_STATES, Channel, EventKind, Kind, State
from identity.decorators import resident_required

logger = logging.getLogger(__name__)

# Session keys: what this browser submitted or followed, so only it sees the confirmation pages.
SUBMITTED_KEY = "desk_submitted"  # {reference: {"photo_location": bool}}
DECOY_KEY = "desk_decoys"  # references shown to a filled honeypot (nothing was saved)
FOLLOWED_KEY = "desk_followed"  # {reference: "new" | "already" | "own"}
REMEMBERED = 20
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


def _resident(request):
    return request.user.resident if hasattr(request.user, "resident") else None


def resident_page(view):
    return login_required(resident_required(never_cache(view)))


def _private(response):
    """For pages whose URL holds a secret (the tracking token): never stored, never sent on as a referrer."""
    response["Cache-Control"] = "no-store, private"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _remember(request, key: str, reference: str, value) -> None:
    stored = dict(request.session.get(key, {}))
    stored.pop(reference, None)
    stored[reference] = value
    request.session[key] = dict(list(stored.items())[-REMEMBERED:])


def _rate_limited(request):
    seconds = throttle.window_seconds(settings.DESK_SUBMIT_RATE)
    response = render(request, "desk/resident/rate_limited.html", {"minutes": max(1, seconds // 60)}, status=429)
    response["Retry-After"] = str(seconds)
    return response


# --- start -----------------------------------------------------------------------------------------
@require_GET
def start(request):
    choices = [{"kind": kind, "title": KIND_TITLES[kind], "url": reverse("desk:new", args=[kind])}
               for kind in RESIDENT_KINDS]
    return render(request, "desk/resident/start.html", {"choices": choices, "signed_in": _resident(request)})


# --- the form --------------------------------------------------------------------------------------
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
    resident = _resident(request)
    if request.method != "POST":
        return _form_page(request, CaseForm(kind=kind, signed_in=resident is not None), kind)
    if throttle.hit(request, scope="desk-submit", rate=settings.DESK_SUBMIT_RATE):
        return _rate_limited(request)
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
    _remember(request, SUBMITTED_KEY, case.reference, {"photo_location": form.location_from_photo})
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


# --- following an existing report ------------------------------------------------------------------
def _followable(reference: str) -> Case:
    case = selectors.public_cases().filter(reference=reference, state__in=OPEN_STATES).first()
    if case is None:
        raise Http404
    return case


@never_cache
@require_http_methods(["GET", "POST"])
def follow(request, reference: str):
    case = _followable(reference)
    resident = _resident(request)
    form = None if resident else FollowForm(request.POST or None)
    if request.method == "POST":
        if throttle.hit(request, scope="desk-follow", rate=settings.DESK_SUBMIT_RATE):
            return _rate_limited(request)
        if resident is not None and case.resident_id == resident.pk:
            outcome = "own"
        elif form is None or form.is_valid():
            try:
                created = services.follow(case, resident=resident, email=form.cleaned_data["email"] if form else "")
            except CaseError as error:
                if form is None:
                    raise
                outcome = None
                form.add_error("email", error.message)
            else:
                outcome = "new" if created else "already"
        else:
            outcome = None
        if outcome:
            _remember(request, FOLLOWED_KEY, case.reference, outcome)
            return redirect("desk:followed", reference=case.reference)
    return render(request, "desk/resident/follow.html", {
        "case": case, "form": form, "state": State(case.state).label, "signed_in": resident is not None})


@never_cache
@require_GET
def followed(request, reference: str):
    outcome = request.session.get(FOLLOWED_KEY, {}).get(reference)
    case = Case.objects.select_related("category").filter(reference=reference).first()
    if outcome is None or case is None:
        raise Http404
    return render(request, "desk/resident/followed.html", {
        "case": case, "outcome": outcome, "signed_in": _resident(request) is not None})


# --- a case's page: history, reacting, reopening (tracking link and "Mijn meldingen") ---------------
def history(case: Case, *, full: bool) -> list[dict]:
    """The public history as the resident reads it. Staff names never appear: the city speaks as "de stad".

    ``full`` (the reporter) includes the messages; followers see the status changes only.
    """
    kinds = [EventKind.CREATED, EventKind.STATE_CHANGED]
    if full:
        kinds += [EventKind.MESSAGE_IN, EventKind.MESSAGE_OUT]
    rows = []
    for event in case.events.filter(is_public=True, kind__in=kinds).order_by("at", "pk"):
        if event.kind == EventKind.CREATED:
            title, text = _("Ontvangen"), ""
        elif event.kind == EventKind.STATE_CHANGED:
            title, text = _("Nieuwe status: %(state)s") % {"state": State(event.to_state).label}, event.text
        elif event.kind == EventKind.MESSAGE_OUT:
            title, text = _("Bericht van de stad"), event.text
        else:
            title, text = _("Jouw bericht"), event.text
        rows.append({"at": event.at, "title": title, "text": text, "kind": event.kind})
    return rows


def _can_react(case: Case) -> bool:
    return not case.is_closed and not case.linked_ref


def _case_actions(request, case: Case, *, resident=None):
    """Handle a POSTed reaction or reopening. Returns (done, react_form, reopen_form)."""
    action = request.POST.get("action") if request.method == "POST" else None
    react_form = ReactForm(request.POST if action == "react" else None)
    reopen_form = ReopenForm(request.POST if action == "reopen" else None)
    if action == "react":
        if not _can_react(case):
            react_form.add_error(None, _("Dit dossier is afgesloten. Je kan het heropenen, of bel gratis 1777."))
        elif react_form.is_valid():
            try:
                services.react(case, text=react_form.cleaned_data["text"], resident=resident)
            except CaseError as error:
                react_form.add_error("text" if error.field == "text" else None, error.message)
            else:
                messages.success(request, _("Je reactie is verstuurd. Je ziet ze hieronder bij het verloop."))
                return True, react_form, reopen_form
    elif action == "reopen" and not case.linked_ref and reopen_form.is_valid():
        try:
            services.reopen_by_resident(case, reason=reopen_form.cleaned_data["reason"])
        except CaseError as error:
            reopen_form.add_error("reason" if error.field == "reason" else None, error.message)
        else:
            messages.success(request, _("Je dossier is heropend. We bekijken het opnieuw."))
            return True, react_form, reopen_form
    return False, react_form, reopen_form


def _case_context(case: Case, react_form, reopen_form, *, full: bool = True) -> dict:
    return {
        "case": case, "state": State(case.state).label, "history": history(case, full=full),
        "react_form": react_form if (full and _can_react(case)) or react_form.errors else None,
        "reopen_form": reopen_form if full and not case.linked_ref and (services.can_reopen(case)
                                                                      or reopen_form.errors) else None,
        "reopen_days": settings.DESK_REOPEN_DAYS,
    }


@never_cache
@require_http_methods(["GET", "POST"])
def track(request, token: str):
    case = services.case_for_tracking_token(token)
    if case is None:
        return _private(render(request, "desk/resident/track_not_found.html", status=404))
    done, react_form, reopen_form = _case_actions(request, case)
    if done:
        return _private(redirect(request.path))
    return _private(render(request, "desk/resident/track.html", _case_context(case, react_form, reopen_form)))


# --- "Mijn meldingen en vragen" --------------------------------------------------------------------
def _linked_url(case: Case) -> str:
    # Set by our own apps (certificates) to a path on this site; anything else is not shown.
    return case.linked_url if case.linked_url.startswith("/") and not case.linked_url.startswith("//") else ""


@resident_page
@require_GET
def my_cases(request):
    resident = request.user.resident
    rows = [{
        "case": case, "own": case.resident_id == resident.pk, "linked_url": _linked_url(case),
        "state": case.linked_status if case.linked_ref and case.linked_status else State(case.state).label,
    } for case in selectors.cases_of_resident(resident)]
    return render(request, "desk/resident/my_cases.html", {"rows": rows})


def _visible_case(request, reference: str) -> Case:
    case = selectors.case_visible_to_resident(request.user.resident, reference)
    if case is None:
        raise Http404
    return case


@resident_page
@require_http_methods(["GET", "POST"])
def my_case(request, reference: str):
    resident = request.user.resident
    case = _visible_case(request, reference)
    own = case.resident_id == resident.pk
    if request.method == "POST" and not own:
        raise Http404  # followers read along; only the reporter reacts or reopens
    done, react_form, reopen_form = _case_actions(request, case, resident=resident)
    if done:
        return redirect("desk:my_case", reference=case.reference)
    context = _case_context(case, react_form, reopen_form, full=own)
    context.update(own=own, linked_url=_linked_url(case),
                   photos=list(case.attachments.filter(message__isnull=True)) if own else [],
                   status_label=case.linked_status if case.linked_ref and case.linked_status else context["state"])
    return render(request, "desk/resident/my_case.html", context)


@resident_page
@require_GET
def my_photo(request, reference: str, pk: int):
    case = _visible_case(request, reference)
    if case.resident_id != request.user.resident.pk:
        raise Http404  # a follower does not see the reporter's photos
    attachment = case.attachments.filter(pk=pk).first()
    if attachment is None:
        raise Http404
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type)
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "no-store, private"
    return response


# --- reverse geocoding for the location picker -----------------------------------------------------
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
