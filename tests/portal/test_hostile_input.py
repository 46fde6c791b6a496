"""The hostile walk: every URL pattern, as every role, with hostile values, never answers 500.

Every route from the resolver is opened as anonymous, a signed-in resident and each staff role, with a
hostile value in every path converter it accepts (a plain value where the converter refuses it) and in
the common query parameters; routes that take POST get the same values as form fields. Any answer is
fine (2xx, 3xx, 4xx) except a server error: the test fails with the list of (role, method, url, status).
Django's test client is enough (no browser); the request exceptions become 500 answers that are counted.
"""
from __future__ import annotations

import re
import time
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import get_converters
from django.urls.resolvers import RoutePattern

from identity.staff import roles
from tests.factories.identity import ResidentFactory, StaffUserFactory

NUL = "\x00"
LONG_DIGITS = "9" * 10_000
OVERLONG = "a" * 5_000
HOSTILE = (NUL, "²", "٣", LONG_DIGITS, "9999-12-31", "-1", OVERLONG, "99999999999999999999")
# The query parameters and form fields the views read (lists, filters, reports, the chat, the map).
PARAMS = ("page", "after", "van", "tot", "department", "dienst", "category", "categorie", "status",
          "state", "q", "bbox", "week", "weeks", "weken", "onderwerp", "tevreden", "kind", "assignee", "code",
          "lat", "lon", "latitude", "longitude", "service_code", "start_date", "end_date", "jurisdiction_id",
          "body", "text", "email", "number", "channel", "priority", "next", "language", "token")
PLAIN = {"int": "1", "str": "x", "slug": "x", "path": "x", "uuid": "00000000-0000-0000-0000-000000000001"}
ANONYMOUS, RESIDENT = "anonymous", "resident"
STAFF_ROLES = (roles.DESK_AGENT, roles.DEPARTMENT_STAFF, roles.CIVIL_AFFAIRS, roles.ADMINISTRATOR,
               roles.VOLUNTEER, roles.COMMUNICATION)
POST_ROLES = (ANONYMOUS, RESIDENT, roles.DESK_AGENT, roles.ADMINISTRATOR)
# Public and resident pages look the same to every member of staff: one staff role walks them.
PUBLIC_ROLES = (ANONYMOUS, RESIDENT, roles.DESK_AGENT)
STAFF_AREAS = ("balie/", "helpen/", "admin/")
# Left out: Django's admin beyond its index (its own forms for every model) and the static files view.
SKIPPED_PREFIXES = ("admin/", "static/", "^static/")
CONVERTER = re.compile(r"<(?:(?P<kind>[^>:]+):)?(?P<name>[^>]+)>")


def route_patterns() -> list[str]:
    """Every path() pattern of the project as one string ("balie/desk/<int:pk>/"); regex patterns are left out."""
    found: list[str] = []

    def walk(resolver, prefix):
        for pattern in resolver.url_patterns:
            if not isinstance(pattern.pattern, RoutePattern) and str(pattern.pattern) not in ("", "^"):
                continue
            route = prefix + str(pattern.pattern).lstrip("^")
            if isinstance(pattern, URLResolver):
                walk(pattern, route)
            elif isinstance(pattern, URLPattern) and not route.startswith(SKIPPED_PREFIXES):
                found.append(route)

    walk(get_resolver(), "")
    return sorted(set(found)) + ["admin/"]


def hostile_urls(route: str, known: dict[str, str]) -> list[str]:
    """The route with each hostile value in its converters (where they accept it; else a plain or known
    value, such as a real case reference) and in the query."""
    converters = get_converters()
    urls = []
    for value in HOSTILE:
        def fill(match, value=value):
            kind = match["kind"] or "str"
            if re.fullmatch(converters[kind].regex, value):
                return quote(value, safe="")
            return known.get(match["name"], PLAIN[kind])

        query = "&".join(f"{name}={quote(value, safe='')}" for name in PARAMS)
        urls.append(f"/{CONVERTER.sub(fill, route)}?{query}")
    return urls


def signed_in_clients() -> dict[str, Client]:
    """A client per role: anonymous, a resident, and each staff role with a verified second factor."""
    from desk.models import Department

    clients = {ANONYMOUS: Client(raise_request_exception=False)}
    resident = Client(raise_request_exception=False)
    resident.force_login(ResidentFactory().user)
    clients[RESIDENT] = resident
    for role in STAFF_ROLES:
        user = StaffUserFactory(role=role, is_superuser=role == roles.ADMINISTRATOR)
        if role == roles.DEPARTMENT_STAFF:
            Department.objects.order_by("pk").first().members.add(user)
        client = Client(raise_request_exception=False)
        client.force_login(user)
        session = client.session
        session["otp_device_id"] = user.totpdevice_set.get().persistent_id
        session.save()
        clients[role] = client
    return clients


@pytest.mark.django_db
def test_no_hostile_value_costs_a_server_error(settings):
    from django.core.cache import cache

    from desk.demo_cases import load_demo_cases
    from desk.models import Case

    settings.CHAT_STREAM_LIFETIME = 0
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    load_demo_cases(count=8)  # the desk configuration and a few cases: pk 1 exists for most models
    clients = signed_in_clients()
    routes = route_patterns()
    form = {name: "" for name in PARAMS}
    failures, requests, started = [], 0, time.monotonic()
    known = {"reference": Case.objects.order_by("pk").first().reference, "type_code": "household_composition",
             "step": "voor-wie"}
    for route in routes:
        cache.clear()  # throttles would answer 429 before the view reads anything
        walkers = clients if route.startswith(STAFF_AREAS) else {role: clients[role] for role in PUBLIC_ROLES}
        for url in hostile_urls(route, known):
            value = url.rsplit("=", 1)[-1]
            for role, client in walkers.items():
                response = client.get(url)
                requests += 1
                if is_server_error(response):
                    failures.append((role, "GET", url[:160], response.status_code))
                if role not in POST_ROLES or response.status_code == 404:
                    continue
                response = client.post(url.split("?")[0], {name: _unquoted(value) for name in form})
                requests += 1
                if is_server_error(response):
                    failures.append((role, "POST", url[:160], response.status_code))
    elapsed = time.monotonic() - started
    print(f"\nhostile walk: {len(routes)} routes × {len(clients)} roles (public pages: {len(PUBLIC_ROLES)}) × "
          f"{len(HOSTILE)} values: "
          f"{requests} requests in {elapsed:.1f} s")
    assert not failures, "Server errors on hostile input:\n" + "\n".join(map(str, failures))


def is_server_error(response) -> bool:
    """A 500 (or any 5xx but 503: signing in needs the identity provider, which the tests do not run)."""
    return response.status_code >= 500 and response.status_code != 503


def _unquoted(value: str) -> str:
    from urllib.parse import unquote

    return unquote(value)
