"""Open311 GeoReport v2 server at /open311/v2/ (spec: http://wiki.open311.org/GeoReport_v2).

What we publish, and why (privacy by default):
- Services are the active public categories that take reports; names are in Dutch (the language of the
  administration; Accept-Language is not followed, like the rest of the site).
- Requests are only what ``desk.cases.selectors.public_cases()`` yields: reports in public categories with a
  location, i.e. reports about public space. Their description is published (policy: a report in a public
  category is about public space, like on the public map); the reporter's name, e-mail address,
  phone number, account and the photos' GPS data are never published. Free text (description, status
  notes, address) is published through ``common.privacy.mask_public`` (national numbers, IBANs, card and
  phone numbers, e-mail addresses masked), and the place rounded by ``city.geo.public_coordinate``.
  ``media_url`` points only at photos staff marked public.
- POST needs an API key (``manage.py create_open311_key``); reports arrive in the desk inbox with
  channel "app". ``media_url`` in a POST is ignored: we never fetch remote URLs (request forgery); a photo
  can be sent as a multipart ``media`` file instead.
"""
from __future__ import annotations

import functools
import json
import logging
import re
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db.models import Prefetch
from django.http import HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from city import geo
from city.photos import PhotoRejected, process_upload
from common import privacy, throttle
from common.development import is_development
from desk.cases import services
from desk.cases.models import Attachment, Case
from desk.cases.open311 import keys
from desk.cases.open311.render import errors, respond, w3c_datetime
from desk.cases.open311.validation import (
    MAX_RESULTS,
    Open311Error,
    check_jurisdiction,
    is_form,
    read_new_request,
    read_query,
    service_category,
)
from desk.cases.selectors import public_cases
from desk.routing.models import Category
from desk.states import CLOSED_STATES, Channel, Kind, open311_status

logger = logging.getLogger(__name__)

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# When this API last changed (discovery's changeset): bump it when the endpoints or their fields change.
CHANGESET = "2026-11-23T00:00:00Z"
OPENAPI_FILE = Path(__file__).with_name("openapi.json")


def open311_view(*methods: str):
    """Answer every problem in the requested format (never an HTML error page) and refuse other methods.

    CSRF does not apply: nothing here relies on a session cookie (POST is authenticated by its api_key), and
    the CSRF middleware would otherwise answer a stray PUT or POST with an HTML page.
    """

    def decorate(view):
        @csrf_exempt
        @functools.wraps(view)
        def wrapper(request, *args, fmt: str = "xml", **kwargs):
            allowed = {*methods, "HEAD"} if "GET" in methods else set(methods)
            if request.method not in allowed:
                return errors(fmt, 405, _("Deze methode kan hier niet. Gebruik %(methods)s.")
                              % {"methods": " of ".join(methods)}, headers={"Allow": ", ".join(sorted(allowed))})
            try:
                response = view(request, *args, fmt=fmt, **kwargs)
            except Open311Error as exc:
                return errors(fmt, exc.status, *exc.descriptions)
            except Exception:
                logger.exception("Open311 %s %s failed", request.method, request.path)
                return errors(fmt, 500, _("Er ging iets mis aan onze kant. Probeer het later opnieuw."))
            if request.method in ("GET", "HEAD"):
                response["Access-Control-Allow-Origin"] = "*"  # public data: browser apps may read it
            return response

        return wrapper

    return decorate


def _absolute(request, path: str) -> str:
    base = (getattr(settings, "PUBLIC_BASE_URL", "") or "").rstrip("/")
    return f"{base}{path}" if base else request.build_absolute_uri(path)


# --------------------------------------------------------------------------- discovery and services


