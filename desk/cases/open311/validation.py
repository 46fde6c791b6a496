"""Reading Open311 arguments: query filters of GET requests and the form of POST requests.

Each reader returns clean values or raises :class:`Open311Error` with the HTTP status and the
descriptions (several at once when a form has several problems) to show to the app's user.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from city import geo
from desk.cases.services import MAX_DESCRIPTION
from desk.routing.models import Category
from desk.states import Kind

MAX_SPAN = timedelta(days=90)
MAX_RESULTS = 1000
STATUSES = ("open", "closed")
FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

# W3C-DTF with a mandatory time zone, as GeoReport v2 requires: 2010-01-01T00:00:00Z, …T00:00+01:00.
_W3C_DATETIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)")


class Open311Error(Exception):
    def __init__(self, status: int, *descriptions: str):
        super().__init__(*descriptions)
        self.status = status
        self.descriptions = descriptions


def jurisdiction_id() -> str:
    return getattr(settings, "OPEN311_JURISDICTION_ID", "stadvoorbeeld.be")


def check_jurisdiction(params) -> None:
    """We serve one jurisdiction: absent, empty or our own id is fine; another id does not exist here."""
    value = (params.get("jurisdiction_id") or "").strip()
    if value and value.lower() != jurisdiction_id().lower():
        raise Open311Error(404, _("Jurisdictie '%(value)s' bestaat hier niet. Laat jurisdiction_id weg of "
                                  "gebruik '%(ours)s'.") % {"value": value, "ours": jurisdiction_id()})


def _list(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def parse_datetime(name: str, value: str) -> datetime:
    text = value.strip()
    parsed = None
    if _W3C_DATETIME.fullmatch(text):
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            parsed = None  # e.g. 2026-02-30
    if parsed is None:
        raise Open311Error(400, _("%(name)s is geen geldige datum en tijd. Gebruik het W3C-formaat met een "
                                  "tijdzone, bijvoorbeeld 2026-01-31T08:00:00+01:00 of 2026-01-31T07:00:00Z.")
                           % {"name": name})
    return parsed


@dataclass
class RequestQuery:
    """The filters of GET requests.{fmt}; see ``read_query`` for the defaults."""

    ids: list[str] = field(default_factory=list)
    service_codes: list[str] = field(default_factory=list)
    start: datetime | None = None
    end: datetime | None = None
    statuses: list[str] = field(default_factory=list)


def read_query(params, *, now: datetime | None = None) -> RequestQuery:
    """Read the filters. Empty arguments count as absent (the spec asks for the same answer).

    ``service_request_id`` overrides every other filter. ``start_date``/``end_date`` are inclusive bounds
    on ``requested_datetime``; a missing bound lies 90 days from the other one (``end_date`` defaults to
    now when neither is given), and the span may not exceed 90 days.
    """
    ids = _list(params.get("service_request_id"))
    if ids:
        return RequestQuery(ids=ids[:MAX_RESULTS])
    now = now or timezone.now()
    statuses = [status.lower() for status in _list(params.get("status"))]
    unknown = [status for status in statuses if status not in STATUSES]
    if unknown:
        raise Open311Error(400, _("Onbekende status '%(status)s'. Gebruik open, closed of open,closed.")
                           % {"status": ",".join(unknown)})
    start_text = (params.get("start_date") or "").strip()
    end_text = (params.get("end_date") or "").strip()
    start = parse_datetime("start_date", start_text) if start_text else None
    end = parse_datetime("end_date", end_text) if end_text else None
    if start is None and end is None:
        end = now
    if start is None:
        start = end - MAX_SPAN
    if end is None:
        end = start + MAX_SPAN
    if end < start:
        raise Open311Error(400, _("end_date ligt vóór start_date. Wissel ze om."))
    if end - start > MAX_SPAN:
        raise Open311Error(400, _("De periode tussen start_date en end_date mag hoogstens 90 dagen zijn."))
    return RequestQuery(service_codes=_list(params.get("service_code")), start=start, end=end,
                        statuses=sorted(set(statuses)))


def service_category(service_code: str) -> Category | None:
    """The public, active category behind a service code (its slug), or ``None``."""
    category = Category.objects.filter(slug=service_code, is_public=True, is_active=True).first()
    if category is None or not category.allows(Kind.REPORT):
        return None
    return category


@dataclass
class NewRequest:
    category: Category
    description: str
    latitude: float
    longitude: float
    address: str = ""
    reporter_name: str = ""
    reporter_email: str = ""
    reporter_phone: str = ""


def _coordinate(value: str, name: str, limit: float, problems: list[str]) -> float | None:
    try:
        number = geo.parse_coordinate(value)
    except ValueError:
        number = None
    if number is None or abs(number) > limit:
        problems.append(_("%(name)s is geen geldige WGS84-coördinaat (decimale graden, bijvoorbeeld 51.03).")
                        % {"name": name})
        return None
    return number


def _location(data, problems: list[str]) -> tuple[float | None, float | None, str]:
    """lat+long (both), or an address_string we can find in the city. Returns (lat, long, address)."""
    lat_text = (data.get("lat") or "").strip()
    long_text = (data.get("long") or "").strip()
    address_text = (data.get("address_string") or "").strip()
    if lat_text or long_text:
        if not (lat_text and long_text):
            problems.append(_("Geef zowel lat als long op (WGS84), of alleen een adres in address_string."))
            return None, None, ""
        lat = _coordinate(lat_text, "lat", 90, problems)
        lon = _coordinate(long_text, "long", 180, problems)
        if lat is None or lon is None:
            return None, None, ""
        if not geo.inside_city(lat, lon):
            problems.append(_("Deze plaats ligt buiten %(city)s. We kunnen alleen meldingen binnen de stad "
                              "behandelen.") % {"city": settings.CITY_NAME})
            return None, None, ""
        if address_text:
            return lat, lon, address_text[:300]
        place = geo.reverse_geocode(lat, lon)
        return lat, lon, place.label if place else ""
    if address_text:
        place = geo.geocode(address_text)
        if place is None:
            problems.append(_("We vinden het adres '%(address)s' niet in %(city)s. Controleer de straatnaam of "
                              "stuur lat en long mee.") % {"address": address_text[:200], "city": settings.CITY_NAME})
            return None, None, ""
        return place.lat, place.lon, place.label
    if (data.get("address_id") or "").strip():
        problems.append(_("address_id wordt hier niet ondersteund. Stuur lat en long, of een adres in "
                          "address_string."))
        return None, None, ""
    problems.append(_("Geef de plaats op: lat en long (WGS84), of een adres in address_string."))
    return None, None, ""


def read_new_request(data) -> NewRequest:
    """Read the POST form (already checked for a valid api_key).

    Our policies beyond the spec: ``description`` is required (the desk needs to know what is wrong);
    ``media_url`` and ``attribute[…]`` are ignored (we never fetch remote URLs; our services have no
    attributes); ``device_id`` and ``account_id`` are ignored.
    """
    service_code = (data.get("service_code") or "").strip()
    if not service_code:
        raise Open311Error(400, _("service_code ontbreekt. Kies een dienst uit services.xml."))
    category = service_category(service_code)
    if category is None:
        raise Open311Error(404, _("Dienst '%(code)s' bestaat niet. Kies een dienst uit services.xml.")
                           % {"code": service_code[:60]})
    problems: list[str] = []
    lat, lon, address = _location(data, problems)
    description = (data.get("description") or "").strip()
    if not description:
        problems.append(_("description ontbreekt. Beschrijf kort wat er aan de hand is."))
    elif len(description) > MAX_DESCRIPTION:
        problems.append(_("description is te lang: maximaal %(limit)s tekens.") % {"limit": MAX_DESCRIPTION})
    email = (data.get("email") or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems.append(_("email is geen geldig e-mailadres."))
    phone = (data.get("phone") or "").strip()
    if len(phone) > 40:
        problems.append(_("phone is te lang: maximaal 40 tekens."))
    name = " ".join(part for part in ((data.get("first_name") or "").strip(), (data.get("last_name") or "").strip())
                    if part)
    if len(name) > 200:
        problems.append(_("first_name en last_name zijn samen te lang: maximaal 200 tekens."))
    if problems:
        raise Open311Error(400, *problems)
    return NewRequest(category=category, description=description, latitude=lat, longitude=lon, address=address,
                      reporter_name=name, reporter_email=email, reporter_phone=phone)


def is_form(content_type: str) -> bool:
    return content_type in FORM_CONTENT_TYPES