@open311_view("GET")
def discovery(request, fmt):
    endpoint_type = getattr(settings, "OPEN311_ENDPOINT_TYPE", "") or ("test" if is_development() else "production")
    root = reverse("open311:services", kwargs={"fmt": "xml"}).removesuffix("services.xml")
    contact = getattr(settings, "OPEN311_CONTACT", "") or _("%(city)s, contactcenter 1777") % {
        "city": settings.CITY_NAME}
    reply_address = getattr(settings, "DESK_REPLY_ADDRESS", "")
    if reply_address and not getattr(settings, "OPEN311_CONTACT", ""):
        contact = f"{contact} ({reply_address})"
    key_service = getattr(settings, "OPEN311_KEY_SERVICE", "") or _(
        "Vraag een API-sleutel aan bij het contactcenter van %(city)s.") % {"city": settings.CITY_NAME}
    return respond(fmt, "discovery", {
        "changeset": CHANGESET,
        "contact": contact,
        "key_service": key_service,
        "endpoints": [{
            "specification": SPECIFICATION,
            "url": _absolute(request, root),
            "changeset": CHANGESET,
            "type": endpoint_type,
            "formats": ["text/xml", "application/json"],
        }],
    })


def _service(category) -> dict:
    return {
        "service_code": category.slug,
        "service_name": category.name,
        "description": category.description or category.handling_message or "",
        "metadata": False,
        "type": "realtime",
        "keywords": category.keywords,
        "group": category.group,
    }


@open311_view("GET")
def service_list(request, fmt):
    check_jurisdiction(request.GET)
    categories = [category for category in Category.objects.filter(is_public=True, is_active=True)
                  if category.allows(Kind.REPORT)]
    return respond(fmt, "services", [_service(category) for category in categories])


@open311_view("GET")
def service_definition(request, service_code, fmt):
    check_jurisdiction(request.GET)
    category = service_category(service_code)
    if category is None:
        raise Open311Error(404, _("Dienst '%(code)s' bestaat niet. Kies een dienst uit services.xml.")
                           % {"code": service_code[:60]})
    # Our services ask no extra questions (metadata is false): the definition has no attributes.
    return respond(fmt, "service_definition", {"service_code": category.slug, "attributes": []})


# --------------------------------------------------------------------------- requests


def _cases():
    photos = Attachment.objects.filter(is_public=True).order_by("created_at", "pk")
    return (public_cases().select_related("category", "department")
            .prefetch_related(Prefetch("attachments", queryset=photos, to_attr="public_photos")))


def _zipcode(case: Case) -> str | None:
    postcodes = getattr(settings, "DESK_CITY_POSTCODES", None) or geo.DEFAULT_POSTCODES
    if isinstance(postcodes, str):
        postcodes = [postcodes]
    postcodes = [str(code) for code in postcodes]
    for found in re.findall(r"\b\d{4}\b", case.address or ""):
        if found in postcodes:
            return found
    return postcodes[0] if len(postcodes) == 1 else None


def _media_url(request, case: Case) -> str | None:
    if not case.public_photos:
        return None
    try:
        path = reverse("desk:public_photo", args=[case.public_photos[0].pk])
    except NoReverseMatch:
        return None
    return _absolute(request, path)


def _request(request, case: Case) -> dict:
    closed = case.state in CLOSED_STATES
    category = case.category
    return {
        "service_request_id": case.reference,
        "status": open311_status(case.state),
        "status_notes": (privacy.mask_public(case.public_note) or None) if closed else None,
        "service_name": category.name,
        "service_code": category.slug,
        "description": privacy.mask_public(case.description) or None,
        "agency_responsible": case.department.name if case.department_id else None,
        "service_notice": category.handling_message or None,
        "requested_datetime": w3c_datetime(case.created_at),
        "updated_datetime": w3c_datetime(case.closed_at if closed and case.closed_at else case.updated_at),
        "expected_datetime": w3c_datetime(case.resolution_due),
        "address": privacy.mask_public(case.address) or None,
        "zipcode": _zipcode(case),
        "lat": geo.public_coordinate(case.latitude),
        "long": geo.public_coordinate(case.longitude),
        "media_url": _media_url(request, case),
    }


@open311_view("GET", "POST")
def requests_view(request, fmt):
    if request.method == "POST":
        return _create_request(request, fmt)
    check_jurisdiction(request.GET)
    query = read_query(request.GET)
    cases = _cases()
    if query.ids:
        cases = cases.filter(reference__in=[reference.upper() for reference in query.ids])
    else:
        cases = cases.filter(created_at__gte=query.start, created_at__lte=query.end)
        if query.service_codes:
            cases = cases.filter(category__slug__in=query.service_codes)
        if query.statuses == ["closed"]:
            cases = cases.filter(state__in=CLOSED_STATES)
        elif query.statuses == ["open"]:
            cases = cases.exclude(state__in=CLOSED_STATES)
    cases = cases.order_by("-created_at", "-pk")[:MAX_RESULTS]
    return respond(fmt, "service_requests", [_request(request, case) for case in cases])


@open311_view("GET")
def request_detail(request, service_request_id, fmt):
    check_jurisdiction(request.GET)
    case = _cases().filter(reference=service_request_id.upper()).first()
    if case is None:
        raise Open311Error(404, _("Melding '%(id)s' bestaat niet of is niet openbaar.")
                           % {"id": service_request_id[:40]})
    return respond(fmt, "service_requests", [_request(request, case)])  # a one-element list, as in the spec


def _over_rate(client) -> tuple[bool, int]:
    """Count one POST for the API client; OPEN311_POST_RATE ("60/m") is checked by desk's system checks."""
    rate = settings.OPEN311_POST_RATE
    return throttle.over_rate(throttle.private_key("open311-post", str(client.pk)), rate), throttle.window_seconds(rate)


def _create_request(request, fmt):
    if not is_form(request.content_type):
        raise Open311Error(400, _("Stuur de melding als formulier (application/x-www-form-urlencoded of "
                                  "multipart/form-data), niet als %(type)s.")
                           % {"type": request.content_type or _("lege body")})
    try:
        data, files = request.POST, request.FILES
    except (MultiPartParserError, SuspiciousOperation):
        raise Open311Error(400, _("We konden het formulier niet lezen. Controleer de opbouw en de grootte.")) from None
    check_jurisdiction(data)
    key = (data.get("api_key") or "").strip()
    if not key:
        raise Open311Error(403, _("api_key ontbreekt. Vraag een sleutel aan om meldingen te versturen."))
    client = keys.client_for_key(key)
    if client is None:
        raise Open311Error(403, _("Deze api_key is ongeldig of ingetrokken. Vraag een nieuwe sleutel aan."))
    over, window = _over_rate(client)
    if over:
        return errors(fmt, 429, _("Te veel meldingen in korte tijd met deze api_key. Probeer het over een "
                                  "minuut opnieuw."), headers={"Retry-After": str(window)})
    new = read_new_request(data)
    uploads = files.getlist("media")
    if len(uploads) > 1:
        raise Open311Error(400, _("Stuur hoogstens één foto in media."))
    try:
        photos = [process_upload(upload) for upload in uploads]
    except PhotoRejected as exc:
        raise Open311Error(400, str(exc)) from None
    try:
        case = services.open_case(
            kind=Kind.REPORT, channel=Channel.APP, description=new.description, category=new.category,
            reporter_name=new.reporter_name, reporter_email=new.reporter_email, reporter_phone=new.reporter_phone,
            latitude=new.latitude, longitude=new.longitude, address=new.address, photos=photos, api_client=client,
            language="nl")
    except services.CaseError as exc:
        raise Open311Error(400, exc.message) from None
    logger.info("open311.request_created reference=%s client=%s", case.reference, client.pk)
    return respond(fmt, "service_requests", [{
        "service_request_id": case.reference,
        "service_notice": new.category.handling_message or None,
    }])


# --------------------------------------------------------------------------- the rest


@csrf_exempt
def not_found(request, **kwargs):
    """Anything else under /open311/ (e.g. requests.csv): 404 as an Open311 error list, in XML (the format
    every Open311 client reads)."""
    return errors("xml", 404, _("Dit adres bestaat niet. Gebruik .xml of .json; zie discovery.xml."))


@csrf_exempt
def openapi(request):
    """The OpenAPI 3 description of this API (hand-written: desk/cases/open311/openapi.json)."""
    if request.method not in ("GET", "HEAD"):
        return errors("json", 405, _("Deze methode kan hier niet. Gebruik GET."), headers={"Allow": "GET, HEAD"})
    document = json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))
    response = HttpResponse(json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8"),
                            content_type="application/json; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return response
